// Discrete deviation policy (Inverse Games App. D.4, "prototype + residual"): for a deviating agent with
// current type t, q = softmax(k·e(t) + r(b)) over its report vectors, where e(t) is the one-hot
// truthful report, k a learnable prototype strength and r a residual MLP whose last layer is
// zero-initialised. The played policy mixes q with the exact truthful report,
//   π = (1 − a)·e(t) + a·q,   a ∈ [0, 1] learnable, a = 0 at the start,
// so the policy starts EXACTLY truthful (regret ψ = 0, not merely ≈ 0 as with a finite k).
// The designer trains q on the deviation advantage and a on ψ itself (see docs/inverse-game.md).
//
// The residual reads the deviator's belief-relevant information b: its own type and
// consumption, the period, every agent's last report, its own last consumption, and last
// period's public winners (all observable to it; nothing of the others' private types).
import { nn, np, type Tensor } from "../../engine/jax.js";
import type { ParamShape } from "../../mechanisms/neural/network.js";
import type { PublicRecord } from "../../mechanisms/neural/features.js";

export interface PolicyLayout {
  n: number;
  m: number;
  horizon: number;
  grid: readonly number[];
  /** Number of report vectors, K^m. */
  reports: number;
  featDim: number;
}

const HIDDEN = 32;
/** Initial prototype strength k (Inverse Games App.: "initialized large"). */
export const INITIAL_STRENGTH = 3;

export function policyLayout(
  n: number,
  m: number,
  horizon: number,
  grid: readonly number[],
): PolicyLayout {
  const K = grid.length;
  return {
    n,
    m,
    horizon,
    grid,
    reports: Math.pow(K, m),
    featDim: m * K + 2 * m + 1 + n * m * K + m * (n + 1),
  };
}

export function policyParamShapes(layout: PolicyLayout): ParamShape[] {
  return [
    { name: "fuse1.W", shape: [layout.featDim, HIDDEN] },
    { name: "fuse1.b", shape: [HIDDEN] },
    { name: "fuse2.W", shape: [HIDDEN, HIDDEN] },
    { name: "fuse2.b", shape: [HIDDEN] },
    // zero-initialised residual head (initParams leaves it at 0: see zeroResidual)
    { name: "residual.W", shape: [HIDDEN, layout.reports] },
    { name: "residual.b", shape: [layout.reports] },
    { name: "strength", shape: [1] },
  ];
}

/** Zero the residual head and set k after a generic initialisation. */
export function finishPolicyInit(params: Float32Array[]): Float32Array[] {
  params[4].fill(0);
  params[5].fill(0);
  params[6][0] = INITIAL_STRENGTH;
  return params;
}

/** Index of a report vector in the K^m report space (first good most significant). */
export function reportIndex(layout: PolicyLayout, values: ArrayLike<number>): number {
  let idx = 0;
  for (let j = 0; j < layout.m; j++) {
    const k = layout.grid.indexOf(values[j]);
    if (k < 0) throw new Error(`value ${values[j]} is not on the grid`);
    idx = idx * layout.grid.length + k;
  }
  return idx;
}

export function reportVector(layout: PolicyLayout, index: number): Float64Array {
  const K = layout.grid.length;
  const out = new Float64Array(layout.m);
  for (let j = layout.m - 1; j >= 0; j--) {
    out[j] = layout.grid[index % K];
    index = Math.floor(index / K);
  }
  return out;
}

/** The deviator's decision features, written into `out` at row `row`. */
export function encodePolicy(
  layout: PolicyLayout,
  agent: number,
  ownValues: ArrayLike<number>,
  ownConsumed: ArrayLike<number>,
  history: readonly PublicRecord[],
  out: Float32Array,
  row: number,
): void {
  const { m, n, grid, horizon } = layout;
  const K = grid.length;
  const base = row * layout.featDim;
  out.fill(0, base, base + layout.featDim);
  let o = base;
  for (let j = 0; j < m; j++) out[o + j * K + grid.indexOf(ownValues[j])] = 1;
  o += m * K;
  for (let j = 0; j < m; j++) out[o + j] = ownConsumed[j] / horizon;
  o += m;
  out[o++] = history.length / Math.max(1, horizon - 1);
  const last = history.length > 0 ? history[history.length - 1] : undefined;
  // Everyone's last reports (the others' are public; a truthful other's last report is its
  // last type, the core of the deviator's belief about it).
  if (last) {
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++)
        out[o + (i * m + j) * K + grid.indexOf(last.reports[i * m + j])] = 1;
  }
  o += n * m * K;
  if (last) for (let j = 0; j < m; j++) out[o + j] = last.consumption[agent * m + j];
  o += m;
  if (last) {
    for (let j = 0; j < m; j++) {
      let winner = n;
      for (let i = 0; i < n; i++) if (last.consumption[i * m + j] > 0) winner = i;
      out[o + j * (n + 1) + winner] = 1;
    }
  }
}

/** q = softmax(k·e(t) + r(b)) for a batch: feat [N, featDim], truth one-hot [N, R]. */
export function policyForward(params: Tensor[], feat: Tensor, truth: Tensor): Tensor {
  const [W1, b1, W2, b2, Wr, br, k] = params;
  const h1 = nn.relu(np.matmul(feat, W1).add(b1));
  const h2 = nn.relu(np.matmul(h1, W2).add(b2));
  const residual = np.matmul(h2, Wr).add(br);
  return nn.softmax(truth.mul(k).add(residual), -1);
}
