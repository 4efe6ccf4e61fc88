// Revenue of running the static Myerson auction for the initial value distribution in every
// period and for every good (src/mechanisms/myerson.ts) while buyers report truthfully.
// Exact by enumeration for discrete problems, sampled with a standard error otherwise; both
// through the evaluators of src/evaluation. Each period's auction is ex-post IR for truthful
// buyers, so interim IR holds; dynamic IC is NOT implied (a buyer may bid to change how her
// value evolves), which `mechlab evaluate --mechanism myerson` measures.
import { exact, type Measured } from "../core/measured.js";
import { myerson } from "../mechanisms/myerson.js";
import { evaluateTruthfulSampled } from "../evaluation/sampled.js";
import { evaluateTruthfulExact } from "../evaluation/truthful-exact.js";
import { isDiscrete, type DynamicProblem } from "../problems/types.js";

export function staticMyersonRevenue(
  problem: DynamicProblem,
  opts: { seed: number; samples: number },
): Measured {
  const mech = myerson(problem, {});
  if (isDiscrete(problem)) return exact(evaluateTruthfulExact(problem, mech).revenue);
  return evaluateTruthfulSampled(problem, mech, opts.samples, opts.seed).revenue;
}
