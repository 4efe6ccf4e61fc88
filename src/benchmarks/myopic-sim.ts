// Monte Carlo value of the myopic virtual-value policy in the exact continuous model (with the
// drift of buyers who do not consume): each period the good goes to the buyer with the
// highest virtual value if it is positive. It is a feasible allocation policy, so its
// expected virtual surplus is a lower bound on the relaxed optimum that the grid DP
// approximates — an independent check of the DP with a standard error.
import { meanStderr, type Measured } from "../core/measured.js";
import { Rng } from "../engine/rng.js";
import { trajectorySeed } from "../evaluation/simulate.js";
import type { DynamicProblem } from "../problems/types.js";
import type { RewardFn } from "./logit-walk-dp.js";

export function myopicVirtualSurplus(
  problem: DynamicProblem,
  reward: RewardFn,
  samples: number,
  seed: number,
): Measured {
  const n = problem.agents;
  const out = new Float64Array(samples);
  for (let k = 0; k < samples; k++) {
    const rng = new Rng(trajectorySeed(seed, k));
    let states = Array.from({ length: n }, (_, i) => problem.sampleInitial(i, rng));
    const v0 = states.map((s) => s.values[0]);
    let total = 0;
    let disc = 1;
    for (let tau = 0; tau < problem.horizon; tau++) {
      let winner = -1;
      let best = 0;
      for (let i = 0; i < n; i++) {
        const psi = reward(v0[i], states[i].values[0]) - problem.cost(i, 0);
        if (psi > best) {
          best = psi;
          winner = i;
        }
      }
      total += disc * best;
      states = states.map((s, i) => problem.sampleTransition(i, s, [i === winner ? 1 : 0], rng));
      disc *= problem.discount;
    }
    out[k] = total;
  }
  return meanStderr(out);
}
