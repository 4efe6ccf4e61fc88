// What a learned SPM does, state by state: one deterministic batch of episodes is played and
// every round's public state — the agents already visited and the items still unsold — is
// tabled with how often it is reached, which agent the policy offers next, and the mean price
// it posts per item class. (A policy that sees more than this public state, e.g. who bought
// what, may choose differently in one public state: the agent column is then a distribution.)
import type { PpoLearner } from "../rl/ppo.js";
import type { SpmRlEnv } from "./rl-env.js";

export interface SpmStateDecision {
  round: number;
  /** Agents visited before this round. */
  visited: number[];
  /** Items still unsold at this round. */
  itemsLeft: number[];
  /** Fraction of the played episodes that reach this state. */
  reach: number;
  /** Agent offered next → fraction of the visits to this state. */
  agent: Record<string, number>;
  /** Mean posted price per item class (null for a class with no item left). */
  prices: (number | null)[];
}

/** States kept (the most visited), so result.json stays small. */
export const MAX_STATES = 40;

export function policyByState(
  learner: PpoLearner,
  env: SpmRlEnv,
  seed: number,
): SpmStateDecision[] {
  const { n, m } = env.setting;
  const B = env.batch;
  const K = env.nContinuous;
  const of = env.classes.of;
  const states = new Map<
    string,
    { s: SpmStateDecision; count: number; sums: number[]; active: number[] }
  >();
  learner.play(env, seed, true, undefined, (t, choice, cont) => {
    const e = env.env;
    for (let b = 0; b < B; b++) {
      const visited: number[] = [];
      for (let i = 0; i < n; i++) if (!e.agentsLeft[b * n + i]) visited.push(i);
      const itemsLeft: number[] = [];
      for (let j = 0; j < m; j++) if (e.itemsLeft[b * m + j]) itemsLeft.push(j);
      const key = `${t}|${visited.join(",")}|${itemsLeft.join(",")}`;
      let st = states.get(key);
      if (!st) {
        const s = { round: t, visited, itemsLeft, reach: 0, agent: {}, prices: [] };
        st = { s, count: 0, sums: new Array(K).fill(0), active: new Array(K).fill(0) };
        states.set(key, st);
      }
      st.count++;
      const a = String(choice[b]);
      st.s.agent[a] = (st.s.agent[a] ?? 0) + 1;
      const live = new Set(itemsLeft.map((j) => of[j]));
      for (let k = 0; k < K; k++)
        if (live.has(k)) {
          st.sums[k] += cont[b * K + k];
          st.active[k]++;
        }
    }
  });
  const out = [...states.values()].map(({ s, count, sums, active }) => ({
    ...s,
    reach: count / B,
    agent: Object.fromEntries(Object.entries(s.agent).map(([a, c]) => [a, c / count])),
    prices: sums.map((x, k) => (active[k] ? x / active[k] : null)),
  }));
  out.sort((x, y) => x.round - y.round || y.reach - x.reach);
  return out.length <= MAX_STATES
    ? out
    : out
        .slice()
        .sort((x, y) => y.reach - x.reach)
        .slice(0, MAX_STATES)
        .sort((x, y) => x.round - y.round || y.reach - x.reach);
}
