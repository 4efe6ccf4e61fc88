// The mechanism network over a batch of public inputs (one row per tree node or per distinct
// public input), in fixed-size chunks: one compiled shape for every tree, and bounded
// temporaries (one unchunked vector–Jacobian product over the 54 009 rows of a T = 5 regret
// tree exceeded the WebAssembly backend's 4 GiB memory). Used by both oracles: the exact one
// uploads its trees once, the sampled one every step.
import { grad, jit, np, type Tensor } from "../../engine/jax.js";
import {
  mechanismForward,
  mechanismParamShapes,
  type MechanismArch,
  type MechInputs,
} from "../../mechanisms/neural/network.js";
import {
  allocFeatureBatch,
  type FeatureBatch,
  type FeatureLayout,
} from "../../mechanisms/neural/features.js";

/**
 * Rows per chunk (the last chunk is zero-padded): the default for batches whose size changes
 * every step (sampled trees), so little padding is computed.
 */
export const CHUNK = 4096;
/**
 * Rows per chunk for the exact oracle's fixed union batches (~75,000–107,000 rows at T = 5):
 * 4× fewer kernel dispatches than CHUNK, and the engine's per-operation JavaScript overhead
 * and per-dispatch module instantiation with them (T = 5 iteration: 1.26 → 0.98 CPU s);
 * a VJP's temporaries over 16,384 rows stay well inside the WebAssembly backend's 4 GiB.
 */
export const LARGE_CHUNK = 16384;

/** Chunk size for a fixed batch of `rows`: the smallest power of two ≥ rows, at most LARGE_CHUNK. */
export const fixedChunk = (rows: number): number =>
  Math.min(LARGE_CHUNK, Math.max(CHUNK, 2 ** Math.ceil(Math.log2(Math.max(1, rows)))));

/** A feature batch on the device, in chunks of CHUNK rows. */
export interface UploadedBatch {
  size: number;
  /** Rows per chunk (one compiled shape per chunk size). */
  chunkRows: number;
  chunks: MechInputs[];
}

/** Chunk c's rows of the cotangents, in Float32, zero-padded to the chunk size. */
export function chunkCotangents(
  layout: FeatureLayout,
  data: { size: number; chunkRows: number },
  c: number,
  ca: Float32Array | Float64Array,
  cp: Float32Array | Float64Array,
): { cA: Float32Array; cP: Float32Array } {
  const { n, m } = layout;
  const CHUNK = data.chunkRows;
  const rows = Math.min(CHUNK, data.size - c * CHUNK);
  const cA = new Float32Array(CHUNK * m * (n + 1));
  cA.set(ca.subarray(c * CHUNK * m * (n + 1), (c * CHUNK + rows) * m * (n + 1)));
  const cP = new Float32Array(CHUNK * n);
  cP.set(cp.subarray(c * CHUNK * n, (c * CHUNK + rows) * n));
  return { cA, cP };
}

/** Copy a tensor to the host; consumes it (dataSync does). */
export const toHost = (t: Tensor): Float32Array => t.dataSync() as Float32Array;

const refs = (x: MechInputs): MechInputs => ({
  report: x.report.ref,
  cum: x.cum.ref,
  hist: x.hist.ref,
  mask: x.mask.ref,
});

/**
 * What the exact oracle asks of a network implementation: MechanismBatch (jax-js) or
 * WasmMechanismBatch (mechlab's SIMD kernel, mechanism-batch-wasm.ts). X: an uploaded batch.
 */
export interface NetworkBatch<X> {
  readonly arch: MechanismArch;
  upload(batch: FeatureBatch, chunkRows: number): X;
  /** Allocation [N, m, n+1] and payments [N, n] of every row, on the host. */
  forward(theta: Tensor[], x: X): { alloc: Float32Array; pay: Float32Array };
  /** Σ_rows ⟨ca, alloc⟩ + ⟨cp, pay⟩ differentiated in θ (one tensor per parameter). */
  vjp(
    theta: Tensor[],
    x: X,
    ca: Float32Array | Float64Array,
    cp: Float32Array | Float64Array,
  ): Tensor[];
  release(x: X): void;
  dispose(): void;
}

