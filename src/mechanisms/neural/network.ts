// The mechanism network of Inverse Games App. D.4, fed public information only (see features.ts):
//   h_report = f_report(report), h_alloc = f_alloc(cumulative consumption, τ),
//   h_hist = Attn({f_hist(token_k)}_{k<τ}),  h = f_shared([h_report, h_alloc, h_hist]),
//   allocation = softmax over (agents + nobody) per good,  payments from a payment head.
// Two forwards of the same maths: a batched one on jax tensors (training) and a plain-JS one
// on Float32 weights (the `Mechanism.outcome` used by the evaluators and certifier).
//
// Payments (`payments` parameter):
// - "fraction" (default): p_i = Σ_j x_ij · r_ij · σ(z_ij). A truthful agent never pays more
//   than its expected value in any period, so interim IR holds by construction and the IR
//   term of the objective is identically zero; optimal dynamic auctions of the handicap type
//   (Pavan–Segal–Toikka) have this form (the winner pays a threshold ≤ its report).
// - "free": p_i = scale · Σ_j z_ij, any sign; IR must then be enforced by the objective.
import { nn, np, type Tensor } from "../../engine/jax.js";
import type { Rng } from "../../engine/rng.js";
import type { Outcome } from "../../problems/types.js";
import type { FeatureBatch, FeatureLayout } from "./features.js";

export type PaymentMode = "fraction" | "free";

export interface MechanismArch {
  /** Width of the shared trunk (two layers). */
  width: number;
  payments: PaymentMode;
}

const D_REPORT = 32;
const D_ALLOC = 16;
const D_HIST = 16;
const D_PAY = 32;

export interface ParamShape {
  name: string;
  shape: number[];
}

export function mechanismParamShapes(layout: FeatureLayout, arch: MechanismArch): ParamShape[] {
  const { n, m } = layout;
  const w = arch.width;
  return [
    { name: "report.W", shape: [layout.reportDim, D_REPORT] },
    { name: "report.b", shape: [D_REPORT] },
    { name: "alloc.W", shape: [layout.cumDim, D_ALLOC] },
    { name: "alloc.b", shape: [D_ALLOC] },
    { name: "hist.W", shape: [layout.tokenDim, D_HIST] },
    { name: "hist.b", shape: [D_HIST] },
    { name: "hist.query", shape: [D_HIST] },
    { name: "shared1.W", shape: [D_REPORT + D_ALLOC + D_HIST, w] },
    { name: "shared1.b", shape: [w] },
    { name: "shared2.W", shape: [w, w] },
    { name: "shared2.b", shape: [w] },
    { name: "allocHead.W", shape: [w, m * (n + 1)] },
    { name: "allocHead.b", shape: [m * (n + 1)] },
    { name: "pay1.W", shape: [w, D_PAY] },
    { name: "pay1.b", shape: [D_PAY] },
    { name: "pay2.W", shape: [D_PAY, n * m] },
    { name: "pay2.b", shape: [n * m] },
  ];
}

