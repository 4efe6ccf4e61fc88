// The compiled game's truthful tree: every agent reports its state. One node per (period,
// memory key, joint state) — histories the mechanism cannot tell apart and that lead to the
// same states are merged — with flat arrays of rows, gains and edges per realization.
import { product } from "../../core/product.js";
import { memoryKey, type MemoryKind } from "../../mechanisms/history-memory.js";
import {
  stateKey,
  type AgentState,
  type DynamicProblem,
  type PeriodRecord,
  type PublicHistory,
  type Weighted,
} from "../../problems/types.js";
import { FloatList, IntList, type RowTable } from "./buffers.js";
import { allAgents, jointTransitions, mergedNode, truthfulReports } from "./enumerate.js";
import type { RealizationTable } from "./realization-table.js";
import { MAX_NODES, tooLarge } from "./size.js";

export interface TruthTree {
  nodes: number;
  row: Int32Array;
  /** gain[(node·R + k)·n + i] = Σ_j v_ij·[good j goes to i in realization k]. */
  gain: Float64Array;
  /** Edges of (node, realization k): edgeStart[node·R + k] … edgeStart[node·R + k + 1]. */
  edgeStart: Int32Array;
  edgeChild: Int32Array;
  edgeProb: Float64Array;
  roots: Int32Array;
  rootProb: Float64Array;
  /** rootInit[root·n + i]: index of agent i's initial state in this root. */
  rootInit: Int32Array;
}

/** What every compiled-game tree is built from. */
export interface GameFrame {
  problem: DynamicProblem;
  memory: MemoryKind;
  rows: RowTable;
  table: RealizationTable;
  /** initial[i]: agent i's initial states (DynamicProblem.initialStates). */
  initial: Weighted<AgentState>[][];
}

/** A period's record with no outcome: the memory keys read only reports and consumption. */
export const periodRecord = (
  n: number,
  m: number,
  reports: Float64Array,
  consumption: Float64Array,
): PeriodRecord => ({
  reports,
  outcome: { alloc: new Float64Array(m * (n + 1)), payments: new Float64Array(n) },
  consumption,
});

export function buildTruth(frame: GameFrame): TruthTree {
  const { problem, memory, rows, initial } = frame;
  const { count: R, winners, consumption: cons } = frame.table;
  const { agents: n, goods: m, horizon: T } = problem;
  const everyone = allAgents(n);
  interface N {
    history: PublicHistory;
    states: AgentState[];
  }
  const nodes: N[] = [];
  const row = new IntList();
  const gain = new FloatList();
  const edgeStart = new IntList();
  const edgeChild = new IntList();
  const edgeProb = new FloatList();
  const rootProfiles = product(initial.map((d) => d.map((w, k) => ({ p: w.p, value: k }))));
  const layer = new Map<string, number>();
  const roots = new Int32Array(rootProfiles.length);
  const rootInit = new Int32Array(rootProfiles.length * n);
  rootProfiles.forEach((prof, r) => {
    const states = prof.value.map((k, i) => initial[i][k].value);
    const key = `${states.map(stateKey).join("#")}`;
    let id = layer.get(key);
    if (id === undefined) {
      id = nodes.length;
      nodes.push({ history: [], states });
      layer.set(key, id);
    }
    roots[r] = id;
    prof.value.forEach((k, i) => (rootInit[r * n + i] = k));
  });
  let next = 0; // first node of the current layer
  for (let tau = 0; tau < T; tau++) {
    const end = nodes.length;
    const nextLayer = new Map<string, number>();
    for (let id = next; id < end; id++) {
      const { history, states } = nodes[id];
      const mem = memoryKey(memory, history);
      const reports = truthfulReports(states, m);
      row.push(rows.rowOf(mem, reports));
      for (let k = 0; k < R; k++) {
        for (let i = 0; i < n; i++) {
          let g = 0;
          for (let j = 0; j < m; j++) if (winners[k * m + j] === i) g += states[i].values[j];
          gain.push(g);
        }
        edgeStart.push(edgeChild.length);
        if (tau + 1 >= T) continue;
        const h2 = [...history, periodRecord(n, m, reports, cons[k])];
        const mem2 = memoryKey(memory, h2);
        for (const br of jointTransitions(problem, everyone, states, cons[k])) {
          const key = `${mem2}#${br.value.map(stateKey).join("#")}`;
          edgeChild.push(
            mergedNode(nodes, nextLayer, key, () => ({ history: h2, states: br.value })),
          );
          edgeProb.push(br.p);
        }
      }
      if (nodes.length > MAX_NODES) throw tooLarge(problem, memory);
    }
    next = end;
  }
  edgeStart.push(edgeChild.length);
  return {
    nodes: nodes.length,
    row: row.done(),
    gain: gain.done(),
    edgeStart: edgeStart.done(),
    edgeChild: edgeChild.done(),
    edgeProb: edgeProb.done(),
    roots,
    rootProb: Float64Array.from(rootProfiles.map((p) => p.p)),
    rootInit,
  };
}
