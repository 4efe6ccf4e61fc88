// Exact dynamic programming for single-item allocation problems whose agents are independent
// Markov "arms": each period the principal gives the one good to at most one agent (the
// `realized` semantics of Inverse Games App. D.2), collects a per-agent reward that depends only on that
// agent's own (augmented) state, and every agent's state then moves by its own kernel, which
// depends on whether it consumed. Both the Pavan–Segal–Toikka virtual surplus (reward =
// virtual value − cost) and first-best welfare (reward = value − cost) are instances.
//
//   V_τ(s_1..s_n) = max( E[γ V_{τ+1}(s' | nobody)],
//                        max_i r_i(s_i) + E[γ V_{τ+1}(s' | i consumes)] ),   V_T ≡ 0.
//
// Joint states are enumerated lazily and memoised by key, so only reachable states are visited.
import type { Weighted } from "../problems/types.js";
import { product } from "../evaluation/enumerate.js";

/** One agent's process as the DP sees it. S is whatever state the reward needs. */
export interface Arm<S> {
  initial(): Weighted<S>[];
  /** Reward to the principal when this agent receives the good in state s. */
  reward(s: S): number;
  /** Distribution of the next state given whether the agent consumed this period. */
  next(s: S, consumed: boolean): Weighted<S>[];
  /** Identifies s for memoisation (equal keys ⇒ equal futures). */
  key(s: S): string;
}

export interface ArmDpResult {
  /** Optimal expected discounted reward, ex ante. */
  value: number;
  /** Number of distinct (period, joint state) pairs visited. */
  states: number;
}

/** Largest number of memoised (period, joint state) pairs before we refuse (memory guard). */
export const ARM_DP_STATE_LIMIT = 3_000_000;

export function solveArmDp<S>(arms: Arm<S>[], horizon: number, discount: number): ArmDpResult {
  const n = arms.length;
  const memo = new Map<string, number>();
  // Transitions per agent state are reused across many joint states: cache them.
  const nextCache = arms.map(() => new Map<string, [Weighted<S>[], Weighted<S>[]]>());
  const nextOf = (i: number, s: S, consumed: boolean): Weighted<S>[] => {
    const k = arms[i].key(s);
    let hit = nextCache[i].get(k);
    if (!hit) {
      hit = [arms[i].next(s, false), arms[i].next(s, true)];
      nextCache[i].set(k, hit);
    }
    return hit[consumed ? 1 : 0];
  };

  const value = (tau: number, states: S[]): number => {
    if (tau >= horizon) return 0;
    const key = `${tau}|${states.map((s, i) => arms[i].key(s)).join("|")}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    if (memo.size >= ARM_DP_STATE_LIMIT) {
      throw new RangeError(`arm DP: more than ${ARM_DP_STATE_LIMIT} states; use a smaller problem`);
    }
    const continuation = (winner: number): number => {
      if (tau + 1 >= horizon) return 0;
      let v = 0;
      for (const b of product(states.map((s, i) => nextOf(i, s, i === winner)))) {
        v += b.p * value(tau + 1, b.value);
      }
      return discount * v;
    };
    let best = continuation(-1); // nobody gets the good
    for (let i = 0; i < n; i++) {
      const v = arms[i].reward(states[i]) + continuation(i);
      if (v > best) best = v;
    }
    memo.set(key, best);
    return best;
  };

  let total = 0;
  for (const b of product(arms.map((a) => a.initial()))) total += b.p * value(0, b.value);
  return { value: total, states: memo.size };
}
