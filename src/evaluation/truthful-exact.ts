// Exact evaluation of truth-telling by enumeration of the public-history tree: every agent
// reports its type; nature draws initial types, allocation realizations and transitions.
// V(τ, h, s) = E[r_τ + γ V(τ+1, h', s')], with subtrees merged when the mechanism says its
// future depends on h only through `historyKey`.
import type { Mechanism } from "../mechanisms/types.js";
import {
  agentReward,
  principalReward,
  stateKey,
  type AgentState,
  type DynamicProblem,
  type PeriodRecord,
  type PublicHistory,
} from "../problems/types.js";
import { product } from "./enumerate.js";
import { EXACT_NODE_LIMIT, tooManyNodes } from "./exact-size.js";

export interface TruthfulExact {
  revenue: number;
  profit: number;
  welfare: number;
  /** Expected discounted utility per agent, ex ante. */
  utility: number[];
  /** utilityByInitialType[i][k]: agent i's expected utility given initial state k. */
  utilityByInitialType: number[][];
  /** The initial states k of each agent, with their probabilities. */
  initialTypes: { state: AgentState; p: number }[][];
}

// Layout of a value vector: [revenue, profit, welfare, u_0 … u_{n−1}].
const REV = 0;
const PROFIT = 1;
const WELFARE = 2;
const U = 3;

export function evaluateTruthfulExact(problem: DynamicProblem, mech: Mechanism): TruthfulExact {
  if (!problem.initialStates || !problem.transitionStates) {
    throw new Error(`${problem.name}: exact evaluation needs a discrete problem`);
  }
  const n = problem.agents;
  const m = problem.goods;
  const T = problem.horizon;
  const gamma = problem.discount;
  const memo = new Map<string, Float64Array>();
  const initial = Array.from({ length: n }, (_, i) => problem.initialStates!(i));

  const value = (history: PublicHistory, states: AgentState[]): Float64Array => {
    const tau = history.length;
    let key: string | undefined;
    if (mech.historyKey) {
      key = `${tau}#${mech.historyKey(history)}#${states.map(stateKey).join("#")}`;
      const hit = memo.get(key);
      if (hit) return hit;
    }
    const out = new Float64Array(U + n);
    const reports = new Float64Array(n * m);
    for (let i = 0; i < n; i++) reports.set(states[i].values, i * m);
    const outcome = mech.outcome(history, reports);
    for (const { p: q, value: c } of problem.realizations(outcome)) {
      const profit = principalReward(problem, outcome, c);
      out[REV] += q * sum(outcome.payments);
      out[PROFIT] += q * profit;
      let gross = 0;
      for (let i = 0; i < n; i++) {
        const u = agentReward(m, i, states[i].values, c, outcome.payments[i]);
        out[U + i] += q * u;
        gross += u;
      }
      out[WELFARE] += q * (gross + profit);
      if (tau + 1 < T) {
        const record: PeriodRecord = { reports, outcome, consumption: c };
        const next = [...history, record];
        const branches = product(
          states.map((s, i) => problem.transitionStates!(i, s, c.subarray(i * m, (i + 1) * m))),
        );
        for (const b of branches) {
          const v = value(next, b.value);
          for (let k = 0; k < out.length; k++) out[k] += q * b.p * gamma * v[k];
        }
      }
    }
    if (key !== undefined) {
      memo.set(key, out);
      if (memo.size > EXACT_NODE_LIMIT) throw tooManyNodes();
    }
    return out;
  };

  const total = new Float64Array(U + n);
  const byType = initial.map((d) => new Float64Array(d.length));
  // Enumerate initial profiles by index so that per-initial-type utilities can be attributed.
  const idx = new Array<number>(n).fill(0);
  for (;;) {
    let p = 1;
    const states: AgentState[] = [];
    for (let i = 0; i < n; i++) {
      p *= initial[i][idx[i]].p;
      states.push(initial[i][idx[i]].value);
    }
    const v = value([], states);
    for (let k = 0; k < total.length; k++) total[k] += p * v[k];
    for (let i = 0; i < n; i++) byType[i][idx[i]] += (p / initial[i][idx[i]].p) * v[U + i];
    let i = 0;
    while (i < n && ++idx[i] === initial[i].length) idx[i++] = 0;
    if (i === n) break;
  }
  return {
    revenue: total[REV],
    profit: total[PROFIT],
    welfare: total[WELFARE],
    utility: Array.from(total.subarray(U)),
    utilityByInitialType: byType.map((a) => Array.from(a)),
    initialTypes: initial.map((d) => d.map((w) => ({ state: w.value, p: w.p }))),
  };
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k];
  return s;
}
