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
  const disc = Float64Array.from({ length: tree.horizon }, (_, t) => Math.pow(gamma, t));
  // The tree's arrays in locals, and (agent, initial type) pairs flattened: the loops below run
  // over every node every iteration, and nested arrays and closures cost more there than the
  // arithmetic. The arithmetic itself (each operation and its order) is what it always was.
  const { parent, realization, mechRow, nature, values, initType, depth } = tree;
  const { alloc, pay } = x;
  const kOff = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) kOff[i + 1] = kOff[i] + initProbs[i].length;
  const prior = Float64Array.from(initProbs.flat());

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
    const p = parent[c];
    if (p < 0) continue;
    let r = realization[c];
    let prob = 1;
    const pr = mechRow[p];
    for (let j = 0; j < m; j++) {
      prob *= alloc[(pr * m + j) * W + (r % W)];
      r = Math.floor(r / W);
    }
    edgeA[c] = prob;
  }
  const reach = work.reach;
  for (let c = 0; c < N; c++) {
    const p = parent[c];
    reach[c] = (p < 0 ? 1 : reach[p] * edgeA[c]) * nature[c] * pi[c];
  }
  // Per-node (undiscounted) utilities of each agent.
  const util = work.util; // every entry written below
  const revenue = work.revenue.fill(0);
  for (let c = 0; c < N; c++) {
    const row = mechRow[c];
    for (let i = 0; i < n; i++) {
      let u = -pay[row * n + i];
      for (let j = 0; j < m; j++) u += values[c * n * m + i * m + j] * alloc[(row * m + j) * W + i];
      util[c * n + i] = u;
      revenue[c] += pay[row * n + i];
    }
  }
  let sumRevenue = 0;
  const sumUtility = new Float64Array(n);
  const sumInterim = new Float64Array(kOff[n]);
  for (let c = 0; c < N; c++) {
    const w = reach[c] * disc[depth[c]];
    sumRevenue += w * revenue[c];
    for (let i = 0; i < n; i++) {
      const ik = kOff[i] + initType[c * n + i];
      sumUtility[i] += w * util[c * n + i];
      sumInterim[ik] += (w * util[c * n + i]) / prior[ik];
    }
  }
  const sums: TreeSums = {
    revenue: sumRevenue,
    utility: Array.from(sumUtility),
    interim: initProbs.map((ps, i) => ps.map((_, k) => sumInterim[kOff[i] + k])),
  };
  if (tree.scenario && tree.scenarios) {
    const K = tree.scenarios;
    const by = {
      revenue: new Float64Array(K),
      utility: Array.from({ length: n }, () => new Float64Array(K)),
    };
    for (let c = 0; c < N; c++) {
      const s = tree.scenario[c];
      const w = reach[c] * disc[depth[c]];
      by.revenue[s] += w * revenue[c];
      for (let i = 0; i < n; i++) by.utility[i][s] += w * util[c * n + i];
    }
    sums.byScenario = by;
  }

  const backwardInto = (
    coef: Coefficients,
    sink: CotangentSink | null,
  ): Pick<TreeCotangents, "pi" | "value"> => {
    // Coefficient on agent i's utility at a node of initial type k: c_i + c_ik / P(k).
    const wTab = new Float64Array(kOff[n]);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < kOff[i + 1] - kOff[i]; k++)
        wTab[kOff[i] + k] = coef.utility[i] + coef.interim[i][k] / initProbs[i][k];
    const cRev = coef.revenue;
    const V = work.value; // every entry written below
    for (let c = 0; c < N; c++) {
      let g = cRev * revenue[c];
      for (let i = 0; i < n; i++) g += wTab[kOff[i] + initType[c * n + i]] * util[c * n + i];
      V[c] = disc[depth[c]] * g;
    }
    // Children come after parents: accumulate from the deepest node up.
    for (let c = N - 1; c >= 0; c--) {
      const p = parent[c];
      if (p >= 0) V[p] += edgeA[c] * nature[c] * pi[c] * V[c];
    }
    const cotAlloc = sink?.alloc ?? new Float64Array(0);
    const cotPay = sink?.pay ?? new Float64Array(0);
    for (let c = 0; sink && c < N; c++) {
      const w = reach[c] * disc[depth[c]];
      if (w === 0) continue;
      const row = mechRow[c];
      for (let i = 0; i < n; i++) {
        const wi = wTab[kOff[i] + initType[c * n + i]];
        cotPay[row * n + i] += w * (cRev - wi);
        for (let j = 0; j < m; j++)
          cotAlloc[(row * m + j) * W + i] += w * wi * values[c * n * m + i * m + j];
      }
    }
    const cotPi = new Float64Array(tree.decisionRows.length);
    const dEdge = work.dEdge; // ∂J/∂A on the edge into c (written before read)
    for (let c = 0; c < N; c++) {
      const p = parent[c];
      if (p < 0) continue;
      dEdge[c] = reach[p] * nature[c] * pi[c] * V[c];
      if (!sink) continue;
      const pr = mechRow[p];
      let r = realization[c];
      for (let j = 0; j < m; j++) {
        // ∂A/∂x[p, j, r_j] = Π_{j'≠j} x[p, j', r_j'].
        let rest = 1;
        let r2 = realization[c];
        for (let j2 = 0; j2 < m; j2++) {
          if (j2 !== j) rest *= alloc[(pr * m + j2) * W + (r2 % W)];
          r2 = Math.floor(r2 / W);
        }
        cotAlloc[(pr * m + j) * W + (r % W)] += dEdge[c] * rest;
        r = Math.floor(r / W);
      }
    }
    for (let d = 0; d < tree.decisionRows.length; d++) {
      const c = tree.decisionRows[d];
      const p = parent[c];
      cotPi[d] = (p < 0 ? 1 : reach[p] * edgeA[c]) * nature[c] * V[c];
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
