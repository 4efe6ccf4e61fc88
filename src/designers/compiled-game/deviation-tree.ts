// The compiled game's decision tree of one deviating agent, the others truthful. Same
// information model as the exact evaluator (src/evaluation/best-response-exact.ts): the
// deviator sees its own types, the realized public outcomes and the others' past reports, and
// decides at (period, memory key, own state, others' state distribution).
import { product } from "../../core/product.js";
import { gridVectors } from "../../evaluation/enumerate.js";
import { memoryKey } from "../../mechanisms/history-memory.js";
import {
  stateKey,
  type AgentState,
  type PublicHistory,
  type Weighted,
} from "../../problems/types.js";
import { FloatList, IntList } from "./buffers.js";
import { jointTransitions, mergedNode } from "./enumerate.js";
import { MAX_NODES, tooLarge } from "./size.js";
import { periodRecord, type GameFrame } from "./truth-tree.js";

export interface DeviationTree {
  agent: number;
  nodes: number;
  /** Report vectors the deviator can send (grid^m), in this order. */
  reports: number;
  /** Index of the truthful report at each node. */
  truthReport: Int32Array;
  /** Branches of (node, report r) — one per profile of the others' states:
   * branchStart[node·reports + r] … branchStart[node·reports + r + 1]. */
  branchStart: Int32Array;
  branchRow: Int32Array;
  branchProb: Float64Array;
  /** ownGain[node·R + k]: the deviator's value of what it consumes in realization k. */
  ownGain: Float64Array;
  /** Edges of (branch, realization k). */
  edgeStart: Int32Array;
  edgeChild: Int32Array;
  edgeProb: Float64Array;
  /** Root per initial state of the deviator (aligned with initProb[agent]). */
  roots: Int32Array;
}

export function buildDeviation(frame: GameFrame, agent: number): DeviationTree {
  const { problem, memory, rows, initial } = frame;
  const { count: R, winners, consumption: cons } = frame.table;
  const { agents: n, goods: m, horizon: T } = problem;
  const space = problem.typeSpace(agent);
  if (space.kind !== "discrete") throw new Error("unreachable: discrete checked");
  const reportSpace = gridVectors(space.grid, m);
  const nr = reportSpace.length;
  const others = Array.from({ length: n }, (_, k) => k).filter((k) => k !== agent);
  interface N {
    history: PublicHistory;
    own: AgentState;
    opp: Weighted<AgentState[]>[];
  }
  const nodes: N[] = [];
  const truthReport = new IntList();
  const branchStart = new IntList();
  const branchRow = new IntList();
  const branchProb = new FloatList();
  const ownGain = new FloatList();
  const edgeStart = new IntList();
  const edgeChild = new IntList();
  const edgeProb = new FloatList();
  const oppInit = product(others.map((k) => initial[k]));
  const roots = new Int32Array(initial[agent].length);
  initial[agent].forEach((w, k) => {
    roots[k] = nodes.length;
    nodes.push({ history: [], own: w.value, opp: oppInit });
  });
  const ownSlice = (c: Float64Array) => c.subarray(agent * m, (agent + 1) * m);
  let next = 0;
  for (let tau = 0; tau < T; tau++) {
    const end = nodes.length;
    const nextLayer = new Map<string, number>();
    for (let id = next; id < end; id++) {
      const { history, own, opp } = nodes[id];
      const mem = memoryKey(memory, history);
      truthReport.push(reportSpace.findIndex((r) => r.every((x, j) => x === own.values[j])));
      for (let k = 0; k < R; k++) {
        let g = 0;
        for (let j = 0; j < m; j++) if (winners[k * m + j] === agent) g += own.values[j];
        ownGain.push(g);
      }
      for (let r = 0; r < nr; r++) {
        branchStart.push(branchRow.length);
        for (const o of opp) {
          const reports = new Float64Array(n * m);
          reports.set(reportSpace[r], agent * m);
          others.forEach((k, q) => reports.set(o.value[q].values, k * m));
          branchRow.push(rows.rowOf(mem, reports));
          branchProb.push(o.p);
          for (let k = 0; k < R; k++) {
            edgeStart.push(edgeChild.length);
            if (tau + 1 >= T) continue;
            const c = cons[k];
            const h2 = [...history, periodRecord(n, m, reports, c)];
            const mem2 = memoryKey(memory, h2);
            const oppNext = jointTransitions(problem, others, o.value, c);
            const oppKey = `${o.value.map(stateKey).join("&")}>${others.map((kk) => c.subarray(kk * m, (kk + 1) * m).join(",")).join("&")}`;
            for (const s of problem.transitionStates!(agent, own, ownSlice(c))) {
              const key = `${mem2}#${stateKey(s.value)}#${oppKey}`;
              edgeChild.push(
                mergedNode(nodes, nextLayer, key, () => ({
                  history: h2,
                  own: s.value,
                  opp: oppNext,
                })),
              );
              edgeProb.push(s.p);
            }
          }
        }
      }
      if (nodes.length > MAX_NODES) throw tooLarge(problem, memory);
    }
    next = end;
  }
  branchStart.push(branchRow.length);
  edgeStart.push(edgeChild.length);
  return {
    agent,
    nodes: nodes.length,
    reports: nr,
    truthReport: truthReport.done(),
    branchStart: branchStart.done(),
    branchRow: branchRow.done(),
    branchProb: branchProb.done(),
    ownGain: ownGain.done(),
    edgeStart: edgeStart.done(),
    edgeChild: edgeChild.done(),
    edgeProb: edgeProb.done(),
    roots,
  };
}
