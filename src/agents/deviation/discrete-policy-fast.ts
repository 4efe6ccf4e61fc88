// The discrete deviation policy's batched forward and vector–Jacobian product by hand (plain
// Float64 loops), for the exact oracle with kernel=wasm: the same maths as policyForward in
// discrete-policy.ts (q = softmax(k·e(t) + r(b)), r the featDim→32→32→reports ReLU MLP), whose
// jax-js dispatch costs far more than its few FLOPs. Equal to jax-js to rounding
// (discrete-policy-fast.test.ts).
//
// A tree's decision rows repeat their inputs: every report option of a decision node has the
// same features and truth, and many histories share the deviator's view b. q depends on
// (b, t) only, so the forward runs once per distinct (features, truth) row; the VJP sums each
// row's cotangent into its distinct row first (the Jacobian is the same for all of them).
import type { PolicyLayout } from "./discrete-policy.js";

/** Hidden width of the residual MLP (policyParamShapes). */
const H = 32;

export class FastPolicyBatch {
  /** Distinct rows. */
  readonly distinct: number;
  /** Distinct row of each decision row. */
  private readonly rowOf: Int32Array;
  private readonly feat: Float64Array;
  private readonly truth: Int32Array;
  private readonly F: number;
  private readonly R: number;
  // Activations of the last forward (for the VJP), per distinct row.
  private readonly h1: Float64Array;
  private readonly h2: Float64Array;
  private readonly qU: Float64Array;
  private readonly q: Float64Array;
  private readonly cU: Float64Array;
  private params: Float64Array[] | null = null;

  /** feat [D, featDim] and truth [D] (the truthful report's index) of the decision rows. */
  constructor(
    layout: PolicyLayout,
    feat: ArrayLike<number>,
    truth: ArrayLike<number>,
    readonly rows: number,
  ) {
    const F = layout.featDim;
    const R = layout.reports;
    this.F = F;
    this.R = R;
    const index = new Map<string, number>();
    const first: number[] = [];
    this.rowOf = new Int32Array(rows);
    for (let d = 0; d < rows; d++) {
      let key = String(truth[d]);
      for (let f = 0; f < F; f++) key += "," + feat[d * F + f];
      let u = index.get(key);
      if (u === undefined) {
        u = first.length;
        index.set(key, u);
        first.push(d);
      }
      this.rowOf[d] = u;
    }
    const U = first.length;
    this.distinct = U;
    this.feat = new Float64Array(U * F);
    this.truth = new Int32Array(U);
    first.forEach((d, u) => {
      for (let f = 0; f < F; f++) this.feat[u * F + f] = feat[d * F + f];
      this.truth[u] = truth[d];
    });
    this.h1 = new Float64Array(U * H);
    this.h2 = new Float64Array(U * H);
    this.qU = new Float64Array(U * R);
    this.q = new Float64Array(rows * R);
    this.cU = new Float64Array(U * R);
  }

  /**
   * q [D, reports] for params [W1, b1, W2, b2, Wr, br, k] (policyParamShapes). The result and
   * the activations are reused buffers, valid until the next forward; vjp differentiates at the
   * parameters of the last forward.
   */
  forward(params: readonly ArrayLike<number>[]): Float64Array {
    const [W1, b1, W2, b2, Wr, br, k] = params.map((p) => Float64Array.from(p));
    this.params = [W1, b1, W2, b2, Wr, br, k];
    const { F, R, feat, truth, h1, h2, qU } = this;
    const z = new Float64Array(R);
    for (let u = 0; u < this.distinct; u++) {
      const a1 = u * H;
      for (let j = 0; j < H; j++) h1[a1 + j] = b1[j];
      // The features are mostly one-hot: skip the zeros.
      for (let f = 0; f < F; f++) {
        const v = feat[u * F + f];
        if (v === 0) continue;
        for (let j = 0; j < H; j++) h1[a1 + j] += v * W1[f * H + j];
      }
      for (let j = 0; j < H; j++) h2[a1 + j] = b2[j];
      for (let i = 0; i < H; i++) {
        const v = h1[a1 + i];
        if (v <= 0) {
          h1[a1 + i] = 0;
          continue;
        }
        for (let j = 0; j < H; j++) h2[a1 + j] += v * W2[i * H + j];
      }
      for (let r = 0; r < R; r++) z[r] = br[r];
      for (let j = 0; j < H; j++) {
        const v = h2[a1 + j];
        if (v <= 0) {
          h2[a1 + j] = 0;
          continue;
        }
        for (let r = 0; r < R; r++) z[r] += v * Wr[j * R + r];
      }
      z[truth[u]] += k[0];
      let max = -Infinity;
      for (let r = 0; r < R; r++) if (z[r] > max) max = z[r];
      let sum = 0;
      for (let r = 0; r < R; r++) sum += z[r] = Math.exp(z[r] - max);
      for (let r = 0; r < R; r++) qU[u * R + r] = z[r] / sum;
    }
    const q = this.q;
    for (let d = 0; d < this.rows; d++)
      q.set(qU.subarray(this.rowOf[d] * R, (this.rowOf[d] + 1) * R), d * R);
    return q;
  }

  /** The gradient of Σ q ⊙ cq (cq [D, reports]) for every parameter, at the last forward's. */
  vjp(cq: ArrayLike<number>): Float64Array[] {
    if (!this.params) throw new Error("FastPolicyBatch.vjp before forward");
    const [, , W2, , Wr] = this.params;
    const { F, R, feat, truth, h1, h2, qU, cU } = this;
    const g = this.params.map((p) => new Float64Array(p.length));
    const [gW1, gb1, gW2, gb2, gWr, gbr, gk] = g;
    cU.fill(0);
    for (let d = 0; d < this.rows; d++) {
      const u = this.rowOf[d];
      for (let r = 0; r < R; r++) cU[u * R + r] += cq[d * R + r];
    }
    const dz = new Float64Array(R);
    const d2 = new Float64Array(H);
    const d1 = new Float64Array(H);
    for (let u = 0; u < this.distinct; u++) {
      // softmax: dz = q ⊙ (c − ⟨q, c⟩)
      let s = 0;
      let any = false;
      for (let r = 0; r < R; r++) {
        s += qU[u * R + r] * cU[u * R + r];
        if (cU[u * R + r] !== 0) any = true;
      }
      if (!any) continue;
      for (let r = 0; r < R; r++) {
        dz[r] = qU[u * R + r] * (cU[u * R + r] - s);
        gbr[r] += dz[r];
      }
      gk[0] += dz[truth[u]];
      const a = u * H;
      for (let j = 0; j < H; j++) {
        const v = h2[a + j];
        if (v <= 0) {
          d2[j] = 0;
          continue;
        }
        let t = 0;
        for (let r = 0; r < R; r++) {
          gWr[j * R + r] += v * dz[r];
          t += Wr[j * R + r] * dz[r];
        }
        d2[j] = t;
        gb2[j] += t;
      }
      for (let i = 0; i < H; i++) {
        const v = h1[a + i];
        if (v <= 0) {
          d1[i] = 0;
          continue;
        }
        let t = 0;
        for (let j = 0; j < H; j++) {
          gW2[i * H + j] += v * d2[j];
          t += W2[i * H + j] * d2[j];
        }
        d1[i] = t;
        gb1[i] += t;
      }
      for (let f = 0; f < F; f++) {
        const v = feat[u * F + f];
        if (v === 0) continue;
        for (let j = 0; j < H; j++) gW1[f * H + j] += v * d1[j];
      }
    }
    return g;
  }
}
