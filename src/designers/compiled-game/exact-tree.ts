// The exact public-history tree of a discrete `realized` problem under truthful reporting,
// or under one agent's deviation (Inverse Games eq. 1–2: v(θ), h_i(θ) and ψ(θ, w) are expectations
// over these trees). Its STRUCTURE does not depend on the mechanism: a node is a period τ
// with a report profile, the true states behind it and the public history before it; an edge
// is (realized winners r of the parent's outcome, nature's type transitions, the deviator's
// next report). Only the edge probabilities depend on θ (allocation probabilities of the
// realized winners, "sequence form") and on w (the deviator's report probabilities), so the
// tree is built once and every training step is a forward/backward sweep over it.
import { periodKey, tabularKey } from "../../mechanisms/tabular.js";
import type { AgentState, DynamicProblem } from "../../problems/types.js";
import { allAgents, jointTransitions, truthfulReports } from "./enumerate.js";
import { realizationTable } from "./realization-table.js";
import {
  allocFeatureBatch,
  encodePublic,
  featureLayout,
  type FeatureBatch,
  type FeatureLayout,
  type PublicRecord,
} from "../../mechanisms/neural/features.js";
import {
  encodePolicy,
  policyLayout,
  reportIndex,
  reportVector,
  type PolicyLayout,
} from "../../agents/deviation/discrete-policy.js";

export interface TreeSpec {
  /** null: everyone truthful. Otherwise the deviating agent (others truthful). */
  deviator: number | null;
  /** deviateAt[τ]: the deviator chooses its report by its policy at depth τ (else truthful). */
  deviateAt: boolean[];
}

export interface Tree extends TreeSpec {
  size: number;
  horizon: number;
  /** Nodes are ordered by depth: depth τ occupies [depthStart[τ], depthStart[τ+1]). */
  depthStart: number[];
  depth: Int32Array;
  parent: Int32Array;
  /** Realization index at the parent that leads here (realization-table.ts): winner of good j = ⌊r/(n+1)^j⌋ mod (n+1). */
  realization: Int32Array;
  /** Nature's probability of this edge (initial prior at the roots, transitions otherwise). */
  nature: Float64Array;
  /** True values [N, n·m] (for utilities; never a mechanism input). */
  values: Float64Array;
  /** Initial-type index of each agent [N, n]. */
  initType: Int32Array;
  /** Rows where the deviator's report is a policy decision, and which report it made. */
  decisionRows: Int32Array;
  decisionReport: Int32Array;
  decisionTruth: Int32Array;
  /**
   * Mechanism inputs (public information only), one row per DISTINCT public input: nodes that
   * differ only in private states (e.g. the deviator's hidden type) share a row. mechRow[node]
   * is the node's row.
   */
  mech: FeatureBatch;
  mechRow: Int32Array;
  /** rowKeys[row]: the row's key as TabularMechanism keys it with memory=full (the compiled
   * game's rowKeys), so a table's outcomes can be looked up for the tree's rows. */
  rowKeys: string[];
  /** Policy inputs of the decision rows [decisionRows.length, featDim]. */
  policyFeat: Float32Array;
  layout: FeatureLayout;
  policy: PolicyLayout;
}

/** What a sweep (inverse-game/tree-sweep.ts) reads of a tree: the exact trees and the sampled
 * ones (sampled-tree.ts). */
export type SweepTree = Pick<
  Tree,
  | "size"
  | "horizon"
  | "depth"
  | "parent"
  | "realization"
  | "nature"
  | "values"
  | "initType"
  | "decisionRows"
  | "decisionReport"
  | "decisionTruth"
  | "mechRow"
  | "layout"
> & {
  mech: { size: number };
  policy: { reports: number };
  /** Sampled trees: the scenario of nature each node belongs to (roots have nature 1/K). */
  scenario?: Int32Array;
  scenarios?: number;
};

interface Building {
  depth: number;
  parent: number;
  realization: number;
  nature: number;
  states: AgentState[];
  reports: Float64Array;
  history: PublicRecord[];
  initType: number[];
  decision: number; // report index when a policy decision, else −1
  truth: number;
}

export class TreeTooLarge extends Error {}