/** Glorot-uniform weights, zero biases, drawn from `rng` (so a seed fixes them). */
export function initParams(shapes: ParamShape[], rng: Rng): Float32Array[] {
  return shapes.map(({ name, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(size);
    if (shape.length === 2) {
      const lim = Math.sqrt(6 / (shape[0] + shape[1]));
      for (let k = 0; k < size; k++) out[k] = rng.uniformIn(-lim, lim);
    } else if (name.endsWith("query")) {
      for (let k = 0; k < size; k++) out[k] = rng.uniformIn(-0.5, 0.5);
    }
    return out;
  });
}

const dense = (x: Tensor, W: Tensor, b: Tensor): Tensor => np.matmul(x, W).add(b);

/** Tensor inputs of a batch (see FeatureBatch). */
export interface MechInputs {
  report: Tensor; // [N, n·m]
  cum: Tensor; // [N, n·m + 1]
  hist: Tensor; // [N, H, tokenDim]
  mask: Tensor; // [N, H]
}

/**
 * Batched forward on tensors (usable inside jit). Consumes `params` and `x`.
 * Returns alloc [N, m, n+1] and payments [N, n].
 */
export function mechanismForward(
  params: Tensor[],
  x: MechInputs,
  layout: FeatureLayout,
  arch: MechanismArch,
): { alloc: Tensor; pay: Tensor } {
  const [Wr, br, Wc, bc, Wh, bh, q, W1, b1, W2, b2, Wa, ba, Wp1, bp1, Wp2, bp2] = params;
  const { n, m, histLen: H, tokenDim } = layout;
  const N = x.mask.shape[0];
  const hReport = nn.relu(dense(x.report.ref, Wr, br));
  const hAlloc = nn.relu(dense(x.cum, Wc, bc));
  // Attention pooling over past periods: scores s_k = q·f_hist(token_k), masked softmax.
  const tokens = nn.relu(dense(x.hist.reshape([N * H, tokenDim]), Wh, bh)).reshape([N, H, D_HIST]);
  const scores = np.matmul(tokens.ref, q.reshape([D_HIST, 1])).reshape([N, H]);
  const masked = scores.add(x.mask.ref.sub(1).mul(1e9));
  const att = nn.softmax(masked, -1);
  const hasHist = np.max(x.mask, -1, { keepdims: true });
  const pooled = np.sum(tokens.mul(att.reshape([N, H, 1])), 1).mul(hasHist);
  const h0 = np.concatenate([hReport, hAlloc, pooled], 1);
  const h1 = nn.relu(dense(h0, W1, b1));
  const h2 = nn.relu(dense(h1, W2, b2));
  const logits = dense(h2.ref, Wa, ba).reshape([N, m, n + 1]);
  const alloc = nn.softmax(logits, -1);
  const z = dense(nn.relu(dense(h2, Wp1, bp1)), Wp2, bp2).reshape([N, n, m]);
  let pay: Tensor;
  if (arch.payments === "fraction") {
    // x_ij · r_ij · σ(z_ij), summed over goods j.
    const xAgent = alloc.ref.slice([], [], [0, n]).transpose([0, 2, 1]); // [N, n, m]
    const raw = x.report.mul(layout.scale).reshape([N, n, m]);
    pay = np.sum(xAgent.mul(raw).mul(nn.sigmoid(z)), -1);
  } else {
    x.report.dispose();
    pay = np.sum(z, -1).mul(layout.scale);
  }
  return { alloc, pay };
}

// ---- plain JS forward (one row), same maths ----

function denseJs(
  x: ArrayLike<number>,
  W: Float32Array,
  b: Float32Array,
  out: number,
  relu: boolean,
): Float64Array {
  const d = x.length;
  const y = new Float64Array(out);
  for (let o = 0; o < out; o++) {
    let s = b[o];
    for (let k = 0; k < d; k++) s += x[k] * W[k * out + o];
    y[o] = relu && s < 0 ? 0 : s;
  }
  return y;
}

export function mechanismForwardJs(
  params: Float32Array[],
  batch: FeatureBatch,
  row: number,
  layout: FeatureLayout,
  arch: MechanismArch,
): Outcome {
  const [Wr, br, Wc, bc, Wh, bh, q, W1, b1, W2, b2, Wa, ba, Wp1, bp1, Wp2, bp2] = params;
  const { n, m, reportDim, cumDim, histLen: H, tokenDim } = layout;
  const w = arch.width;
  const report = batch.report.subarray(row * reportDim, (row + 1) * reportDim);
  const hReport = denseJs(report, Wr, br, D_REPORT, true);
  const hAlloc = denseJs(
    batch.cum.subarray(row * cumDim, (row + 1) * cumDim),
    Wc,
    bc,
    D_ALLOC,
    true,
  );
  const pooled = new Float64Array(D_HIST);
  const toks: Float64Array[] = [];
  const scores: number[] = [];
  for (let s = 0; s < H; s++) {
    if (batch.mask[row * H + s] === 0) continue;
    const t0 = (row * H + s) * tokenDim;
    const t = denseJs(batch.hist.subarray(t0, t0 + tokenDim), Wh, bh, D_HIST, true);
    let sc = 0;
    for (let k = 0; k < D_HIST; k++) sc += t[k] * q[k];
    toks.push(t);
    scores.push(sc);
  }
  if (toks.length > 0) {
    const mx = Math.max(...scores);
    const e = scores.map((s) => Math.exp(s - mx));
    const tot = e.reduce((a, b) => a + b, 0);
    toks.forEach((t, k) => {
      for (let d = 0; d < D_HIST; d++) pooled[d] += (e[k] / tot) * t[d];
    });
  }
  const h0 = new Float64Array(D_REPORT + D_ALLOC + D_HIST);
  h0.set(hReport, 0);
  h0.set(hAlloc, D_REPORT);
  h0.set(pooled, D_REPORT + D_ALLOC);
  const h1 = denseJs(h0, W1, b1, w, true);
  const h2 = denseJs(h1, W2, b2, w, true);
  const logits = denseJs(h2, Wa, ba, m * (n + 1), false);
  const alloc = new Float64Array(m * (n + 1));
  for (let j = 0; j < m; j++) {
    const o = j * (n + 1);
    let mx = -Infinity;
    for (let i = 0; i <= n; i++) mx = Math.max(mx, logits[o + i]);
    let tot = 0;
    for (let i = 0; i <= n; i++) tot += alloc[o + i] = Math.exp(logits[o + i] - mx);
    for (let i = 0; i <= n; i++) alloc[o + i] /= tot;
  }
  const z = denseJs(denseJs(h2, Wp1, bp1, D_PAY, true), Wp2, bp2, n * m, false);
  const payments = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const zij = z[i * m + j];
      payments[i] +=
        arch.payments === "fraction"
          ? alloc[j * (n + 1) + i] * report[i * m + j] * layout.scale * (1 / (1 + Math.exp(-zij)))
          : zij * layout.scale;
    }
  }
  return { alloc, payments };
}
