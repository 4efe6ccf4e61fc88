// Exact best response of one agent to a mechanism when every other agent is truthful, by
// backward induction (Inverse Games §3: exploitability is Σ_i of the best deviation's gain).
//
// Information assumed for the deviator: its own types, its own reports, the realized public
// outcomes AND the other agents' past reports. Since the others are truthful, this is a
// finite MDP over (period, public history, own state); the true deviator sees less, so the
// value computed here is an upper bound on its best deviation (exploitability is
// over-estimated, never under-estimated). Evaluators state this in their output.
//
// W(τ, h, s_i, D) = max_r Σ_{s_−i ~ D} Σ_{c ~ x(h, r, s_−i)} [u_i(s_i, c) + γ E_{s_i'} W(τ+1, h', s_i', D')]
// where D is the distribution of the others' current states given h.
import type { Mechanism } from "../mechanisms/types.js";
import {
  agentReward,
  stateKey,
  type AgentState,
  type DynamicProblem,
  type PeriodRecord,
  type PublicHistory,
  type Weighted,
} from "../problems/types.js";
import { gridVectors, historyKeyOf, product } from "./enumerate.js";
import { EXACT_NODE_LIMIT, tooManyNodes } from "./exact-size.js";

export const DEVIATOR_INFORMATION =
  "deviator observes its own types and reports, the realized public outcomes and the other agents' past reports (an upper bound on what it can gain)";

export interface DeviationStep {
  period: number;
  /** Probability that this decision is reached under the best deviation. */
  reach: number;
  ownValues: number[];
  ownConsumed: number[];
  /** Public history summarised: the reports and realized consumption of earlier periods. */
  history: string;
  truthfulReport: number[];
  /** The best report; [] when the best deviation quits here for good (exit deviations). */
  bestReport: number[];
  /** Gain of the best report over the truthful report at this decision (continuation included). */
  gain: number;
  /**
   * Whether the agent reported truthfully in every earlier period on this path. Only these
   * first departures make up exploitability; a later step may continue an earlier lie (its
   * gain is then measured against turning truthful after lying, which a mechanism may punish).
   */
  firstDeparture: boolean;
}

export interface BestResponseExact {
  agent: number;
  /** Value of the best deviation per initial state of the agent. */
  valueByInitialType: number[];
  /** Ex-ante value of the best deviation. */
  value: number;
  /** Where the best deviation departs from truth, most likely first. */
  deviation: DeviationStep[];
}

type OppDist = Weighted<AgentState[]>[];

/** Options of the best response. */
export interface BestResponseOptions {
  /**
   * The deviator may also quit for good at the start of any period after the first (after
   * seeing that period's public history and its own current type): from then on it gets no
   * allocation and pays nothing, value 0. Shown as bestReport [] in the deviation steps.
   */
  exit?: boolean;
}