export function buildTree(problem: DynamicProblem, spec: TreeSpec, maxNodes: number): Tree {
  const init = problem.initialStates;
  const trans = problem.transitionStates;
  const space = problem.typeSpace(0);
  if (!init || !trans || space.kind !== "discrete")
    throw new Error("exact trees need a discrete problem");
  const n = problem.agents;
  const m = problem.goods;
  const T = problem.horizon;
  const { count: R, consumption } = realizationTable(problem);
  const layout = featureLayout(problem);
  const pol = policyLayout(n, m, T, space.grid);
  const dev = spec.deviator;
  const everyone = allAgents(n);

  // The deviator's report options at a node: every report (a policy decision) or the truth.
  const expand = (base: Omit<Building, "reports" | "decision" | "truth">, out: Building[]) => {
    const truthful = truthfulReports(base.states, m);
    const truth = dev === null ? -1 : reportIndex(pol, base.states[dev].values);
    if (dev === null || !spec.deviateAt[base.depth]) {
      out.push({ ...base, reports: truthful, decision: -1, truth });
      return;
    }
    for (let k = 0; k < pol.reports; k++) {
      const reports = Float64Array.from(truthful);
      reports.set(reportVector(pol, k), dev * m);
      out.push({ ...base, reports, decision: k, truth });
    }
  };

  const nodes: Building[] = [];
  const depthStart = [0];
  const initial = Array.from({ length: n }, (_, i) => init.call(problem, i));
  const idx = new Array<number>(n).fill(0);
  for (;;) {
    let p = 1;
    for (let i = 0; i < n; i++) p *= initial[i][idx[i]].p;
    const base = {
      depth: 0,
      parent: -1,
      realization: -1,
      nature: p,
      states: idx.map((k, i) => initial[i][k].value),
      history: [],
      initType: [...idx],
    };
    expand(base, nodes);
    let i = 0;
    while (i < n && ++idx[i] === initial[i].length) idx[i++] = 0;
    if (i === n) break;
  }
  for (let tau = 1; tau < T; tau++) {
    const from = depthStart[tau - 1];
    const to = nodes.length;
    depthStart.push(to);
    for (let a = from; a < to; a++) {
      const node = nodes[a];
      for (let r = 0; r < R; r++) {
        const c = consumption[r];
        const record: PublicRecord = { reports: node.reports, consumption: c };
        const history = [...node.history, record];
        for (const b of jointTransitions(problem, everyone, node.states, c)) {
          expand(
            {
              depth: tau,
              parent: a,
              realization: r,
              nature: b.p,
              states: b.value,
              history,
              initType: node.initType,
            },
            nodes,
          );
        }
        if (nodes.length > maxNodes)
          throw new TreeTooLarge(`tree exceeds ${maxNodes} nodes at depth ${tau}`);
      }
    }
  }
  depthStart.push(nodes.length);

  const N = nodes.length;
  const mechRow = new Int32Array(N);
  const rowOf = new Map<string, number>();
  const firstNode: number[] = [];
  const rowKeys: string[] = [];
  nodes.forEach((x, k) => {
    const history = x.history.map((h) => periodKey(h.reports, h.consumption)).join(";");
    const key = tabularKey(history, x.reports);
    let row = rowOf.get(key);
    if (row === undefined) {
      row = firstNode.length;
      rowOf.set(key, row);
      firstNode.push(k);
      rowKeys.push(key);
    }
    mechRow[k] = row;
  });
  const mech = allocFeatureBatch(layout, firstNode.length);
  const tree: Tree = {
    ...spec,
    size: N,
    horizon: T,
    depthStart,
    depth: new Int32Array(N),
    parent: new Int32Array(N),
    realization: new Int32Array(N),
    nature: new Float64Array(N),
    values: new Float64Array(N * n * m),
    initType: new Int32Array(N * n),
    decisionRows: Int32Array.from(nodes.flatMap((x, k) => (x.decision >= 0 ? [k] : []))),
    decisionReport: new Int32Array(0),
    decisionTruth: new Int32Array(0),
    mech,
    mechRow,
    rowKeys,
    policyFeat: new Float32Array(0),
    layout,
    policy: pol,
  };
  const D = tree.decisionRows.length;
  tree.decisionReport = new Int32Array(D);
  tree.decisionTruth = new Int32Array(D);
  tree.policyFeat = new Float32Array(D * pol.featDim);
  nodes.forEach((x, k) => {
    tree.depth[k] = x.depth;
    tree.parent[k] = x.parent;
    tree.realization[k] = x.realization;
    tree.nature[k] = x.nature;
    x.states.forEach((s, i) => tree.values.set(s.values, k * n * m + i * m));
    x.initType.forEach((t, i) => (tree.initType[k * n + i] = t));
  });
  firstNode.forEach((k, row) =>
    encodePublic(layout, nodes[k].history, nodes[k].reports, mech, row),
  );
  tree.decisionRows.forEach((row, d) => {
    const x = nodes[row];
    tree.decisionReport[d] = x.decision;
    tree.decisionTruth[d] = x.truth;
    const own = x.states[dev!];
    encodePolicy(pol, dev!, own.values, own.consumed, x.history, tree.policyFeat, d);
  });
  return tree;
}
