// The sufficient-statistics MDP of one agent's deviation problem (Inverse Games §3: the
// unilateral deviation POMDP reduced to a belief MDP), for discrete types, built from the
// problem and ANY mechanism, with the exact evaluator's information model
// (best-response-exact.ts): the others report truthfully; the deviator sees its own types and
// reports, the realized public outcomes and the others' past reports.
//
// State (one node per distinct value of it, period by period):
//   - the period τ and the deviator's own current state (type and cumulative consumption);
//   - the public history as the mechanism reads it (its `historyKey`, or the whole history);
//   - its belief over the others' current types. The others are truthful, so their last
//     reports are their last types; with their realized consumption the Bayesian posterior is
//     exactly the transition kernel applied to (last type, consumption), so that pair is the
//     belief's sufficient statistic (analytic Bayes, no filtering needed).
// Given this state, the next state and the reward depend only on the report and on nature,
// so a policy of the state loses nothing against a policy of the whole observed history.
// Actions: the report vectors grid^m; reward: the expected period utility; transitions: over
// the others' types, the realized winners and the deviator's next type.
import type { FiniteMdp } from "../agents/deviation/npg/finite-mdp.js";
import type { Mechanism } from "../mechanisms/types.js";
import {
  agentReward,
  stateKey,
  type AgentState,
  type DynamicProblem,
  type PublicHistory,
  type Weighted,
} from "../problems/types.js";
import { gridVectors, historyKeyOf, product } from "./enumerate.js";
import { EXACT_NODE_LIMIT, tooManyNodes } from "./exact-size.js";

export interface DeviationMdp extends FiniteMdp {
  agent: number;
  /** The report vector of each action. */
  reports: Float64Array[];
  /** Period of each node. */
  period: Int32Array;
}

interface Node {
  history: PublicHistory;
  own: AgentState;
  opp: Weighted<AgentState[]>[];
  oppKey: string;
}

export function deviationMdp(
  problem: DynamicProblem,
  mech: Mechanism,
  agent: number,
): DeviationMdp {
  const tr = problem.transitionStates;
  const init = problem.initialStates;
  const space = problem.typeSpace(agent);
  if (!tr || !init || space.kind !== "discrete")
    throw new Error(`${problem.name}: the deviation MDP needs discrete types`);
  const { agents: n, goods: m, horizon: T, discount: gamma } = problem;
  const others = Array.from({ length: n }, (_, k) => k).filter((k) => k !== agent);
  const reports = gridVectors(space.grid, m);
  const A = reports.length;
  const hkOf = (h: PublicHistory) => (mech.historyKey ? mech.historyKey(h) : historyKeyOf(h));

  const nodes: Node[] = [];
  const period: number[] = [];
  const truth: number[] = [];
  const reward: number[] = [];
  const transStart: number[] = [];
  const transChild: number[] = [];
  const transProb: number[] = [];
  const oppInit = product(others.map((k) => init.call(problem, k)));
  const ownInit = init.call(problem, agent);
  const roots = ownInit.map((w) => {
    nodes.push({ history: [], own: w.value, opp: oppInit, oppKey: "init" });
    period.push(0);
    return nodes.length - 1;
  });
  let first = 0;
  for (let tau = 0; tau < T; tau++) {
    const end = nodes.length;
    const layer = new Map<string, number>();
    for (let id = first; id < end; id++) {
      const { history, own, opp } = nodes[id];
      truth.push(reports.findIndex((r) => r.every((x, j) => x === own.values[j])));
      for (let r = 0; r < A; r++) {
        transStart.push(transChild.length);
        let rew = 0;
        // Transitions of (node, r), merged by child.
        const merged = new Map<number, number>();
        for (const { p: po, value: oppStates } of opp) {
          const rep = new Float64Array(n * m);
          rep.set(reports[r], agent * m);
          others.forEach((k, q) => rep.set(oppStates[q].values, k * m));
          const outcome = mech.outcome(history, rep);
          for (const { p: q, value: c } of problem.realizations(outcome)) {
            rew += po * q * agentReward(m, agent, own.values, c, outcome.payments[agent]);
            if (tau + 1 >= T) continue;
            const h2 = [...history, { reports: rep, outcome, consumption: c }];
            const oppKey = `${oppStates.map(stateKey).join("&")}>${others.map((k) => c.subarray(k * m, (k + 1) * m).join(",")).join("&")}`;
            const hk = hkOf(h2);
            const own2 = tr.call(problem, agent, own, c.subarray(agent * m, (agent + 1) * m));
            for (const s of own2) {
              const key = `${hk}#${stateKey(s.value)}#${oppKey}`;
              let child = layer.get(key);
              if (child === undefined) {
                child = nodes.length;
                const opp2 = product(
                  others.map((k, qq) =>
                    tr.call(problem, k, oppStates[qq], c.subarray(k * m, (k + 1) * m)),
                  ),
                );
                nodes.push({ history: h2, own: s.value, opp: opp2, oppKey });
                period.push(tau + 1);
                layer.set(key, child);
                if (nodes.length > EXACT_NODE_LIMIT) throw tooManyNodes();
              }
              merged.set(child, (merged.get(child) ?? 0) + po * q * s.p);
            }
          }
        }
        reward.push(rew);
        for (const [child, p] of merged) {
          transChild.push(child);
          transProb.push(p);
        }
      }
    }
    first = end;
  }
  transStart.push(transChild.length);
  return {
    agent,
    nodes: nodes.length,
    actions: A,
    gamma,
    reward: Float64Array.from(reward),
    transStart: Int32Array.from(transStart),
    transChild: Int32Array.from(transChild),
    transProb: Float64Array.from(transProb),
    roots: Int32Array.from(roots),
    rootProb: Float64Array.from(ownInit.map((w) => w.p)),
    truth: Int32Array.from(truth),
    reports,
    period: Int32Array.from(period),
  };
}
