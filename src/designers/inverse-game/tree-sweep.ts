// Exact expectations over a Tree (../compiled-game/exact-tree.ts and sampled-tree.ts) and their
// gradients, in Float64 JS.
//
// Forward (sequence form): reach(root) = prior · π_root,
//   reach(c) = reach(parent) · A(parent, r_c) · nature(c) · π(c),  A(p, r) = Π_j x_p[j, r_j],
// where π(c) is the deviator's probability of the report made at c (1 when not a decision).
// Per-node payoffs, discounted by γ^τ (Inverse Games eq. 1–3, Inverse Games App. D.2):
//   revenue Σ_i p_i,   agent i: Σ_j v_ij x_ij − p_i   (E over the realization = allocation).
// Sums: v = Σ reach·revenue, U_i = Σ reach·u_i, h_ik = Σ_{init_i = k} reach·u_i / P(init_i = k).
//
// Backward for a scalar J = c_v·v + Σ_i c_i·U_i + Σ_ik c_ik·h_ik: V(node) = ∂J/∂reach(node) =
// g(node) + Σ_children A·nature·π·V(child), then the cotangents of every node's mechanism output
// (alloc, payments) and of every decision's report probability. The network gradients follow by
// one vector–Jacobian product each (mechanism-batch.ts), so autodiff never has to see the tree.
import type { SweepTree } from "../compiled-game/exact-tree.js";

export type { SweepTree } from "../compiled-game/exact-tree.js";

export interface TreeInputs {
  /** Mechanism outputs per mechanism row (tree.mechRow): alloc [U, m, n+1], payments [U, n]. */
  alloc: ArrayLike<number>;
  pay: ArrayLike<number>;
  /** Deviation tree: q [D, R] for the decision rows, and the mixing weight a. */
  q?: ArrayLike<number>;
  a?: number;
}

export interface TreeSums {
  revenue: number;
  utility: number[];
  /** interim[i][k]: agent i's expected utility given initial type k. */
  interim: number[][];
  /**
   * Sampled trees: each scenario's share of revenue and of every agent's utility (they sum to
   * the totals above; times K, one sample each), for standard errors across scenarios.
   */
  byScenario?: { revenue: Float64Array; utility: Float64Array[] };
}

export interface Coefficients {
  revenue: number;
  utility: number[];
  interim: number[][];
}

export interface TreeCotangents {
  alloc: Float32Array;
  pay: Float32Array;
  /** ∂J/∂π at each decision row (before the q/a split). */
  pi: Float64Array;
  /** V(node) = ∂J/∂reach(node): the node's discounted continuation value under J. */
  value: Float64Array;
}

/** Mechanism-output cotangents accumulated in place (indexed by tree.mechRow, Float64). */
export interface CotangentSink {
  alloc: Float64Array;
  pay: Float64Array;
}

export interface Sweep {
  sums: TreeSums;
  /** Probability of reaching each node (nature × allocations × the deviator's π). */
  reach: Float64Array;
  backward(coef: Coefficients): TreeCotangents;
  /**
   * Like `backward`, but ADDS the mechanism-output cotangents into `sink` (several trees whose
   * mechRow index one shared batch then need one vector–Jacobian product), or skips them when
   * `sink` is null (only ∂J/∂π and V are wanted).
   */
  backwardInto(
    coef: Coefficients,
    sink: CotangentSink | null,
  ): Pick<TreeCotangents, "pi" | "value">;
}

/**
 * Per-node buffers of a sweep, kept by a caller that sweeps the same tree every iteration (the
 * exact oracle) so that nothing of the tree's size is allocated per iteration. A sweep run on a
 * workspace is valid until the next sweep on that workspace.
 */
export class SweepWorkspace {
  readonly pi: Float64Array;
  readonly edgeA: Float64Array;
  readonly reach: Float64Array;
  readonly util: Float64Array;
  readonly revenue: Float64Array;
  readonly value: Float64Array;
  readonly dEdge: Float64Array;

  constructor(nodes: number, agents: number) {
    this.pi = new Float64Array(nodes);
    this.edgeA = new Float64Array(nodes);
    this.reach = new Float64Array(nodes);
    this.util = new Float64Array(nodes * agents);
    this.revenue = new Float64Array(nodes);
    this.value = new Float64Array(nodes);
    this.dEdge = new Float64Array(nodes);
  }
}

