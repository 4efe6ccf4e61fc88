// The data of the mechanism explorer: the public histories of a dynamic direct mechanism as a
// graph whose nodes are histories the mechanism cannot tell apart (its historyKey), each with
// the outcome (allocation probabilities, payments) of every report profile, the probability of
// reaching it when everyone is truthful, and where the exact best response deviates there.
import type { BestResponseExact, DeviationStep } from "../../evaluation/best-response-exact.js";
import { gridVectors, historyKeyOf, product } from "../../evaluation/enumerate.js";
import type { Mechanism } from "../../mechanisms/types.js";
import {
  stateKey,
  type AgentState,
  type DynamicProblem,
  type PublicHistory,
} from "../../problems/types.js";

/** Beyond this many nodes the graph is cut (edges then lead nowhere; the node says so). */
export const MAX_EXPLORER_NODES = 3000;
/** Joint report profiles shown per node: all of them up to this many, else the truthful ones. */
const MAX_PROFILES = 81;

export interface ExplorerEdge {
  /** What each agent consumed, `consumption[i * m + j]`. */
  consumption: number[];
  /** Probability of this realization given the reports. */
  q: number;
  /** The node reached, or null after the last period or when the graph was cut. */
  node: number | null;
}

export interface ExplorerRow {
  reports: number[];
  /** Probability of this profile at this node when everyone is truthful. */
  truthful: number;
  /** alloc[j * (n + 1) + i]; row n is "nobody". */
  alloc: number[];
  payments: number[];
  edges: ExplorerEdge[];
}

export interface ExplorerDeviation extends DeviationStep {
  agent: number;
}

export interface ExplorerNode {
  id: number;
  period: number;
  /** Probability of reaching this node when every agent reports truthfully. */
  reach: number;
  /** One public history leading here, in the `[reports→consumption]` notation. */
  history: string;
  rows: ExplorerRow[];
  /** Best-response deviations that depart from truth at this node. */
  deviations: ExplorerDeviation[];
  cut?: boolean;
}

export interface ExplorerData {
  agents: number;
  goods: number;
  horizon: number;
  grid: number[];
  nodes: ExplorerNode[];
  /** Deviations whose history lies beyond the cut. */
  unplaced: ExplorerDeviation[];
  cut: boolean;
}

const round = (x: number) => (Math.abs(x) < 1e-12 ? 0 : Number(x.toPrecision(8)));
const arr = (a: ArrayLike<number>) => Array.from(a, round);
export const historyText = (h: PublicHistory) =>
  h.map((r) => `[${r.reports.join(",")}→${r.consumption.join(",")}]`).join(" ");

interface Building {
  node: ExplorerNode;
  history: PublicHistory;
  /** Joint agent states (truthful play) that reach this node, with probabilities. */
  subs: Map<string, { states: AgentState[]; p: number }>;
}

