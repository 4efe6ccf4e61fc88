// Exact certificates of participation (docs/participation.md): what a truthful agent can
// expect from every state it can reach, what the mechanism ever pays it, and what it gains
// by walking away.
//
// Reachable states are (period τ, public history h, the agent's own current state) reached
// with positive probability when everyone is truthful. The agent's expected continuation
// utility there averages over the others' current states given h: with the others truthful,
// their past reports are their past types, so that distribution is nature's, the one the
// exact best response uses (best-response-exact.ts). Histories are merged, as there, when
// the mechanism's historyKey, the own state and the others' last states and consumption agree.
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
import { exact, type Measured } from "../core/measured.js";
import type { IrNotion } from "../mechanisms/participation.js";
import { bestResponseExact } from "./best-response-exact.js";
import { historyKeyOf, product } from "./enumerate.js";

/** Where a participation figure is attained. */
export interface ParticipationWitness {
  agent: number;
  period: number;
  ownValues: number[];
  /** The public history: each earlier period's reports and realized consumption. */
  history: string;
  value: number;
}

export interface ParticipationExact {
  /** Smallest truthful expected continuation utility over reachable (τ, h, own state), all agents. */
  minContinuationUtility: ParticipationWitness;
  /** Most negative payment at a reachable truthful (h, reports): −that is the largest subsidy. */
  minPayment: ParticipationWitness;
  /** Largest p_i − Σ_j report_ij·x_ij at a reachable truthful (h, reports) (ex-post IR iff ≤ 0). */
  maxExPostExcess: ParticipationWitness;
}

/** Exact participation figures of a mechanism by enumeration (discrete problems). */
export function participationExact(problem: DynamicProblem, mech: Mechanism): ParticipationExact {
  const tr = problem.transitionStates;
  const init = problem.initialStates;
  if (!tr || !init) throw new Error(`${problem.name}: exact participation needs discrete types`);
  const n = problem.agents;
  const m = problem.goods;
  const T = problem.horizon;
  const gamma = problem.discount;
  const hkOf = (h: PublicHistory) => (mech.historyKey ? mech.historyKey(h) : historyKeyOf(h));

  // Truthful continuation utilities of every agent from (h, joint states), memoised.
  const memo = new Map<string, Float64Array>();
  const value = (history: PublicHistory, states: AgentState[]): Float64Array => {
    const tau = history.length;
    const key = `${tau}#${hkOf(history)}#${states.map(stateKey).join("#")}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const out = new Float64Array(n);
    const reports = new Float64Array(n * m);
    for (let i = 0; i < n; i++) reports.set(states[i].values, i * m);
    const outcome = mech.outcome(history, reports);
    for (const { p: q, value: c } of problem.realizations(outcome)) {
      for (let i = 0; i < n; i++)
        out[i] += q * agentReward(m, i, states[i].values, c, outcome.payments[i]);
      if (tau + 1 >= T) continue;
      const next = [...history, { reports, outcome, consumption: c }];
      const branches = product(
        states.map((s, i) => tr.call(problem, i, s, c.subarray(i * m, (i + 1) * m))),
      );
      for (const b of branches) {
        const v = value(next, b.value);
        for (let i = 0; i < n; i++) out[i] += q * b.p * gamma * v[i];
      }
    }
    memo.set(key, out);
    return out;
  };

  const describe = (h: PublicHistory) =>
    h.map((r) => `[${r.reports.join(",")}→${r.consumption.join(",")}]`).join(" ");
  const minCont: ParticipationWitness = blank(Infinity);
  const minPay: ParticipationWitness = blank(Infinity);
  const maxExcess: ParticipationWitness = blank(-Infinity);
  const note = (w: ParticipationWitness, better: boolean, at: ParticipationWitness) => {
    if (better) Object.assign(w, at);
  };

  interface Node {
    history: PublicHistory;
    own: AgentState;
    opp: Weighted<AgentState[]>[];
    oppKey: string;
  }
  for (let agent = 0; agent < n; agent++) {
    const others = Array.from({ length: n }, (_, k) => k).filter((k) => k !== agent);
    const joint = (own: AgentState, opp: AgentState[]) => {
      const s = [...opp];
      s.splice(agent, 0, own);
      return s;
    };
    let layer = new Map<string, Node>();
    const push = (into: Map<string, Node>, node: Node) => {
      const key = `${hkOf(node.history)}#${stateKey(node.own)}#${node.oppKey}`;
      if (!into.has(key)) into.set(key, node);
    };
    const oppInit = product(others.map((k) => init.call(problem, k)));
    for (const s of init.call(problem, agent))
      if (s.p > 0) push(layer, { history: [], own: s.value, opp: oppInit, oppKey: "init" });
    for (let tau = 0; tau < T; tau++) {
      const next = new Map<string, Node>();
      for (const { history, own, opp } of layer.values()) {
        let cont = 0;
        for (const { p: po, value: oppStates } of opp) {
          if (po === 0) continue;
          const states = joint(own, oppStates);
          cont += po * value(history, states)[agent];
          const reports = new Float64Array(n * m);
          states.forEach((s, i) => reports.set(s.values, i * m));
          const outcome = mech.outcome(history, reports);
          const pay = outcome.payments[agent];
          let worth = 0;
          for (let j = 0; j < m; j++)
            worth += reports[agent * m + j] * outcome.alloc[j * (n + 1) + agent];
          const at = {
            agent,
            period: tau,
            ownValues: Array.from(own.values),
            history: describe(history),
          };
          note(minPay, pay < minPay.value, { ...at, value: pay });
          note(maxExcess, pay - worth > maxExcess.value, { ...at, value: pay - worth });
          if (tau + 1 >= T) continue;
          for (const { p: q, value: c } of problem.realizations(outcome)) {
            if (q === 0) continue;
            const record: PeriodRecord = { reports, outcome, consumption: c };
            const h2 = [...history, record];
            const nOpp = product(
              others.map((k, x) =>
                tr.call(problem, k, oppStates[x], c.subarray(k * m, (k + 1) * m)),
              ),
            );
            const nKey = `${oppStates.map(stateKey).join("&")}>${others.map((k) => c.subarray(k * m, (k + 1) * m).join(",")).join("&")}`;
            for (const s of tr.call(problem, agent, own, c.subarray(agent * m, (agent + 1) * m)))
              if (s.p > 0) push(next, { history: h2, own: s.value, opp: nOpp, oppKey: nKey });
          }
        }
        note(minCont, cont < minCont.value, {
          agent,
          period: tau,
          ownValues: Array.from(own.values),
          history: describe(history),
          value: cont,
        });
      }
      layer = next;
    }
  }
  return { minContinuationUtility: minCont, minPayment: minPay, maxExPostExcess: maxExcess };
}

