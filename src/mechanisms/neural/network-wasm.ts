// The mechanism network of network.ts — the same maths as `mechanismForward` — forward and
// vector–Jacobian product written by hand in Float32 on the WebAssembly SIMD kernel
// (../../engine/gemm-kernel.ts): the dense layers are kernel products (x·W forward; dY·Wᵀ
// against pre-transposed weights and Xᵀ·dY for the weight gradients backward), the rest
// (the masked attention softmax, the allocation softmax, the payment head) plain typed-array
// loops; biases, ReLUs and their backward ride on the products' epilogues. The input side (the
// encoders, the attention and the trunk's first product) runs once per distinct report
// profile and per distinct history (network-wasm-groups.ts), the rest per row, in chunks of
// CHUNK rows. The forward's activations stay in the kernel's memory (~0.7 KB a row at width
// 64) for the VJP that follows with the same θ, which then does not recompute them.
//
// Layout in the kernel's memory: every weight matrix [k × o] is stored with its columns padded
// to a multiple of 16 (zero columns, so padded activations are exactly zero), and so is every
// activation; the hidden width's padding also pads the next layer's rows.
import { GemmKernel, pad16 } from "../../engine/gemm-kernel.js";
import type { FeatureBatch, FeatureLayout } from "./features.js";
import { mechanismParamShapes, type MechanismArch } from "./network.js";
import { inputGroups, type InputGroups } from "./network-wasm-groups.js";
import {
  allocSoftmax,
  attentionBackward,
  attentionForward,
  headOutputs,
  headsBackward,
  type AttentionDims,
  type Heads,
} from "./network-wasm-loops.js";

/** Rows per chunk: the backward's chunk scratch (~1 KB a row at width 64) stays in L2. */
const CHUNK = 512;

/** Parameter indices (mechanismParamShapes's order). */
const [WR, BR, WC, BC, WH, BH, Q, W1, B1, W2, B2, WA, BA, WP1, BP1, WP2, BP2] = Array.from(
  { length: 17 },
  (_, k) => k,
);

/** A dense layer in kernel memory: W [k × o] padded, Wᵀ [o × pad16(k)], the bias padded. */
interface Dense {
  k: number;
  o: number;
  /** Padded column count of W (= row stride of W and of the layer's output). */
  op: number;
  w: number;
  wt: number;
  b: number;
}

type Acts = ReturnType<WasmMechanismNetwork["activations"]>;
type InputSide = ReturnType<WasmMechanismNetwork["inputSide"]>;
type Weights = ReturnType<WasmMechanismNetwork["weights"]>;
interface Forward {
  batch: FeatureBatch;
  params: Float32Array[];
  W: Weights;
  x: Acts;
  y: InputSide;
  gr: InputGroups;
  /** gr.pid and gr.gid in kernel memory (offsets). */
  ids: { pid: number; gid: number };
  /** The allocator's mark after them. */
  top: number;
}

export class WasmMechanismNetwork {
  readonly g: GemmKernel;
  private readonly dims: number[][];
  // Widths: report, alloc and history encoders; hidden width (padded); payment hidden; heads.
  private readonly dR: number;
  private readonly dA: number;
  private readonly dH: number;
  private readonly d0: number;
  private readonly wp: number;
  private readonly dP: number;
  private readonly la: number;
  private readonly nz: number;
  private last?: Forward;
  /** Each batch's input groups (the exact oracle's T batches are fixed: each grouped once). */
  private readonly grouped = new WeakMap<FeatureBatch, InputGroups>();
  private readonly att: AttentionDims;
  private readonly heads: Heads;

  constructor(
    readonly layout: FeatureLayout,
    readonly arch: MechanismArch,
  ) {
    this.g = new GemmKernel();
    this.dims = mechanismParamShapes(layout, arch).map((p) => p.shape);
    this.dR = this.dims[WR][1];
    this.dA = this.dims[WC][1];
    this.dH = this.dims[WH][1];
    this.d0 = this.dR + this.dA + this.dH;
    this.wp = pad16(arch.width);
    this.dP = this.dims[WP1][1];
    this.la = this.dims[WA][1];
    this.nz = this.dims[WP2][1];
    this.att = { H: layout.histLen, dH: this.dH };
    const { n, m, scale } = layout;
    const fraction = arch.payments === "fraction";
    this.heads = { n, m, scale, fraction, lp: pad16(this.la), zp: pad16(this.nz) };
    // The encoders write into column slices of h0: each slice must start on a 16-column block.
    for (const d of [this.dR, this.dA, this.dH, this.dP])
      if (d % 16 !== 0) throw new Error(`network-wasm: encoder width ${d} is not a multiple of 16`);
  }