export class MechanismBatch implements NetworkBatch<UploadedBatch> {
  private readonly fwd;
  private readonly vjpFn;

  constructor(
    readonly layout: FeatureLayout,
    readonly arch: MechanismArch,
  ) {
    const L = layout;
    const A = arch;
    this.fwd = jit((p: Tensor[], x: MechInputs) => {
      const o = mechanismForward(p, x, L, A);
      return [o.alloc, o.pay];
    });
    this.vjpFn = jit(
      grad((p: Tensor[], x: MechInputs, ca: Tensor, cp: Tensor) => {
        const o = mechanismForward(p, x, L, A);
        return np.sum(o.alloc.mul(ca)).add(np.sum(o.pay.mul(cp)));
      }),
    );
  }

  upload(batch: FeatureBatch, chunkRows = CHUNK): UploadedBatch {
    const N = batch.size;
    const L = this.layout;
    const CHUNK = chunkRows;
    const chunks: MechInputs[] = [];
    const chunk = (src: Float32Array, width: number, start: number) => {
      const out = new Float32Array(CHUNK * width);
      out.set(src.subarray(start * width, Math.min(N, start + CHUNK) * width));
      return np.array(out);
    };
    for (let s = 0; s < N; s += CHUNK) {
      chunks.push({
        report: chunk(batch.report, L.reportDim, s).reshape([CHUNK, L.reportDim]),
        cum: chunk(batch.cum, L.cumDim, s).reshape([CHUNK, L.cumDim]),
        hist: chunk(batch.hist, L.histLen * L.tokenDim, s).reshape([CHUNK, L.histLen, L.tokenDim]),
        mask: chunk(batch.mask, L.histLen, s).reshape([CHUNK, L.histLen]),
      });
    }
    return { size: N, chunkRows, chunks };
  }

  /** One chunk's allocation and payments (all chunkRows rows, padding included), on the host. */
  forwardChunk(theta: Tensor[], x: MechInputs): { alloc: Float32Array; pay: Float32Array } {
    const [a, p] = this.fwd(
      theta.map((t) => t.ref),
      refs(x),
    );
    return { alloc: toHost(a), pay: toHost(p) };
  }

  /** One chunk's θ-gradient of ⟨cA, alloc⟩ + ⟨cP, pay⟩ (cotangents of all chunkRows rows). */
  vjpChunk(theta: Tensor[], x: MechInputs, cA: Float32Array, cP: Float32Array): Tensor[] {
    const { n, m } = this.layout;
    const rows = x.mask.shape[0];
    return this.vjpFn(
      theta.map((t) => t.ref),
      refs(x),
      np.array(cA).reshape([rows, m, n + 1]),
      np.array(cP).reshape([rows, n]),
    );
  }

  /** Allocation [N, m, n+1] and payments [N, n] of every row, on the host. */
  forward(theta: Tensor[], data: UploadedBatch): { alloc: Float32Array; pay: Float32Array } {
    const { n, m } = this.layout;
    const N = data.size;
    const CHUNK = data.chunkRows;
    const alloc = new Float32Array(N * m * (n + 1));
    const pay = new Float32Array(N * n);
    data.chunks.forEach((x, c) => {
      const o = this.forwardChunk(theta, x);
      const rows = Math.min(CHUNK, N - c * CHUNK);
      alloc.set(o.alloc.subarray(0, rows * m * (n + 1)), c * CHUNK * m * (n + 1));
      pay.set(o.pay.subarray(0, rows * n), c * CHUNK * n);
    });
    return { alloc, pay };
  }

