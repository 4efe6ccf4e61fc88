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
import { exactEvaluationSize } from "../evaluation/exact-size.js";
import { MIN_DEFAULT_SAMPLES, SAMPLED_WORK_TARGET } from "../evaluation/sampled-size.js";
import { isDiscrete, type DynamicProblem } from "../problems/types.js";

/** Outcome calls of truthful enumeration above which the revenue is sampled instead. */
const TRUTHFUL_WORK_LIMIT = 5e7;

/** Trajectories used: the requested number, fewer when that would take more than seconds. */
export const staticMyersonSamples = (problem: DynamicProblem, samples: number) =>
  Math.min(
    samples,
    Math.max(
      MIN_DEFAULT_SAMPLES,
      Math.floor(SAMPLED_WORK_TARGET / (problem.agents * problem.horizon * problem.goods)),
    ),
  );

export function staticMyersonRevenue(
  problem: DynamicProblem,
  opts: { seed: number; samples: number },
): Measured {
  const mech = myerson(problem, {});
  // Truthful enumeration only (no deviations): 1/(n+1) of the exact evaluation's work.
  const { work } = exactEvaluationSize(problem, mech);
  if (isDiscrete(problem) && work / (problem.agents + 1) <= TRUTHFUL_WORK_LIMIT)
    return exact(evaluateTruthfulExact(problem, mech).revenue);
  return evaluateTruthfulSampled(
    problem,
    mech,
    staticMyersonSamples(problem, opts.samples),
    opts.seed,
  ).revenue;
}
