// The game between a tabular mechanism and its agents, compiled once into flat arrays: the
// truthful tree (every agent truthful) and, per agent, the deviator's decision tree (others
// truthful). Only the mechanism's outcomes — one row per (memory key, report profile) —
// change between iterations, so every expectation and every exact best response is a sweep
// over these arrays (sweep.ts).
//
// Same information model as the exact evaluator (src/evaluation/best-response-exact.ts): the
// deviator sees its own types, the realized public outcomes and the others' past reports, and
// decides at (period, memory key, own state, others' state distribution). `realized`
// semantics: each good goes to one agent or nobody, drawn from the allocation row.
import { TooLargeError, UsageError } from "../../core/errors.js";
import { product } from "../../core/product.js";
import { gridVectors } from "../../evaluation/enumerate.js";
import { memoryKey, type MemoryKind } from "../../mechanisms/history-memory.js";
import { tabularKey } from "../../mechanisms/tabular.js";
import { realizationTable } from "../realization-table.js";
import {
  isDiscrete,
  stateKey,
  type AgentState,
  type DynamicProblem,
  type PeriodRecord,
  type PublicHistory,
  type Weighted,
} from "../../problems/types.js";

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

export interface CompiledGame {
  problem: DynamicProblem;
  memory: MemoryKind;
  n: number;
  m: number;
  gamma: number;
  /** Realizations (n + 1)^m: winners[k·m + j] ∈ {0 … n} (n = nobody); realization-table.ts. */
  realizations: number;
  winners: Int32Array;
  /** Row keys, as TabularMechanism keys them (memory key | reports). */
  rowKeys: string[];
  truth: TruthTree;
  dev: DeviationTree[];
  initProb: number[][];
}

/** Refuse games whose trees would exceed this many nodes in all. */
export const MAX_NODES = 3_000_000;
/** Up-front refusal: estimated nodes beyond ESTIMATE_SLACK × MAX_NODES (docs/limits.md). */
export const ESTIMATE_SLACK = 10;

interface Builder {
  rowIndex: Map<string, number>;
  rowKeys: string[];
}

const rowOf = (b: Builder, mem: string, reports: Float64Array): number => {
  const key = tabularKey(mem, reports);
  let r = b.rowIndex.get(key);
  if (r === undefined) {
    r = b.rowKeys.length;
    b.rowIndex.set(key, r);
    b.rowKeys.push(key);
  }
  return r;
};

const noOutcome = (n: number, m: number) => ({
  alloc: new Float64Array(m * (n + 1)),
  payments: new Float64Array(n),
});

/** Growable typed arrays. */
class IntList {
  a = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }
  done(): Int32Array {
    return this.a.slice(0, this.length);
  }
}
class FloatList {
  a = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }
  done(): Float64Array {
    return this.a.slice(0, this.length);
  }
}

/**
 * Estimated tree nodes of the compiled game, before building it (docs/limits.md). The truthful
 * tree has one node per (memory key, joint state) and period: with memory=full one per public
 * history, K^(mn)·B^τ at period τ, where B counts the ways a period can end (who consumes
 * which good, and how the consumer's value moves, `transitionFanout`); with memory=initial-last
 * at most the initial and last reports and winners times the joint states. Each of the n
 * deviation trees adds the deviator's own reports, K^m per period.
 */
export function compiledGameSize(problem: DynamicProblem, memory: MemoryKind): number {
  const g = problem.typeSpace(0);
  if (g.kind !== "discrete" || !problem.transitionStates) return Infinity;
  const { agents: n, goods: m, horizon: T } = problem;
  const K = g.grid.length;
  const profiles = K ** (m * n);
  const B = transitionFanout(problem);
  let nodes = 0;
  for (let tau = 0; tau < T; tau++) {
    let spread = 1; // ways τ periods of consumption spread over n agents, per good
    for (let k = 1; k <= n; k++) spread = (spread * (tau + k)) / k;
    const states = profiles * spread ** m;
    const truth = profiles * B ** tau;
    const dev = truth * K ** (m * tau);
    const cap = memory === "full" ? Infinity : profiles * profiles * (n + 1) ** m * states;
    nodes += Math.min(truth, cap) + n * Math.min(dev, cap * K ** m);
  }
  return nodes;
}

/** Ways one period can end: per good, nobody or one of n agents consumes it, times the
 * consumer's next values (the others' values move as when not consuming). */
function transitionFanout(problem: DynamicProblem): number {
  const { agents: n, goods: m } = problem;
  const s = problem.initialStates!(0)[0].value;
  const count = (c: Float64Array) => problem.transitionStates!(0, s, c).length;
  const idle = count(new Float64Array(m));
  let B = idle ** n;
  for (let j = 0; j < m; j++) {
    const c = new Float64Array(m);
    c[j] = 1;
    B *= 1 + (n * count(c)) / idle;
  }
  return B;
}

