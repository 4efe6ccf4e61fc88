// The mechanism network of network.ts — the same maths as `mechanismForward` — forward and
// vector–Jacobian product written by hand in Float32 on the WebAssembly SIMD kernel
// (../../engine/gemm-kernel.ts): the dense layers are kernel products (x·W forward; dY·Wᵀ
// against pre-transposed weights and Xᵀ·dY for the weight gradients backward), the rest
// (biases, ReLU, the masked attention softmax, the allocation softmax, the payment head) plain
// typed-array loops. Rows run in chunks of CHUNK, whose activations stay in cache; the VJP
// recomputes its chunk's forward (as jax-js's grad does).
//
// Layout in the kernel's memory: every weight matrix [k × o] is stored with its columns padded
// to a multiple of 16 (zero columns, so padded activations are exactly zero), and so is every
// activation; the hidden width's padding also pads the next layer's rows.
import { GemmKernel, pad16 } from "../../engine/gemm-kernel.js";
import type { FeatureBatch, FeatureLayout } from "./features.js";
import { mechanismParamShapes, type MechanismArch } from "./network.js";

/** Rows per chunk: a chunk's activations (~1.5 KB a row at width 64) stay in L2. */
const CHUNK = 512;

/** Parameter indices (mechanismParamShapes's order). */
const [WR, BR, WC, BC, WH, BH, Q, W1, B1, W2, B2, WA, BA, WP1, BP1, WP2, BP2] = Array.from(
  { length: 17 },
  (_, k) => k,
);