export function bestResponseExact(
  problem: DynamicProblem,
  mech: Mechanism,
  agent: number,
  opts: BestResponseOptions = {},
): BestResponseExact {
  const tr = problem.transitionStates;
  const init = problem.initialStates;
  const space = problem.typeSpace(agent);
  if (!tr || !init || space.kind !== "discrete")
    throw new Error(`${problem.name}: exact best response needs discrete types`);
  const n = problem.agents;
  const m = problem.goods;
  const T = problem.horizon;
  const gamma = problem.discount;
  const others = Array.from({ length: n }, (_, k) => k).filter((k) => k !== agent);
  const reportSpace = gridVectors(space.grid, m);
  const memo = new Map<string, { value: number; best: number; values: Float64Array }>();

  // Opponents' distribution after their (public) states and consumption this period.
  const nextOpp = (oppStates: AgentState[], c: Float64Array): OppDist =>
    product(
      others.map((k, q) => tr.call(problem, k, oppStates[q], c.subarray(k * m, (k + 1) * m))),
    );

  const oppKeyOf = (oppStates: AgentState[], c: Float64Array) =>
    `${oppStates.map(stateKey).join("&")}>${others.map((k) => c.subarray(k * m, (k + 1) * m).join(",")).join("&")}`;

  const solve = (history: PublicHistory, own: AgentState, opp: OppDist, oppKey: string) => {
    const tau = history.length;
    const hk = mech.historyKey ? mech.historyKey(history) : historyKeyOf(history);
    const key = `${tau}#${hk}#${stateKey(own)}#${oppKey}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const values = new Float64Array(reportSpace.length);
    for (let r = 0; r < reportSpace.length; r++) {
      let val = 0;
      for (const { p: po, value: oppStates } of opp) {
        const reports = new Float64Array(n * m);
        reports.set(reportSpace[r], agent * m);
        others.forEach((k, q) => reports.set(oppStates[q].values, k * m));
        const outcome = mech.outcome(history, reports);
        for (const { p: q, value: c } of problem.realizations(outcome)) {
          let v = agentReward(m, agent, own.values, c, outcome.payments[agent]);
          if (tau + 1 < T) {
            const record: PeriodRecord = { reports, outcome, consumption: c };
            const next = [...history, record];
            const nOpp = nextOpp(oppStates, c);
            const nKey = oppKeyOf(oppStates, c);
            let cont = 0;
            for (const s of tr.call(problem, agent, own, c.subarray(agent * m, (agent + 1) * m))) {
              cont += s.p * solve(next, s.value, nOpp, nKey).value;
            }
            v += gamma * cont;
          }
          val += po * q * v;
        }
      }
      values[r] = val;
    }
    let best = 0;
    for (let r = 1; r < values.length; r++) if (values[r] > values[best] + 1e-12) best = r;
    // Quitting (best = −1) is worth 0 and is taken only when it strictly beats every report.
    if (opts.exit && tau > 0 && values[best] < -1e-12) best = -1;
    const res = { value: best < 0 ? 0 : values[best], best, values };
    memo.set(key, res);
    if (memo.size > EXACT_NODE_LIMIT) throw tooManyNodes();
    return res;
  };

  const oppInit: OppDist = product(others.map((k) => init.call(problem, k)));
  const ownInit = init.call(problem, agent);
  const valueByInitialType = ownInit.map((s) => solve([], s.value, oppInit, "init").value);
  const value = ownInit.reduce((acc, s, k) => acc + s.p * valueByInitialType[k], 0);

  // Walk forward along the best deviation, one period at a time, merging decision states
  // with the same key (their reach probabilities add), to describe where it departs from truth.
  const steps: DeviationStep[] = [];
  const truthIndex = (own: AgentState) =>
    reportSpace.findIndex((r) => r.every((x, j) => x === own.values[j]));
  interface Node {
    history: PublicHistory;
    own: AgentState;
    opp: OppDist;
    oppKey: string;
    reach: number;
    truthfulSoFar: boolean;
  }
  let layer = new Map<string, Node>();
  const push = (into: Map<string, Node>, node: Node) => {
    const hk = mech.historyKey ? mech.historyKey(node.history) : historyKeyOf(node.history);
    const key = `${hk}#${stateKey(node.own)}#${node.oppKey}#${node.truthfulSoFar}`;
    const prev = into.get(key);
    if (prev) prev.reach += node.reach;
    else into.set(key, node);
  };
  ownInit.forEach((s) =>
    push(layer, {
      history: [],
      own: s.value,
      opp: oppInit,
      oppKey: "init",
      reach: s.p,
      truthfulSoFar: true,
    }),
  );
  for (let tau = 0; tau < T; tau++) {
    const next = new Map<string, Node>();
    for (const { history, own, opp, oppKey, reach, truthfulSoFar } of layer.values()) {
      const res = solve(history, own, opp, oppKey);
      const t = truthIndex(own);
      const departs = t >= 0 && res.best !== t && res.value - res.values[t] > 1e-9;
      if (departs) {
        steps.push({
          period: tau,
          reach,
          ownValues: Array.from(own.values),
          ownConsumed: Array.from(own.consumed),
          history: history
            .map((h) => `[${h.reports.join(",")}→${h.consumption.join(",")}]`)
            .join(" "),
          truthfulReport: Array.from(own.values),
          bestReport: res.best < 0 ? [] : Array.from(reportSpace[res.best]),
          gain: res.value - res.values[t],
          firstDeparture: truthfulSoFar,
        });
      }
      if (tau + 1 >= T || res.best < 0) continue;
      for (const { p: po, value: oppStates } of opp) {
        const reports = new Float64Array(n * m);
        reports.set(reportSpace[res.best], agent * m);
        others.forEach((k, q) => reports.set(oppStates[q].values, k * m));
        const outcome = mech.outcome(history, reports);
        for (const { p: q, value: c } of problem.realizations(outcome)) {
          const h2 = [...history, { reports, outcome, consumption: c }];
          const nKey = oppKeyOf(oppStates, c);
          const nOpp = nextOpp(oppStates, c);
          for (const s of tr.call(problem, agent, own, c.subarray(agent * m, (agent + 1) * m))) {
            push(next, {
              history: h2,
              own: s.value,
              opp: nOpp,
              oppKey: nKey,
              reach: reach * po * q * s.p,
              truthfulSoFar: truthfulSoFar && res.best === t,
            });
          }
        }
      }
    }
    layer = next;
  }
  // First departures first (they make up exploitability), then by reach × gain.
  steps.sort(
    (a, b) =>
      Number(b.firstDeparture) - Number(a.firstDeparture) || b.reach * b.gain - a.reach * a.gain,
  );
  return { agent, valueByInitialType, value, deviation: steps.slice(0, 50) };
}
