// Job kind `pricing`: `mechlab pricing --json` as a job (learn item prices, deploy them, compare
// with the hindsight optimum and the ex-ante LP). Instances by generator name only: an instance
// file on the submitter's disk is not on a worker's.
import { z } from "zod";
import { pricingAlgorithms } from "../../pricing/algorithms/registry.js";
import { evaluatePricing, HINDSIGHT, type PricingResult } from "../../pricing/evaluate.js";
import { pricingInstances } from "../../pricing/generators/registry.js";
import { ORDERS } from "../../pricing/orders.js";
import type { JobKind } from "../job-kind.js";
import { int } from "./schema-parts.js";
import { JOB_KIND_SUMMARIES } from "./catalog.js";

const schema = z
  .object({
    instance: z.string(),
    algorithm: z.string().default("anonymous-random"),
    order: z.enum(ORDERS).default("random"),
    runs: int(1, 100_000).default(10),
    seed: int(0, 2 ** 31 - 1).default(0),
    hindsight: z.enum(HINDSIGHT).default("ip"),
  })
  .strict();
type Params = z.infer<typeof schema>;

function build(p: Params) {
  const built = pricingInstances.build(p.instance, "instance");
  return {
    instance: { ...built.value, name: built.name },
    algorithm: pricingAlgorithms.build(p.algorithm, "algorithm"),
  };
}

export const pricingKind: JobKind = {
  name: "pricing",
  summary: JOB_KIND_SUMMARIES.pricing,
  schema: schema as unknown as JobKind["schema"],
  check: (p) => void build(p as Params),
  async run(raw) {
    const p = raw as Params;
    const { instance, algorithm } = build(p);
    const result = await evaluatePricing({
      instance,
      algorithm: algorithm.value,
      algorithmName: algorithm.name,
      order: p.order,
      runs: p.runs,
      seed: p.seed,
      hindsight: p.hindsight,
    });
    return { result, files: {} };
  },
  // Seconds per run are timings, not results: not averaged (and not equal across machines).
  metrics(result) {
    const r = result as PricingResult;
    const out: Record<string, number> = { welfare: r.welfare.value, revenue: r.revenue.value };
    if (r.ratioToHindsight) out["welfare/hindsight"] = r.ratioToHindsight.value;
    out["welfare/ex-ante-lp"] = r.ratioToExAnteLp.value;
    return out;
  },
};