  /**
   * Copy W (k × o, row-major) into kernel memory padded to `rows` × pad16(o), its transpose,
   * and the bias `bias` (o).
   */
  private dense(W: Float32Array, bias: Float32Array, k: number, o: number, rows = k): Dense {
    const g = this.g;
    const op = pad16(o);
    const kp = pad16(rows);
    const w = g.alloc(rows * op);
    const wt = g.alloc(o * kp);
    const b = g.alloc(op);
    const f = g.f32;
    f.fill(0, w, w + rows * op);
    f.fill(0, wt, wt + o * kp);
    f.fill(0, b, b + op);
    f.set(bias, b);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < o; j++) {
        f[w + i * op + j] = W[i * o + j];
        f[wt + j * kp + i] = W[i * o + j];
      }
    return { k, o, op, w, wt, b };
  }

  private one(): number {
    const at = this.g.alloc(4);
    this.g.f32[at] = 1;
    return at;
  }

  private weights(params: Float32Array[]) {
    const d = this.dims;
    const wp = this.wp;
    return {
      r: this.dense(params[WR], params[BR], d[WR][0], this.dR),
      c: this.dense(params[WC], params[BC], d[WC][0], this.dA),
      h: this.dense(params[WH], params[BH], d[WH][0], this.dH),
      s1: this.dense(params[W1], params[B1], this.d0, this.arch.width),
      s2: this.dense(params[W2], params[B2], this.arch.width, this.arch.width, wp),
      a: this.dense(params[WA], params[BA], this.arch.width, this.la, wp),
      p1: this.dense(params[WP1], params[BP1], this.arch.width, this.dP, wp),
      p2: this.dense(params[WP2], params[BP2], this.dP, this.nz),
      /** A one, for column sums (A = this float with both strides 0). */
      one: this.one(),
    };
  }

  /** Room for `N` rows' activations (offsets in kernel memory). */
  private activations(N: number) {
    const g = this.g;
    const wp = this.wp;
    return {
      h1: g.alloc(N * wp),
      h2: g.alloc(N * wp),
      lg: g.alloc(N * pad16(this.la)),
      p1: g.alloc(N * this.dP),
      z: g.alloc(N * pad16(this.nz)),
    };
  }

  /** The activations of rows from `s` on. */
  private shift(x: Acts, s: number): Acts {
    const { wp, dP } = this;
    return {
      h1: x.h1 + s * wp,
      h2: x.h2 + s * wp,
      lg: x.lg + s * pad16(this.la),
      p1: x.p1 + s * dP,
      z: x.z + s * pad16(this.nz),
    };
  }

  /**
   * The input side once per distinct report profile and per distinct history
   * (network-wasm-groups.ts): h_report [P × dR] and its part of the trunk's first product
   * U = h_report·W1[report rows] [P × wp]; h_alloc and pooled side by side in hg [G × dG]
   * (tokens and attention weights with them) and V = hg·W1[history rows] + b1 [G × wp].
   */
  private inputSide(p: Float32Array[], W: Weights, gr: InputGroups) {
    const g = this.g;
    const { reportDim: R, cumDim: C, histLen: H, tokenDim: T } = this.layout;
    const { dR, dA, dH, wp } = this;
    const { P, G, K } = gr;
    const dG = dA + dH;
    const y = {
      rep: g.alloc(P * R),
      hR: g.alloc(P * dR),
      U: g.alloc(P * wp),
      cum: g.alloc(G * C),
      hist: g.alloc(K * T),
      tok: g.alloc(K * dH),
      att: g.alloc(G * H),
      hg: g.alloc(G * dG),
      V: g.alloc(G * wp),
    };
    const f = g.f32;
    f.set(gr.report, y.rep);
    f.set(gr.cum, y.cum);
    f.set(gr.tokens, y.hist);
    const br = (d: Dense) => ({ bias: d.b, relu: true });
    g.gemm(y.rep, R, 1, W.r.w, W.r.op, y.hR, dR, P, R, dR, false, br(W.r));
    g.gemm(y.hR, dR, 1, W.s1.w, wp, y.U, wp, P, dR, wp, false);
    g.gemm(y.cum, C, 1, W.c.w, W.c.op, y.hg, dG, G, C, dA, false, br(W.c));
    g.gemm(y.hist, T, 1, W.h.w, W.h.op, y.tok, dH, K, T, dH, false, br(W.h));
    attentionForward(f, this.att, p[Q], gr.mask, gr.tokId, y.tok, K, y.att, y.hg + dA, dG, G);
    g.gemm(y.hg, dG, 1, W.s1.w + dR * wp, wp, y.V, wp, G, dG, wp, false, { bias: W.s1.b });
    return y;
  }

  /**
   * The weights of `params` and every row's activations on `batch` in kernel memory: the last
   * call's when θ and the batch are the same (an SGDA iteration's VJP follows its forward with
   * the same θ, so the VJP does not recompute the forward). Everything allocated after them is
   * the caller's scratch, freed at the next call.
   */
  private ensureForward(params: Float32Array[], batch: FeatureBatch): Forward {
    const g = this.g;
    const c = this.last;
    const same = (a: Float32Array, b: Float32Array) => a.every((v, i) => Object.is(v, b[i]));
    if (c && c.batch === batch && c.params.every((p, k) => same(p, params[k]))) {
      g.release(c.top);
      return c;
    }
    this.last = undefined;
    let gr = this.grouped.get(batch);
    if (!gr) {
      gr = inputGroups(this.layout, batch);
      this.grouped.set(batch, gr);
    }
    g.release(0);
    const W = this.weights(params);
    const y = this.inputSide(params, W, gr);
    const x = this.activations(Math.max(1, batch.size));
    const ids = { pid: g.int32s(gr.pid), gid: g.int32s(gr.gid) };
    for (let s = 0; s < batch.size; s += CHUNK)
      this.forwardChunk(W, this.shift(x, s), y, ids, s, Math.min(CHUNK, batch.size - s));
    this.last = { batch, params: params.map((p) => p.slice()), W, x, y, gr, ids, top: g.mark() };
    return this.last;
  }

  /** The trunk and heads of rows [s, s + rows), from the input side `y`. */
  private forwardChunk(
    W: Weights,
    x: Acts,
    y: InputSide,
    ids: Forward["ids"],
    s: number,
    rows: number,
  ) {
    const g = this.g;
    const { n, m } = this.layout;
    const wp = this.wp;
    const f = g.f32;
    const br = (d: Dense) => ({ bias: d.b, relu: true });
    g.assemble(y.U, y.V, ids.pid + s, ids.gid + s, rows, x.h1, wp);
    g.gemm(x.h1, wp, 1, W.s2.w, wp, x.h2, wp, rows, wp, wp, false, br(W.s2));
    const lp = W.a.op;
    g.gemm(x.h2, wp, 1, W.a.w, lp, x.lg, lp, rows, wp, lp, false, { bias: W.a.b });
    allocSoftmax(f, x.lg, lp, rows, n, m);
    g.gemm(x.h2, wp, 1, W.p1.w, this.dP, x.p1, this.dP, rows, wp, this.dP, false, br(W.p1));
    const zp = W.p2.op;
    g.gemm(x.p1, this.dP, 1, W.p2.w, zp, x.z, zp, rows, this.dP, zp, false, { bias: W.p2.b });
  }

  /**
   * Allocation [N, m, n+1] and payments [N, n] of every row of `batch`. Batches are keyed by
   * identity (their input groups and activations are cached): do not change a batch's contents
   * after passing it here; pass a new batch instead.
   */
  forward(params: Float32Array[], batch: FeatureBatch): { alloc: Float32Array; pay: Float32Array } {
    const g = this.g;
    const { n, m } = this.layout;
    const A = m * (n + 1);
    const N = batch.size;
    const alloc = new Float32Array(N * A);
    const pay = new Float32Array(N * n);
    const { x } = this.ensureForward(params, batch);
    for (let s = 0; s < N; s += CHUNK) {
      const xs = this.shift(x, s);
      headOutputs(
        g.f32,
        this.heads,
        batch.report,
        xs.lg,
        xs.z,
        s,
        Math.min(CHUNK, N - s),
        alloc,
        pay,
      );
    }
    return { alloc, pay };
  }

  /**
   * The θ-gradient of Σ_rows ⟨ca, alloc⟩ + ⟨cp, pay⟩ (cotangents [N, m, n+1] and [N, n]), one
   * Float32Array per parameter in mechanismParamShapes's order and shapes.
   */
  vjp(
    params: Float32Array[],
    batch: FeatureBatch,
    ca: ArrayLike<number>,
    cp: ArrayLike<number>,
  ): Float32Array[] {
    const g = this.g;
    const { n, m, reportDim: R, cumDim: C, histLen: H, tokenDim: T } = this.layout;
    const { dR, dA, dH, d0, wp, dP, la, nz } = this;
    const w = this.arch.width;
    const A = m * (n + 1);
    const lp = pad16(la);
    const zp = pad16(nz);
    const N = batch.size;
    const { W, x: X, y, gr, ids } = this.ensureForward(params, batch);
    const { P, G } = gr;
    const dG = dA + dH;
    const mark = g.mark();
    try {
      const d = {
        lg: g.alloc(CHUNK * lp),
        z: g.alloc(CHUNK * zp),
        p1: g.alloc(CHUNK * dP),
        h2: g.alloc(CHUNK * wp),
        h1: g.alloc(CHUNK * wp),
        hR: g.alloc(P * dR),
        hg: g.alloc(G * dG),
        tok: g.alloc(gr.K * dH),
      };
      // Weight gradients in kernel memory (padded like the weights), summed over chunks.
      const gw = {
        r: g.alloc(R * dR),
        c: g.alloc(C * dA),
        h: g.alloc(T * dH),
        s1: g.alloc(d0 * wp),
        s2: g.alloc(wp * wp),
        a: g.alloc(wp * lp),
        p1: g.alloc(wp * dP),
        p2: g.alloc(dP * zp),
      };
      // Bias gradients (padded like the biases).
      const gb = {
        r: g.alloc(dR),
        c: g.alloc(dA),
        h: g.alloc(dH),
        s1: g.alloc(wp),
        s2: g.alloc(wp),
        a: g.alloc(lp),
        p1: g.alloc(dP),
        p2: g.alloc(zp),
      };
      // The trunk's first-layer cotangent summed per profile and per history.
      const DU = g.alloc(P * wp);
      const DV = g.alloc(G * wp);
      const top = g.mark();
      g.f32.fill(0, gw.r, top);
      /** out[0, n) += the column sums of y[rows × n] (stride ld): 1ᵀ·y. */
      const sumRows = (y: number, ld: number, rows: number, out: number, cols: number) =>
        g.gemm(W.one, 0, 0, y, ld, out, cols, 1, rows, cols, true);
      // The attention query's gradient, in Float64.
      const gq = new Float64Array(dH);
      const dAlloc = new Float64Array(A);
      const datt = new Float64Array(H);
      for (let s = 0; s < N; s += CHUNK) {
        const rows = Math.min(CHUNK, N - s);
        const x = this.shift(X, s);
        const f = g.f32;
        // Heads: cotangents of the logits (softmax backward per good) and of z.
        headsBackward(f, this.heads, batch.report, ca, cp, x.lg, x.z, d.lg, d.z, s, rows, dAlloc);
        sumRows(d.lg, lp, rows, gb.a, lp);
        sumRows(d.z, zp, rows, gb.p2, zp);
        // Payment head and allocation head back to h2 (each ReLU's backward: the mask of its
        // output, applied by the product's store).
        g.gemmXtY(x.p1, dP, d.z, zp, gw.p2, zp, rows, dP, zp, true);
        g.gemm(d.z, zp, 1, W.p2.wt, dP, d.p1, dP, rows, nz, dP, false, { mask: x.p1 });
        sumRows(d.p1, dP, rows, gb.p1, dP);
        g.gemmXtY(x.h2, wp, d.p1, dP, gw.p1, dP, rows, wp, dP, true);
        g.gemmXtY(x.h2, wp, d.lg, lp, gw.a, lp, rows, wp, lp, true);
        g.gemm(d.p1, dP, 1, W.p1.wt, wp, d.h2, wp, rows, dP, wp, false);
        g.gemm(d.lg, lp, 1, W.a.wt, wp, d.h2, wp, rows, la, wp, true, { mask: x.h2 });
        // Shared trunk.
        sumRows(d.h2, wp, rows, gb.s2, wp);
        g.gemmXtY(x.h1, wp, d.h2, wp, gw.s2, wp, rows, wp, wp, true);
        g.gemm(d.h2, wp, 1, W.s2.wt, wp, d.h1, wp, rows, w, wp, false, { mask: x.h1 });
        g.scatter(DU, DV, ids.pid + s, ids.gid + s, rows, d.h1, wp);
      }
      // b1's gradient: every row's dh1 went into exactly one profile's DU.
      sumRows(DU, wp, P, gb.s1, wp);
      // The input side, once per profile and per history: W1's two row blocks, then h_report's
      // and [h_alloc, pooled]'s cotangents (the ReLU outputs masked, pooled not).
      g.gemmXtY(y.hR, dR, DU, wp, gw.s1, wp, P, dR, wp, true);
      g.gemmXtY(y.hg, dG, DV, wp, gw.s1 + dR * wp, wp, G, dG, wp, true);
      g.gemm(DU, wp, 1, W.s1.wt, d0, d.hR, dR, P, w, dR, false, { mask: y.hR });
      g.gemm(DV, wp, 1, W.s1.wt + dR, d0, d.hg, dG, G, w, dA, false, { mask: y.hg });
      g.gemm(DV, wp, 1, W.s1.wt + dR + dA, d0, d.hg + dA, dG, G, w, dH, false);
      // Report and alloc encoders.
      sumRows(d.hR, dR, P, gb.r, dR);
      sumRows(d.hg, dG, G, gb.c, dA);
      g.gemmXtY(y.rep, R, d.hR, dR, gw.r, dR, P, R, dR, true);
      g.gemmXtY(y.cum, C, d.hg, dG, gw.c, dA, G, C, dA, true);
      // Attention pooling: pooled = Σ_h att_h tok_h, att = softmax_h(q·tok_h) over real slots.
      const q = params[Q];
      const K = gr.K;
      attentionBackward(
        g.f32,
        this.att,
        q,
        gr.tokId,
        y.tok,
        K,
        y.att,
        d.hg + dA,
        dG,
        d.tok,
        G,
        gq,
        datt,
      );
      sumRows(d.tok, dH, K, gb.h, dH);
      g.gemmXtY(y.hist, T, d.tok, dH, gw.h, dH, K, T, dH, true);
      // Out of kernel memory, in the parameters' shapes.
      const f = g.f32;
      const take = (at: number, k: number, o: number, ld: number) => {
        const out = new Float32Array(k * o);
        for (let i = 0; i < k; i++) out.set(f.subarray(at + i * ld, at + i * ld + o), i * o);
        return out;
      };
      const out: Float32Array[] = [];
      out[Q] = Float32Array.from(gq);
      out[BR] = take(gb.r, 1, dR, 0);
      out[BC] = take(gb.c, 1, dA, 0);
      out[BH] = take(gb.h, 1, dH, 0);
      out[B1] = take(gb.s1, 1, w, 0);
      out[B2] = take(gb.s2, 1, w, 0);
      out[BA] = take(gb.a, 1, la, 0);
      out[BP1] = take(gb.p1, 1, dP, 0);
      out[BP2] = take(gb.p2, 1, nz, 0);
      out[WR] = take(gw.r, R, dR, dR);
      out[WC] = take(gw.c, C, dA, dA);
      out[WH] = take(gw.h, T, dH, dH);
      out[W1] = take(gw.s1, d0, w, wp);
      out[W2] = take(gw.s2, w, w, wp);
      out[WA] = take(gw.a, w, la, lp);
      out[WP1] = take(gw.p1, w, dP, dP);
      out[WP2] = take(gw.p2, dP, nz, zp);
      return out;
    } finally {
      g.release(mark);
    }
  }
}
