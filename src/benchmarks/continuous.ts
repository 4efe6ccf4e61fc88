// Benchmarks for the continuous single-item bandit auction (logit random walk, Inverse Games App.
// Table 2) by grid DP: for each pair of initial values on an equal-probability quadrature
// (midpoints of B quantile bins), an exact-on-the-grid DP over the buyers' logit values,
// then the average over pairs. The rewards (docs/benchmarks-derivation.md §3):
//   PST (exact impulse response): ψ = v_τ − (1 − F(v_0))/f(v_0) · v_τ(U − v_τ)/(v_0(U − v_0)),
//     since v = U·sigmoid(s) and s_τ = s_0 + shocks give ∂v_τ/∂v_0 = v_τ(U − v_τ)/(v_0(U − v_0));
//   PST constant handicap: ψ = v_τ − (1 − F(v_0))/f(v_0);
//   first-best: v_τ.
import { UsageError } from "../core/errors.js";
import { BanditAuction } from "../problems/bandit-auction.js";
import type { DynamicProblem } from "../problems/types.js";
import {
  LogitKernel,
  quantile,
  solveLogitDp,
  type GridSpec,
  type LogitWalkModel,
  type RewardFn,
} from "./logit-walk-dp.js";

export interface ContinuousGrid extends GridSpec {
  /** Quadrature nodes for each buyer's initial value. */
  bins: number;
}

export const DEFAULT_CONTINUOUS_GRID: ContinuousGrid = { bins: 16, points: 121, span: 5 };

export interface ContinuousModel {
  model: LogitWalkModel;
  /** Inverse hazard (1 − F)/f of the initial value. */
  inverseHazard(v0: number): number;
}

/** The logit-walk model of a continuous bandit auction, or a UsageError saying why not. */
export function logitWalkModel(problem: DynamicProblem): ContinuousModel {
  if (!(problem instanceof BanditAuction) || problem.kind !== "continuous") {
    throw new UsageError(
      "--problem",
      "the logit-walk benchmarks need bandit-auction(values=continuous)",
    );
  }
  const marg = problem.initialMarginal(0);
  if (marg.kind !== "continuous") throw new UsageError("--problem", "needs a continuous prior");
  const upper = problem.params.upper as number;
  return {
    model: {
      upper,
      horizon: problem.horizon,
      discount: problem.discount,
      cost: problem.cost(0, 0),
      cdf: marg.cdf,
      lo: marg.lo,
      hi: marg.hi,
      // Table 2: σ = 1/(1 + α) on consumption, α = ½ × consumptions including this one
      // (the `realized` semantics of src/problems/bandit-auction.ts).
      sigma: (c) => 1 / (1 + 0.5 * c),
    },
    inverseHazard: (v0) => (1 - marg.cdf(v0)) / Math.max(marg.pdf(v0), 1e-300),
  };
}

export function pstImpulseReward(cm: ContinuousModel): RewardFn {
  const U = cm.model.upper;
  return (v0, v) => v - (cm.inverseHazard(v0) * v * (U - v)) / (v0 * (U - v0));
}

export function pstConstantReward(cm: ContinuousModel): RewardFn {
  return (v0, v) => v - cm.inverseHazard(v0);
}

export const welfareReward: RewardFn = (_v0, v) => v;

/** Ex-ante optimum of Σ γ^τ reward over allocation policies, by grid DP and quadrature. */
export function continuousOptimum(
  cm: ContinuousModel,
  agents: number,
  reward: RewardFn,
  grid: ContinuousGrid = DEFAULT_CONTINUOUS_GRID,
): number {
  const { model } = cm;
  const kernel = new LogitKernel(model, grid);
  const B = grid.bins;
  const nodes = Array.from({ length: B }, (_, b) =>
    kernel.arm(quantile(model.cdf, model.lo, model.hi, (b + 0.5) / B)),
  );
  if (agents === 1) return nodes.reduce((a, arm) => a + solveLogitDp([arm], reward, model), 0) / B;
  if (agents !== 2) throw new RangeError("continuous benchmarks support 1 or 2 agents");
  // Buyers are exchangeable: V(a, b) = V(b, a), so visit each unordered pair once.
  let total = 0;
  for (let a = 0; a < B; a++) {
    for (let b = a; b < B; b++) {
      const v = solveLogitDp([nodes[a], nodes[b]], reward, model);
      total += (a === b ? 1 : 2) * v;
    }
  }
  return total / (B * B);
}
