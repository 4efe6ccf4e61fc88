// The NPG designers' starting payments. The starting allocation is the table designers' shared
// one (../start-allocation.ts: a history-independent mechanism's allocation rule, ties split,
// to the lowest index, or to the smallest PST handicap); the payments start at zero or at the
// start's own prices (`startPayments`: each agent's price per unit of the good, times its
// allocation after the ties are broken). Starting points only: the designers then move
// allocation and payments by their own steps.
import { buildMechanism } from "../../mechanisms/registry.js";
import type { DynamicProblem } from "../../problems/types.js";
import type { CompiledGame } from "../compiled-game/compiled-game.js";
import { rowReports } from "../start-allocation.js";

export const START_PAYMENTS = ["zero", "start"] as const;
export type StartPayments = (typeof START_PAYMENTS)[number];

/**
 * Payments of the single-good table with allocation `x` at the start mechanism's prices: in every
 * row, agent i pays (its payment / its share of the good under `start`) × x_i — so a tie given
 * whole to one agent makes it pay the whole price; zero where `start` gives i nothing.
 */
export function startPayments(
  problem: DynamicProblem,
  g: CompiledGame,
  start: string,
  x: Float64Array,
): Float64Array {
  const mech = buildMechanism(start, problem, "--designer start");
  const n = g.n;
  const p = new Float64Array(g.rowKeys.length * n);
  g.rowKeys.forEach((key, r) => {
    const o = mech.outcome([], rowReports(key));
    for (let i = 0; i < n; i++)
      if (o.alloc[i] > 0) p[r * n + i] = (o.payments[i] / o.alloc[i]) * x[r * (n + 1) + i];
  });
  return p;
}
