// The benchmarks welfare is measured against: the ex-ante LP (exact over finite supports,
// else the empirical LP of `samples` draws per class — then biased upwards and marked
// sampled), and the hindsight optimum of one realized run (integer program) with its LP
// relaxation.
import type { Rng } from "../engine/rng.js";
import type { PricingInstance, RealizedAgent } from "./model.js";
import { solveRequestLp, type RequestLpSolution, type WeightedRequest } from "./request-lp.js";

/** Draws per class for the ex-ante LP of an instance given by samplers. */
export const EX_ANTE_SAMPLES = 200;

export function exAnteItems(
  inst: PricingInstance,
  rng: Rng,
  samples = EX_ANTE_SAMPLES,
): WeightedRequest[] {
  const items: WeightedRequest[] = [];
  for (const c of inst.classes) {
    if (c.support) {
      for (const p of c.support)
        if (p.probability > 0) items.push({ weight: c.count * p.probability, request: p.request });
    } else {
      for (let s = 0; s < samples; s++)
        items.push({ weight: c.count / samples, request: c.sample!(rng) });
    }
  }
  return items;
}

export interface ExAnteLp extends RequestLpSolution {
  exact: boolean;
  items: WeightedRequest[];
}

export async function exAnteLp(
  inst: PricingInstance,
  rng: Rng,
  samples = EX_ANTE_SAMPLES,
): Promise<ExAnteLp> {
  const items = exAnteItems(inst, rng, samples);
  const sol = await solveRequestLp(items, inst.supplies, { field: "exAnteLp" });
  return { ...sol, exact: inst.classes.every((c) => !!c.support), items };
}

/** Hindsight optimum (integer) or its LP relaxation for one realized run. */
export async function hindsight(
  inst: PricingInstance,
  agents: readonly RealizedAgent[],
  integer: boolean,
): Promise<number> {
  const items = agents.map((a) => ({ weight: 1, request: a.request }));
  return (await solveRequestLp(items, inst.supplies, { integer, field: "--hindsight" })).value;
}
