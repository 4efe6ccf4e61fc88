// Interim utilities on a grid of initial types, for continuous problems (issue: "interim IR …
// for continuous problems on a grid of initial types"). For each agent and each grid value x
// (quantiles of the agent's initial prior), the truthful utility is averaged over
// trajectories in which that agent's initial value is x for every good and everything else
// (the others' types, all later draws) is sampled. The grid value replaces the sampled one
// after the draw is made, so every grid point sees the same nature draws (common random
// numbers) and the utilities are smooth in x.
import { truthful } from "../agents/strategy.js";
import { meanStderr, type Measured } from "../core/measured.js";
import type { Mechanism } from "../mechanisms/types.js";
import type { AgentState, DynamicProblem } from "../problems/types.js";
import type { Rng } from "../engine/rng.js";
import { quantile } from "../core/quantile.js";
import { simulate, trajectorySeed } from "./simulate.js";
import type { InitialTypeUtility } from "./evaluate.js";

/** Default quantiles of the initial prior at which interim IR is checked. */
export const INTERIM_QUANTILES = [0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999];

/** The problem with agent i's initial values fixed at x (drawn, then replaced). */
function withInitialValue(problem: DynamicProblem, agent: number, x: number): DynamicProblem {
  const p = Object.create(problem) as DynamicProblem;
  p.sampleInitial = (i: number, rng: Rng): AgentState => {
    const s = problem.sampleInitial(i, rng);
    if (i === agent) s.values.fill(x);
    return s;
  };
  return p;
}

export function interimUtilityGrid(
  problem: DynamicProblem,
  mech: Mechanism,
  opts: { samples: number; seed: number; quantiles?: number[]; onPoint?: () => void },
): { byAgent: InitialTypeUtility[][]; min: Measured } {
  const qs = opts.quantiles ?? INTERIM_QUANTILES;
  const n = problem.agents;
  const strategies = Array.from({ length: n }, () => truthful);
  let min: Measured | undefined;
  const byAgent = Array.from({ length: n }, (_, i) => {
    const marg = problem.initialMarginal(i);
    if (marg.kind !== "continuous")
      throw new RangeError("interimUtilityGrid is for continuous initial values");
    return qs.map((q) => {
      const x = quantile(marg.cdf, marg.lo, marg.hi, q);
      const fixed = withInitialValue(problem, i, x);
      const u = new Float64Array(opts.samples);
      for (let k = 0; k < opts.samples; k++)
        u[k] = simulate(fixed, mech, strategies, trajectorySeed(opts.seed, k)).utility[i];
      const utility = meanStderr(u);
      if (!min || utility.value < min.value) min = utility;
      opts.onPoint?.();
      return { type: Array.from({ length: problem.goods }, () => x), quantile: q, utility };
    });
  });
  return { byAgent, min: min! };
}