/** Needs a discrete problem (exact initial and transition distributions). */
export function explorerData(
  problem: DynamicProblem,
  mech: Mechanism,
  bestResponses: BestResponseExact[],
): ExplorerData {
  const init = problem.initialStates;
  const tr = problem.transitionStates;
  const space = problem.typeSpace(0);
  if (!init || !tr || space.kind !== "discrete")
    throw new Error(`${problem.name}: the explorer needs discrete types`);
  const n = problem.agents;
  const m = problem.goods;
  const own = gridVectors(space.grid, m);
  const profiles = product(Array.from({ length: n }, () => own.map((v) => ({ p: 1, value: v }))));
  const allProfiles = profiles.length <= MAX_PROFILES;
  const joint = (vs: readonly Float64Array[]) => {
    const r = new Float64Array(n * m);
    vs.forEach((v, i) => r.set(v, i * m));
    return r;
  };
  const keyOf = (h: PublicHistory) =>
    `${h.length}#${mech.historyKey ? mech.historyKey(h) : historyKeyOf(h)}`;

  const nodes: ExplorerNode[] = [];
  let cut = false;
  const make = (history: PublicHistory): Building => {
    const node: ExplorerNode = {
      id: nodes.length,
      period: history.length,
      reach: 0,
      history: historyText(history),
      rows: [],
      deviations: [],
    };
    nodes.push(node);
    return { node, history, subs: new Map() };
  };
  const addSub = (b: Building, states: AgentState[], p: number) => {
    const k = states.map(stateKey).join("&");
    const prev = b.subs.get(k);
    if (prev) prev.p += p;
    else b.subs.set(k, { states, p });
    b.node.reach += p;
  };

  const root = make([]);
  for (const { p, value } of product(Array.from({ length: n }, (_, i) => init.call(problem, i))))
    addSub(root, value, p);
  let layer = new Map<string, Building>([[keyOf([]), root]]);
  for (let tau = 0; tau < problem.horizon; tau++) {
    const next = new Map<string, Building>();
    for (const b of layer.values()) {
      // Truthful profile probabilities at this node, keyed by the joint report.
      const truthful = new Map<
        string,
        { p: number; subs: { states: AgentState[]; p: number }[] }
      >();
      for (const sub of b.subs.values()) {
        const k = joint(sub.states.map((s) => s.values)).join(",");
        const e = truthful.get(k) ?? { p: 0, subs: [] };
        e.p += sub.p;
        e.subs.push(sub);
        truthful.set(k, e);
      }
      for (const { value: vs } of profiles) {
        const reports = joint(vs);
        const t = truthful.get(reports.join(","));
        if (!allProfiles && !t) continue;
        const outcome = mech.outcome(b.history, reports);
        const row: ExplorerRow = {
          reports: Array.from(reports),
          truthful: round(b.node.reach > 0 ? (t?.p ?? 0) / b.node.reach : 0),
          alloc: arr(outcome.alloc),
          payments: arr(outcome.payments),
          edges: [],
        };
        for (const { p: q, value: c } of problem.realizations(outcome)) {
          const edge: ExplorerEdge = { consumption: Array.from(c), q: round(q), node: null };
          row.edges.push(edge);
          if (tau + 1 >= problem.horizon) continue;
          const h2 = [...b.history, { reports, outcome, consumption: c }];
          const k2 = keyOf(h2);
          let child = next.get(k2);
          if (!child && nodes.length >= MAX_EXPLORER_NODES) {
            cut = b.node.cut = true;
            continue;
          }
          if (!child) next.set(k2, (child = make(h2)));
          edge.node = child.node.id;
          for (const sub of t?.subs ?? []) {
            const moves = sub.states.map((s, i) =>
              tr.call(problem, i, s, c.subarray(i * m, (i + 1) * m)),
            );
            for (const mv of product(moves)) addSub(child, mv.value, sub.p * q * mv.p);
          }
        }
        b.node.rows.push(row);
      }
      b.node.reach = round(b.node.reach);
    }
    layer = next;
  }

  const unplaced: ExplorerDeviation[] = [];
  for (const br of bestResponses)
    for (const step of br.deviation) {
      const d: ExplorerDeviation = { agent: br.agent, ...step };
      const at = follow(nodes, step.history);
      if (at) at.deviations.push(d);
      else unplaced.push(d);
    }
  return {
    agents: n,
    goods: m,
    horizon: problem.horizon,
    grid: [...space.grid],
    nodes,
    unplaced,
    cut,
  };
}

/** The node a `[reports→consumption] …` history leads to from the root, if it was built. */
function follow(nodes: ExplorerNode[], history: string): ExplorerNode | undefined {
  let node: ExplorerNode | undefined = nodes[0];
  for (const m of history.matchAll(/\[([^\]→]*)→([^\]]*)\]/g)) {
    const reports = m[1];
    const consumption = m[2];
    const row: ExplorerRow | undefined = node?.rows.find((r) => r.reports.join(",") === reports);
    const edge: ExplorerEdge | undefined = row?.edges.find(
      (e) => e.consumption.join(",") === consumption,
    );
    if (!edge || edge.node === null) return undefined;
    node = nodes[edge.node];
  }
  return node;
}