export function sweep(
  tree: SweepTree,
  x: TreeInputs,
  gamma: number,
  initProbs: readonly (readonly number[])[],
  work: SweepWorkspace = new SweepWorkspace(tree.size, tree.layout.n),
): Sweep {
  const { n, m } = tree.layout;
  const N = tree.size;
  const W = n + 1;
  const R = tree.policy.reports;
  const disc = Array.from({ length: tree.horizon }, (_, t) => Math.pow(gamma, t));

  // π per node (1 for non-decisions).
  const pi = work.pi.fill(1);
  const a = x.a ?? 0;
  for (let d = 0; d < tree.decisionRows.length; d++) {
    const rho = tree.decisionReport[d];
    const truth = rho === tree.decisionTruth[d] ? 1 : 0;
    pi[tree.decisionRows[d]] = (1 - a) * truth + a * (x.q ? x.q[d * R + rho] : truth);
  }
  // A(parent, r) for the edge into each node.
  const edgeA = work.edgeA.fill(1);
  for (let c = 0; c < N; c++) {
    const p = tree.parent[c];
    if (p < 0) continue;
    let r = tree.realization[c];
    let prob = 1;
    const pr = tree.mechRow[p];
    for (let j = 0; j < m; j++) {
      prob *= x.alloc[(pr * m + j) * W + (r % W)];
      r = Math.floor(r / W);
    }
    edgeA[c] = prob;
  }
  const reach = work.reach;
  for (let c = 0; c < N; c++) {
    const p = tree.parent[c];
    reach[c] = (p < 0 ? 1 : reach[p] * edgeA[c]) * tree.nature[c] * pi[c];
  }
  // Per-node (undiscounted) utilities of each agent.
  const util = work.util; // every entry written below
  const revenue = work.revenue.fill(0);
  for (let c = 0; c < N; c++) {
    const row = tree.mechRow[c];
    for (let i = 0; i < n; i++) {
      let u = -x.pay[row * n + i];
      for (let j = 0; j < m; j++)
        u += tree.values[c * n * m + i * m + j] * x.alloc[(row * m + j) * W + i];
      util[c * n + i] = u;
      revenue[c] += x.pay[row * n + i];
    }
  }
  const sums: TreeSums = {
    revenue: 0,
    utility: new Array<number>(n).fill(0),
    interim: initProbs.map((ps) => ps.map(() => 0)),
  };
  for (let c = 0; c < N; c++) {
    const w = reach[c] * disc[tree.depth[c]];
    sums.revenue += w * revenue[c];
    for (let i = 0; i < n; i++) {
      const k = tree.initType[c * n + i];
      sums.utility[i] += w * util[c * n + i];
      sums.interim[i][k] += (w * util[c * n + i]) / initProbs[i][k];
    }
  }
  if (tree.scenario && tree.scenarios) {
    const K = tree.scenarios;
    const by = {
      revenue: new Float64Array(K),
      utility: Array.from({ length: n }, () => new Float64Array(K)),
    };
    for (let c = 0; c < N; c++) {
      const s = tree.scenario[c];
      const w = reach[c] * disc[tree.depth[c]];
      by.revenue[s] += w * revenue[c];
      for (let i = 0; i < n; i++) by.utility[i][s] += w * util[c * n + i];
    }
    sums.byScenario = by;
  }

  const backwardInto = (
    coef: Coefficients,
    sink: CotangentSink | null,
  ): Pick<TreeCotangents, "pi" | "value"> => {
    // Coefficient on agent i's utility at node c: c_i + c_ik / P(k).
    const wAgent = (c: number, i: number) => {
      const k = tree.initType[c * n + i];
      return coef.utility[i] + coef.interim[i][k] / initProbs[i][k];
    };
    const V = work.value; // every entry written below
    for (let c = 0; c < N; c++) {
      let g = coef.revenue * revenue[c];
      for (let i = 0; i < n; i++) g += wAgent(c, i) * util[c * n + i];
      V[c] = disc[tree.depth[c]] * g;
    }
    // Children come after parents: accumulate from the deepest node up.
    for (let c = N - 1; c >= 0; c--) {
      const p = tree.parent[c];
      if (p >= 0) V[p] += edgeA[c] * tree.nature[c] * pi[c] * V[c];
    }
    const cotAlloc = sink?.alloc ?? new Float64Array(0);
    const cotPay = sink?.pay ?? new Float64Array(0);
    for (let c = 0; sink && c < N; c++) {
      const w = reach[c] * disc[tree.depth[c]];
      if (w === 0) continue;
      const row = tree.mechRow[c];
      for (let i = 0; i < n; i++) {
        const wi = wAgent(c, i);
        cotPay[row * n + i] += w * (coef.revenue - wi);
        for (let j = 0; j < m; j++)
          cotAlloc[(row * m + j) * W + i] += w * wi * tree.values[c * n * m + i * m + j];
      }
    }
    const cotPi = new Float64Array(tree.decisionRows.length);
    const dEdge = work.dEdge; // ∂J/∂A on the edge into c (written before read)
    for (let c = 0; c < N; c++) {
      const p = tree.parent[c];
      if (p < 0) continue;
      dEdge[c] = reach[p] * tree.nature[c] * pi[c] * V[c];
      if (!sink) continue;
      const pr = tree.mechRow[p];
      let r = tree.realization[c];
      for (let j = 0; j < m; j++) {
        // ∂A/∂x[p, j, r_j] = Π_{j'≠j} x[p, j', r_j'].
        let rest = 1;
        let r2 = tree.realization[c];
        for (let j2 = 0; j2 < m; j2++) {
          if (j2 !== j) rest *= x.alloc[(pr * m + j2) * W + (r2 % W)];
          r2 = Math.floor(r2 / W);
        }
        cotAlloc[(pr * m + j) * W + (r % W)] += dEdge[c] * rest;
        r = Math.floor(r / W);
      }
    }
    for (let d = 0; d < tree.decisionRows.length; d++) {
      const c = tree.decisionRows[d];
      const p = tree.parent[c];
      cotPi[d] = (p < 0 ? 1 : reach[p] * edgeA[c]) * tree.nature[c] * V[c];
    }
    return { pi: cotPi, value: V };
  };
  const backward = (coef: Coefficients): TreeCotangents => {
    const U = tree.mech.size;
    const sink = { alloc: new Float64Array(U * m * W), pay: new Float64Array(U * n) };
    const r = backwardInto(coef, sink);
    return { ...r, alloc: Float32Array.from(sink.alloc), pay: Float32Array.from(sink.pay) };
  };
  return { sums, reach, backward, backwardInto };
}