/** A dense layer's weights in kernel memory: W [k × o] padded, and Wᵀ [o × pad16(k)]. */
interface Dense {
  k: number;
  o: number;
  /** Padded column count of W (= row stride of W and of the layer's output). */
  op: number;
  w: number;
  wt: number;
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
    // The encoders write into column slices of h0: each slice must start on a 16-column block.
    for (const d of [this.dR, this.dA, this.dH, this.dP])
      if (d % 16 !== 0) throw new Error(`network-wasm: encoder width ${d} is not a multiple of 16`);
  }

  /** Copy W (k × o, row-major) into kernel memory padded to `rows` × pad16(o), and its transpose. */
  private dense(W: Float32Array, k: number, o: number, rows = k): Dense {
    const g = this.g;
    const op = pad16(o);
    const kp = pad16(rows);
    const w = g.alloc(rows * op);
    const wt = g.alloc(o * kp);
    const f = g.f32;
    f.fill(0, w, w + rows * op);
    f.fill(0, wt, wt + o * kp);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < o; j++) {
        f[w + i * op + j] = W[i * o + j];
        f[wt + j * kp + i] = W[i * o + j];
      }
    return { k, o, op, w, wt };
  }

  private weights(params: Float32Array[]) {
    const d = this.dims;
    const wp = this.wp;
    return {
      r: this.dense(params[WR], d[WR][0], this.dR),
      c: this.dense(params[WC], d[WC][0], this.dA),
      h: this.dense(params[WH], d[WH][0], this.dH),
      s1: this.dense(params[W1], this.d0, this.arch.width),
      s2: this.dense(params[W2], this.arch.width, this.arch.width, wp),
      a: this.dense(params[WA], this.arch.width, this.la, wp),
      p1: this.dense(params[WP1], this.arch.width, this.dP, wp),
      p2: this.dense(params[WP2], this.dP, this.nz),
    };
  }

  /** Scratch for one chunk's forward (offsets in kernel memory). */
  private forwardScratch() {
    const g = this.g;
    const { reportDim: R, cumDim: C, histLen: H, tokenDim: T } = this.layout;
    const wp = this.wp;
    return {
      rep: g.alloc(CHUNK * R),
      cum: g.alloc(CHUNK * C),
      hist: g.alloc(CHUNK * H * T),
      tok: g.alloc(CHUNK * H * this.dH),
      att: g.alloc(CHUNK * H),
      h0: g.alloc(CHUNK * this.d0),
      h1: g.alloc(CHUNK * wp),
      h2: g.alloc(CHUNK * wp),
      lg: g.alloc(CHUNK * pad16(this.la)),
      p1: g.alloc(CHUNK * this.dP),
      z: g.alloc(CHUNK * pad16(this.nz)),
    };
  }

  /** y[rows × o] (stride ld) += b, then ReLU if asked. */
  private biasAct(y: number, ld: number, rows: number, b: Float32Array, relu: boolean): void {
    const f = this.g.f32;
    const o = b.length;
    for (let r = 0; r < rows; r++) {
      const base = y + r * ld;
      for (let j = 0; j < o; j++) {
        const v = f[base + j] + b[j];
        f[base + j] = relu && v < 0 ? 0 : v;
      }
    }
  }

  /** Forward of rows [s, s + rows) of `batch` into the scratch `x` (alloc left in x.lg). */
  private forwardChunk(
    p: Float32Array[],
    W: ReturnType<WasmMechanismNetwork["weights"]>,
    x: ReturnType<WasmMechanismNetwork["forwardScratch"]>,
    batch: FeatureBatch,
    s: number,
    rows: number,
  ): void {
    const g = this.g;
    const { n, m, reportDim: R, cumDim: C, histLen: H, tokenDim: T } = this.layout;
    const { dR, dA, dH, d0, wp } = this;
    const f = g.f32;
    f.set(batch.report.subarray(s * R, (s + rows) * R), x.rep);
    f.set(batch.cum.subarray(s * C, (s + rows) * C), x.cum);
    f.set(batch.hist.subarray(s * H * T, (s + rows) * H * T), x.hist);
    // Encoders, written into h0's column slices.
    g.gemm(x.rep, R, 1, W.r.w, W.r.op, x.h0, d0, rows, R, dR, false);
    this.biasAct(x.h0, d0, rows, p[BR], true);
    g.gemm(x.cum, C, 1, W.c.w, W.c.op, x.h0 + dR, d0, rows, C, dA, false);
    this.biasAct(x.h0 + dR, d0, rows, p[BC], true);
    g.gemm(x.hist, T, 1, W.h.w, W.h.op, x.tok, dH, rows * H, T, dH, false);
    this.biasAct(x.tok, dH, rows * H, p[BH], true);
    // Attention pooling: softmax of q·token over the row's real slots (a masked slot's weight
    // is exp(−1e9) = 0 in network.ts); a row without history pools zero.
    const q = p[Q];
    const mask = batch.mask;
    for (let r = 0; r < rows; r++) {
      const pooled = x.h0 + r * d0 + dR + dA;
      for (let d = 0; d < dH; d++) f[pooled + d] = 0;
      let mx = -Infinity;
      for (let h = 0; h < H; h++) {
        if (mask[(s + r) * H + h] === 0) continue;
        const t = x.tok + (r * H + h) * dH;
        let sc = 0;
        for (let d = 0; d < dH; d++) sc += f[t + d] * q[d];
        f[x.att + r * H + h] = sc;
        if (sc > mx) mx = sc;
      }
      let tot = 0;
      for (let h = 0; h < H; h++) {
        const a = mask[(s + r) * H + h] === 0 ? 0 : Math.exp(f[x.att + r * H + h] - mx);
        f[x.att + r * H + h] = a;
        tot += a;
      }
      for (let h = 0; h < H; h++) {
        const a = tot > 0 ? f[x.att + r * H + h] / tot : 0;
        f[x.att + r * H + h] = a;
        if (a === 0) continue;
        const t = x.tok + (r * H + h) * dH;
        for (let d = 0; d < dH; d++) f[pooled + d] += a * f[t + d];
      }
    }
    g.gemm(x.h0, d0, 1, W.s1.w, wp, x.h1, wp, rows, d0, wp, false);
    this.biasAct(x.h1, wp, rows, p[B1], true);
    g.gemm(x.h1, wp, 1, W.s2.w, wp, x.h2, wp, rows, wp, wp, false);
    this.biasAct(x.h2, wp, rows, p[B2], true);
    const lp = W.a.op;
    g.gemm(x.h2, wp, 1, W.a.w, lp, x.lg, lp, rows, wp, lp, false);
    this.biasAct(x.lg, lp, rows, p[BA], false);
    // Allocation: softmax over (agents + nobody) per good, in place.
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < m; j++) {
        const o = x.lg + r * lp + j * (n + 1);
        let mx = -Infinity;
        for (let i = 0; i <= n; i++) mx = Math.max(mx, f[o + i]);
        let tot = 0;
        for (let i = 0; i <= n; i++) tot += f[o + i] = Math.exp(f[o + i] - mx);
        for (let i = 0; i <= n; i++) f[o + i] /= tot;
      }
    g.gemm(x.h2, wp, 1, W.p1.w, this.dP, x.p1, this.dP, rows, wp, this.dP, false);
    this.biasAct(x.p1, this.dP, rows, p[BP1], true);
    const zp = W.p2.op;
    g.gemm(x.p1, this.dP, 1, W.p2.w, zp, x.z, zp, rows, this.dP, zp, false);
    this.biasAct(x.z, zp, rows, p[BP2], false);
  }

  /** Payments of chunk rows from the forward's scratch (see network.ts's payment modes). */
  private payments(x: { lg: number; z: number }, batch: FeatureBatch, s: number, r: number) {
    const { n, m, scale } = this.layout;
    const f = this.g.f32;
    const lp = pad16(this.la);
    const zp = pad16(this.nz);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++) {
        const z = f[x.z + r * zp + i * m + j];
        out[i] +=
          this.arch.payments === "fraction"
            ? f[x.lg + r * lp + j * (n + 1) + i] *
              batch.report[(s + r) * n * m + i * m + j] *
              scale *
              (1 / (1 + Math.exp(-z)))
            : z * scale;
      }
    return out;
  }

  /** Allocation [N, m, n+1] and payments [N, n] of every row of `batch`. */
  forward(params: Float32Array[], batch: FeatureBatch): { alloc: Float32Array; pay: Float32Array } {
    const g = this.g;
    const { n, m } = this.layout;
    const A = m * (n + 1);
    const N = batch.size;
    const alloc = new Float32Array(N * A);
    const pay = new Float32Array(N * n);
    const mark = g.mark();
    try {
      const W = this.weights(params);
      const x = this.forwardScratch();
      const lp = pad16(this.la);
      for (let s = 0; s < N; s += CHUNK) {
        const rows = Math.min(CHUNK, N - s);
        this.forwardChunk(params, W, x, batch, s, rows);
        const f = g.f32;
        for (let r = 0; r < rows; r++) {
          alloc.set(f.subarray(x.lg + r * lp, x.lg + r * lp + A), (s + r) * A);
          pay.set(this.payments(x, batch, s, r), (s + r) * n);
        }
      }
    } finally {
      g.release(mark);
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
    const { n, m, reportDim: R, cumDim: C, histLen: H, tokenDim: T, scale } = this.layout;
    const { dR, dA, dH, d0, wp, dP, la, nz } = this;
    const w = this.arch.width;
    const A = m * (n + 1);
    const lp = pad16(la);
    const zp = pad16(nz);
    const N = batch.size;
    const mark = g.mark();
    try {
      const W = this.weights(params);
      const x = this.forwardScratch();
      const d = {
        lg: g.alloc(CHUNK * lp),
        z: g.alloc(CHUNK * zp),
        p1: g.alloc(CHUNK * dP),
        h2: g.alloc(CHUNK * wp),
        h1: g.alloc(CHUNK * wp),
        h0: g.alloc(CHUNK * d0),
        tok: g.alloc(CHUNK * H * dH),
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
      const top = g.mark();
      g.f32.fill(0, gw.r, top);
      // Bias gradients and the attention query's, in Float64.
      const gb = params.map((p) => new Float64Array(p.length));
      const sumRows = (y: number, ld: number, rows: number, out: Float64Array) => {
        const f = g.f32;
        for (let r = 0; r < rows; r++)
          for (let j = 0; j < out.length; j++) out[j] += f[y + r * ld + j];
      };
      /** dY ⊙ [Y > 0]: the ReLU's backward, in place. */
      const reluBack = (dy: number, y: number, ld: number, rows: number, o: number) => {
        const f = g.f32;
        for (let r = 0; r < rows; r++)
          for (let j = 0; j < o; j++) if (f[y + r * ld + j] <= 0) f[dy + r * ld + j] = 0;
      };
      const dAlloc = new Float64Array(A);
      for (let s = 0; s < N; s += CHUNK) {
        const rows = Math.min(CHUNK, N - s);
        this.forwardChunk(params, W, x, batch, s, rows);
        const f = g.f32;
        // Heads: cotangents of the logits (softmax backward per good) and of z.
        f.fill(0, d.lg, d.lg + rows * lp);
        f.fill(0, d.z, d.z + rows * zp);
        for (let r = 0; r < rows; r++) {
          const a = x.lg + r * lp;
          for (let k = 0; k < A; k++) dAlloc[k] = ca[(s + r) * A + k];
          for (let i = 0; i < n; i++) {
            const c = cp[(s + r) * n + i];
            for (let j = 0; j < m; j++) {
              if (this.arch.payments === "free") {
                f[d.z + r * zp + i * m + j] = c * scale;
                continue;
              }
              // p_i = Σ_j x_ji · raw_ij · σ(z_ij)
              const sig = 1 / (1 + Math.exp(-f[x.z + r * zp + i * m + j]));
              const raw = batch.report[(s + r) * R + i * m + j] * scale;
              dAlloc[j * (n + 1) + i] += c * raw * sig;
              f[d.z + r * zp + i * m + j] = c * f[a + j * (n + 1) + i] * raw * sig * (1 - sig);
            }
          }
          for (let j = 0; j < m; j++) {
            const o = j * (n + 1);
            let dot = 0;
            for (let i = 0; i <= n; i++) dot += f[a + o + i] * dAlloc[o + i];
            for (let i = 0; i <= n; i++)
              f[d.lg + r * lp + o + i] = f[a + o + i] * (dAlloc[o + i] - dot);
          }
        }
        sumRows(d.lg, lp, rows, gb[BA]);
        sumRows(d.z, zp, rows, gb[BP2]);
        // Payment head and allocation head back to h2.
        g.gemmXtY(x.p1, dP, d.z, zp, gw.p2, zp, rows, dP, zp, true);
        g.gemm(d.z, zp, 1, W.p2.wt, dP, d.p1, dP, rows, nz, dP, false);
        reluBack(d.p1, x.p1, dP, rows, dP);
        sumRows(d.p1, dP, rows, gb[BP1]);
        g.gemmXtY(x.h2, wp, d.p1, dP, gw.p1, dP, rows, wp, dP, true);
        g.gemmXtY(x.h2, wp, d.lg, lp, gw.a, lp, rows, wp, lp, true);
        g.gemm(d.p1, dP, 1, W.p1.wt, wp, d.h2, wp, rows, dP, wp, false);
        g.gemm(d.lg, lp, 1, W.a.wt, wp, d.h2, wp, rows, la, wp, true);
        // Shared trunk.
        reluBack(d.h2, x.h2, wp, rows, w);
        sumRows(d.h2, wp, rows, gb[B2]);
        g.gemmXtY(x.h1, wp, d.h2, wp, gw.s2, wp, rows, wp, wp, true);
        g.gemm(d.h2, wp, 1, W.s2.wt, wp, d.h1, wp, rows, w, wp, false);
        reluBack(d.h1, x.h1, wp, rows, w);
        sumRows(d.h1, wp, rows, gb[B1]);
        g.gemmXtY(x.h0, d0, d.h1, wp, gw.s1, wp, rows, d0, wp, true);
        g.gemm(d.h1, wp, 1, W.s1.wt, d0, d.h0, d0, rows, w, d0, false);
        // Report and alloc encoders.
        reluBack(d.h0, x.h0, d0, rows, dR + dA);
        for (let r = 0; r < rows; r++)
          for (let j = 0; j < dR + dA; j++) {
            const v = g.f32[d.h0 + r * d0 + j];
            if (j < dR) gb[BR][j] += v;
            else gb[BC][j - dR] += v;
          }
        g.gemmXtY(x.rep, R, d.h0, d0, gw.r, dR, rows, R, dR, true);
        g.gemmXtY(x.cum, C, d.h0 + dR, d0, gw.c, dA, rows, C, dA, true);
        // Attention pooling: pooled = Σ_h att_h tok_h, att = softmax_h(q·tok_h) over real slots.
        const q = params[Q];
        const f2 = g.f32;
        f2.fill(0, d.tok, d.tok + rows * H * dH);
        for (let r = 0; r < rows; r++) {
          const dp = d.h0 + r * d0 + dR + dA;
          let dot = 0;
          const datt = new Float64Array(H);
          for (let h = 0; h < H; h++) {
            const a = f2[x.att + r * H + h];
            if (a === 0) continue;
            const t = x.tok + (r * H + h) * dH;
            const dt = d.tok + (r * H + h) * dH;
            let s2 = 0;
            for (let k = 0; k < dH; k++) {
              s2 += f2[t + k] * f2[dp + k];
              f2[dt + k] = a * f2[dp + k];
            }
            datt[h] = s2;
            dot += a * s2;
          }
          for (let h = 0; h < H; h++) {
            const a = f2[x.att + r * H + h];
            if (a === 0) continue;
            const ds = a * (datt[h] - dot);
            const t = x.tok + (r * H + h) * dH;
            const dt = d.tok + (r * H + h) * dH;
            for (let k = 0; k < dH; k++) {
              f2[dt + k] += ds * q[k];
              gb[Q][k] += ds * f2[t + k];
            }
          }
        }
        reluBack(d.tok, x.tok, dH, rows * H, dH);
        sumRows(d.tok, dH, rows * H, gb[BH]);
        g.gemmXtY(x.hist, T, d.tok, dH, gw.h, dH, rows * H, T, dH, true);
      }
      // Out of kernel memory, in the parameters' shapes.
      const f = g.f32;
      const take = (at: number, k: number, o: number, ld: number) => {
        const out = new Float32Array(k * o);
        for (let i = 0; i < k; i++) out.set(f.subarray(at + i * ld, at + i * ld + o), i * o);
        return out;
      };
      const out = gb.map((b) => Float32Array.from(b));
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