  /**
   * Σ_rows ⟨ca, alloc⟩ + ⟨cp, pay⟩ differentiated in θ (one tensor per parameter): one product
   * per chunk, summed in chunk order (network-pool.ts sums its workers' chunks in this order,
   * which makes the two bit-identical).
   */
  vjp(
    theta: Tensor[],
    data: UploadedBatch,
    ca: Float32Array | Float64Array,
    cp: Float32Array | Float64Array,
  ): Tensor[] {
    let total: Tensor[] | undefined;
    data.chunks.forEach((x, c) => {
      const { cA, cP } = chunkCotangents(this.layout, data, c, ca, cp);
      const g = this.vjpChunk(theta, x, cA, cP);
      total = total ? total.map((t, k) => t.add(g[k])) : g;
    });
    return total!;
  }

  static release(data: UploadedBatch): void {
    for (const x of data.chunks) for (const v of Object.values(x)) v.dispose();
  }

  release(data: UploadedBatch): void {
    MechanismBatch.release(data);
  }

  dispose(): void {
    this.fwd.dispose();
    this.vjpFn.dispose();
  }
}

/**
 * The distinct rows of several feature batches, as one batch, and where each batch's rows went
 * (rowMaps[b][row] = row of the union). Trees that share public histories (the truthful tree
 * and every one-shot regret tree of the same period) then need one forward and one
 * vector–Jacobian product between them: identical inputs give identical outputs, and the
 * θ-gradient is linear in the outputs' cotangents, so summing cotangents per union row first
 * gives the same gradient (up to float rounding) as one product per tree.
 */
export function unionBatch(
  layout: FeatureLayout,
  batches: FeatureBatch[],
): { batch: FeatureBatch; rowMaps: Int32Array[] } {
  const { reportDim: R, cumDim: C, histLen: H, tokenDim: K } = layout;
  const rowOf = new Map<string, number>();
  const src: [number, number][] = [];
  const rowMaps = batches.map((b, bi) => {
    const map = new Int32Array(b.size);
    for (let r = 0; r < b.size; r++) {
      // Bit patterns, not decimal strings: equal floats, equal keys.
      const key = [
        new Uint32Array(b.report.buffer, b.report.byteOffset + r * R * 4, R).join(","),
        new Uint32Array(b.cum.buffer, b.cum.byteOffset + r * C * 4, C).join(","),
        new Uint32Array(b.hist.buffer, b.hist.byteOffset + r * H * K * 4, H * K).join(","),
        new Uint32Array(b.mask.buffer, b.mask.byteOffset + r * H * 4, H).join(","),
      ].join("|");
      let u = rowOf.get(key);
      if (u === undefined) {
        u = src.length;
        rowOf.set(key, u);
        src.push([bi, r]);
      }
      map[r] = u;
    }
    return map;
  });
  const out = allocFeatureBatch(layout, src.length);
  src.forEach(([bi, r], u) => {
    const b = batches[bi];
    out.report.set(b.report.subarray(r * R, (r + 1) * R), u * R);
    out.cum.set(b.cum.subarray(r * C, (r + 1) * C), u * C);
    out.hist.set(b.hist.subarray(r * H * K, (r + 1) * H * K), u * H * K);
    out.mask.set(b.mask.subarray(r * H, (r + 1) * H), u * H);
  });
  return { batch: out, rowMaps };
}

/**
 * Multiply–adds of one row's forward pass through the network's matrix products (the history
 * encoder runs once per history slot, plus the attention scores); elementwise work is not
 * counted. A forward is 2·macs FLOPs, a VJP's backward about twice that (weight and input
 * cotangents), so one forward plus one backward over a row is 6·macs FLOPs.
 */
export function mechanismMacsPerRow(layout: FeatureLayout, arch: MechanismArch): number {
  let macs = 0;
  for (const { name, shape } of mechanismParamShapes(layout, arch)) {
    if (shape.length !== 2) continue;
    macs += shape[0] * shape[1] * (name === "hist.W" ? layout.histLen : 1);
    if (name === "hist.W") macs += layout.histLen * shape[1]; // scores q·token
  }
  return macs;
}