function blank(value: number): ParticipationWitness {
  return { agent: -1, period: -1, ownValues: [], history: "", value };
}

/** Tolerance under which a participation figure counts as satisfied (LP rounding). */
export const PARTICIPATION_TOLERANCE = 1e-6;

/** The participation part of an evaluation report (same shape exact or sampled). */
export interface ParticipationReport {
  /** Smallest truthful expected continuation utility at a reachable (period, history, type). */
  minContinuationUtility: Measured;
  /** Where it is attained (exact mode). */
  minContinuationAt?: ParticipationWitness;
  /** Largest payment the mechanism makes to an agent at a reachable state (0 = none). */
  maxPaymentToAgent: Measured;
  /** Largest per-period payment beyond report × allocation probability (ex-post IR iff ≤ 0). */
  maxExPostExcess: Measured;
  /** Exploitability when the deviator may also quit for good after any period. */
  exitExploitability: Measured;
  exitNote: string;
  /** The strongest ir notion and the subsidy rule the mechanism satisfies (tolerance 1e-6). */
  satisfies: { ir: IrNotion | "none"; subsidies: "none" | "allowed" };
}

export const EXIT_NOTE =
  "deviator may misreport and may quit for good at the start of any period after the first (no allocation, no payment from then on), with the same information as the exact best response";

/** Strongest notion satisfied, from the figures. */
export function satisfiedNotion(f: {
  minExAnteUtility: number;
  minInterimUtility: number;
  minContinuationUtility: number;
  maxExPostExcess: number;
  maxPaymentToAgent: number;
}): ParticipationReport["satisfies"] {
  const tol = PARTICIPATION_TOLERANCE;
  const ir: IrNotion | "none" =
    f.maxExPostExcess <= tol && f.minContinuationUtility >= -tol
      ? "ex-post"
      : f.minContinuationUtility >= -tol
        ? "periodic"
        : f.minInterimUtility >= -tol
          ? "interim"
          : f.minExAnteUtility >= -tol
            ? "ex-ante"
            : "none";
  return { ir, subsidies: f.maxPaymentToAgent <= tol ? "none" : "allowed" };
}

/**
 * The exact participation certificate, given the truthful utilities the evaluator computed
 * (ex ante and per initial type, per agent).
 */
export function participationCertificate(
  problem: DynamicProblem,
  mech: Mechanism,
  truthful: { utility: number[]; utilityByInitialType: number[][] },
): ParticipationReport {
  const f = participationExact(problem, mech);
  let exit = 0;
  for (let i = 0; i < problem.agents; i++)
    exit += bestResponseExact(problem, mech, i, { exit: true }).value - truthful.utility[i];
  const clean = (x: number) => (Math.abs(x) < 1e-12 ? 0 : x);
  const maxPaymentToAgent = Math.max(0, -f.minPayment.value);
  return {
    minContinuationUtility: exact(clean(f.minContinuationUtility.value)),
    minContinuationAt: f.minContinuationUtility,
    maxPaymentToAgent: exact(clean(maxPaymentToAgent)),
    maxExPostExcess: exact(clean(f.maxExPostExcess.value)),
    exitExploitability: exact(clean(exit)),
    exitNote: EXIT_NOTE,
    satisfies: satisfiedNotion({
      minExAnteUtility: Math.min(...truthful.utility),
      minInterimUtility: Math.min(...truthful.utilityByInitialType.flat()),
      minContinuationUtility: f.minContinuationUtility.value,
      maxExPostExcess: f.maxExPostExcess.value,
      maxPaymentToAgent,
    }),
  };
}
