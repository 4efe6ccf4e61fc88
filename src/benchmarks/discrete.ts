// Exact benchmarks for discrete single-good bandit auctions (`realized` semantics), by the
// arm DP of arm-dp.ts over the buyers' joint state (docs/benchmarks-derivation.md §2).
import type { DynamicProblem, Weighted, AgentState } from "../problems/types.js";
import { stateKey } from "../problems/types.js";
import { solveArmDp, type Arm } from "./arm-dp.js";
import {
  constantHandicapArm,
  discretePrior,
  impulseResponseArm,
  type TwinMode,
} from "./discrete-handicap.js";

const arms = <S>(problem: DynamicProblem, make: (i: number) => Arm<S>) =>
  Array.from({ length: problem.agents }, (_, i) => make(i));

/** (a) PST virtual surplus with the constant handicap η(θ_0) (impulse response ≡ 1). */
export function pstConstantDiscrete(problem: DynamicProblem): number {
  const a = arms(problem, (i) => constantHandicapArm(problem, i));
  return solveArmDp(a, problem.horizon, problem.discount).value;
}

/** (b) PST relaxed bound with the finite-difference impulse response (coupling `mode`). */
export function pstRelaxedDiscrete(problem: DynamicProblem, mode: TwinMode = "comonotone"): number {
  const a = arms(problem, (i) => impulseResponseArm(problem, i, mode));
  return solveArmDp(a, problem.horizon, problem.discount).value;
}

/**
 * One buyer's value for good j as an arm with reward v − c_ij: the other goods are held at a
 * fixed value and never consumed, which leaves good j's process unchanged when each good's
 * value moves only with its own consumption (true of bandit auctions, Inverse Games App. D.2).
 */
function goodArm(problem: DynamicProblem, i: number, j: number): Arm<AgentState> {
  const m = problem.goods;
  const prior = discretePrior(problem, i);
  const only = new Float64Array(m);
  only[j] = 1;
  const none = new Float64Array(m);
  const cost = problem.cost(i, j);
  return {
    initial: (): Weighted<AgentState>[] =>
      prior.probs
        .map((p, k) => {
          const values = new Float64Array(m).fill(prior.grid[0]);
          values[j] = prior.grid[k];
          return { p, value: { values, consumed: new Float64Array(m) } };
        })
        .filter((w) => w.p > 0),
    reward: (s) => s.values[j] - cost,
    next: (s, c) => problem.transitionStates!(i, s, c ? only : none),
    key: stateKey,
  };
}

/**
 * First-best: max expected discounted welfare Σ γ^τ Σ_j (v_{w_j τ} − c) over allocation
 * policies that see true types. Goods are allocated and evolve independently, so the optimum
 * is the sum of per-good optima.
 */
export function firstBestDiscrete(problem: DynamicProblem): number {
  let total = 0;
  for (let j = 0; j < problem.goods; j++) {
    const a = arms(problem, (i) => goodArm(problem, i, j));
    total += solveArmDp(a, problem.horizon, problem.discount).value;
  }
  return total;
}