export function compileGame(problem: DynamicProblem, memory: MemoryKind): CompiledGame {
  if (!isDiscrete(problem))
    throw new UsageError(
      "--problem",
      "the exact best-response adversary needs discrete types; for continuous types use --designer handicap",
    );
  if (problem.semantics !== "realized")
    throw new UsageError("--problem", "the exact best-response adversary needs semantics=realized");
  // The estimate overshoots (measured 3× for full memory, up to 20× for initial-last), so it
  // refuses up front only beyond ESTIMATE_SLACK × MAX_NODES; the build itself stops at MAX_NODES.
  const estimate = compiledGameSize(problem, memory);
  if (estimate > ESTIMATE_SLACK * MAX_NODES)
    throw new TooLargeError(
      "--problem",
      `the compiled game of ${problem.name.replace(/\(.*/, "")} with memory=${memory}`,
      estimate,
      ESTIMATE_SLACK * MAX_NODES,
      "use a shorter horizon, fewer agents or memory=initial-last (or an SGDA designer, which samples)",
      "tree nodes",
    );
  const { agents: n, goods: m } = problem;
  const table = realizationTable(problem);
  const { count: R, winners, consumption: cons } = table;
  const b: Builder = { rowIndex: new Map(), rowKeys: [] };
  const initial = Array.from({ length: n }, (_, i) => problem.initialStates!(i));
  const truth = buildTruth(problem, memory, b, R, winners, cons, initial);
  const dev = Array.from({ length: n }, (_, i) =>
    buildDeviation(problem, memory, b, R, winners, cons, initial, i),
  );
  return {
    problem,
    memory,
    n,
    m,
    gamma: problem.discount,
    realizations: R,
    winners,
    rowKeys: b.rowKeys,
    truth,
    dev,
    initProb: initial.map((d) => d.map((w) => w.p)),
  };
}

function buildTruth(
  problem: DynamicProblem,
  memory: MemoryKind,
  b: Builder,
  R: number,
  winners: Int32Array,
  cons: Float64Array[],
  initial: Weighted<AgentState>[][],
): TruthTree {
  const { agents: n, goods: m, horizon: T } = problem;
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
      const reports = new Float64Array(n * m);
      states.forEach((s, i) => reports.set(s.values, i * m));
      row.push(rowOf(b, mem, reports));
      for (let k = 0; k < R; k++) {
        for (let i = 0; i < n; i++) {
          let g = 0;
          for (let j = 0; j < m; j++) if (winners[k * m + j] === i) g += states[i].values[j];
          gain.push(g);
        }
        edgeStart.push(edgeChild.length);
        if (tau + 1 >= T) continue;
        const c = cons[k];
        const rec: PeriodRecord = { reports, outcome: noOutcome(n, m), consumption: c };
        const h2 = [...history, rec];
        const mem2 = memoryKey(memory, h2);
        const branches = product(
          states.map((s, i) => problem.transitionStates!(i, s, c.subarray(i * m, (i + 1) * m))),
        );
        for (const br of branches) {
          const key = `${mem2}#${br.value.map(stateKey).join("#")}`;
          let child = nextLayer.get(key);
          if (child === undefined) {
            child = nodes.length;
            nodes.push({ history: h2, states: br.value });
            nextLayer.set(key, child);
          }
          edgeChild.push(child);
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

const tooLarge = (problem: DynamicProblem, memory: MemoryKind) =>
  new TooLargeError(
    "--problem",
    `the compiled game of ${problem.name.replace(/\(.*/, "")} with memory=${memory}`,
    MAX_NODES + 1,
    MAX_NODES,
    "stopped while building; use a shorter horizon, fewer agents or memory=initial-last",
    "tree nodes (more than)",
  );

function buildDeviation(
  problem: DynamicProblem,
  memory: MemoryKind,
  b: Builder,
  R: number,
  winners: Int32Array,
  cons: Float64Array[],
  initial: Weighted<AgentState>[][],
  agent: number,
): DeviationTree {
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
          branchRow.push(rowOf(b, mem, reports));
          branchProb.push(o.p);
          for (let k = 0; k < R; k++) {
            edgeStart.push(edgeChild.length);
            if (tau + 1 >= T) continue;
            const c = cons[k];
            const rec: PeriodRecord = { reports, outcome: noOutcome(n, m), consumption: c };
            const h2 = [...history, rec];
            const mem2 = memoryKey(memory, h2);
            const oppNext = product(
              others.map((kk, q) =>
                problem.transitionStates!(kk, o.value[q], c.subarray(kk * m, (kk + 1) * m)),
              ),
            );
            const oppKey = `${o.value.map(stateKey).join("&")}>${others.map((kk) => c.subarray(kk * m, (kk + 1) * m).join(",")).join("&")}`;
            const ownNext = problem.transitionStates!(
              agent,
              own,
              c.subarray(agent * m, (agent + 1) * m),
            );
            for (const s of ownNext) {
              const key = `${mem2}#${stateKey(s.value)}#${oppKey}`;
              let child = nextLayer.get(key);
              if (child === undefined) {
                child = nodes.length;
                nodes.push({ history: h2, own: s.value, opp: oppNext });
                nextLayer.set(key, child);
              }
              edgeChild.push(child);
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
