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
import { TooLargeError } from "../core/errors.js";
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

/**
 * Work (joint states × continuations × joint next states) refused up front: about a minute and a
 * half on the shared development machine (docs/limits.md).
 */
export const ARM_DP_WORK_LIMIT = 3e7;

/**
 * Size of the DP before any work: each arm's reachable states per period are enumerated alone
 * (cheap), with how often the agent has consumed on the way; since at most one agent consumes
 * per period, the joint states at period τ are at most Σ over counts c_1 + … + c_n ≤ τ of the
 * product of the arms' state counts with those counts (a convolution). Work: per joint state,
 * n + 1 continuations, each over the product of the agents' next-state distributions.
 */
export function armDpSize<S>(
  arms: Arm<S>[],
  horizon: number,
): { states: number; work: number; partial: boolean } {
  const n = arms.length;
  // Per arm: key → [state, set of consumption counts reaching it].
  type Layer = Map<string, [S, Set<number>]>;
  let layer: Layer[] = arms.map(
    (a) => new Map(a.initial().map((w) => [a.key(w.value), [w.value, new Set([0])]])),
  );
  let states = 0;
  let work = 0;
  for (let tau = 0; tau < horizon; tau++) {
    // Joint count with Σ c_i ≤ τ: convolve the arms' per-count state numbers.
    let joint = [1];
    for (const l of layer) {
      const byCount = new Array<number>(tau + 1).fill(0);
      for (const [, cs] of l.values()) for (const c of cs) byCount[c] += 1;
      const out = new Array<number>(tau + 1).fill(0);
      joint.forEach((x, a) => byCount.forEach((y, b) => a + b <= tau && (out[a + b] += x * y)));
      joint = out;
    }
    const count = joint.reduce((x, y) => x + y, 0);
    // Past a limit the rest of the count cannot change the answer: stop (a lower bound).
    if (states + count > ARM_DP_STATE_LIMIT || work > ARM_DP_WORK_LIMIT)
      return { states: states + count, work: Math.max(work, count * (n + 1)), partial: true };
    let branching = 1;
    const next = arms.map((a, i): Layer => {
      const out: Layer = new Map();
      let widest = 1;
      for (const [s, cs] of layer[i].values())
        for (const consumed of [false, true]) {
          const d = a.next(s, consumed);
          widest = Math.max(widest, d.length);
          for (const w of d) {
            const k = a.key(w.value);
            const entry = out.get(k) ?? [w.value, new Set<number>()];
            for (const c of cs)
              if (c + (consumed ? 1 : 0) <= tau + 1) entry[1].add(c + (consumed ? 1 : 0));
            out.set(k, entry);
          }
        }
      branching *= widest;
      return out;
    });
    states += count;
    work += count * (n + 1) * (tau + 1 < horizon ? branching : 1);
    layer = next;
  }
  return { states, work, partial: false };
}

/** Refuse a DP beyond its limits up front, with the estimate and the alternative. */
export function checkArmDpSize<S>(arms: Arm<S>[], horizon: number, what: string): void {
  const { states, work, partial } = armDpSize(arms, horizon);
  const more = partial ? " (at least; counting stopped at the limit)" : "";
  if (states > ARM_DP_STATE_LIMIT)
    throw new TooLargeError(
      what,
      "the arm DP",
      states,
      ARM_DP_STATE_LIMIT,
      ALTERNATIVE,
      `joint states${more}`,
    );
  if (work > ARM_DP_WORK_LIMIT)
    throw new TooLargeError(
      what,
      "the arm DP",
      work,
      ARM_DP_WORK_LIMIT,
      ALTERNATIVE,
      `state transitions${more}`,
    );
}

const ALTERNATIVE = "use fewer agents or a shorter horizon";

export function solveArmDp<S>(arms: Arm<S>[], horizon: number, discount: number): ArmDpResult {
  const n = arms.length;
  checkArmDpSize(arms, horizon, "--problem");
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
