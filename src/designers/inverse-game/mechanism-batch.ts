// The mechanism network over a batch of public inputs (one row per tree node or per distinct
// public input), in fixed-size chunks: one compiled shape for every tree, and bounded
// temporaries (one unchunked vector–Jacobian product over the 54 009 rows of a T = 5 regret
// tree exceeded the WebAssembly backend's 4 GiB memory). Used by both oracles: the exact one
// uploads its trees once, the sampled one every step.
import { grad, jit, np, type Tensor } from "../../engine/jax.js";
import {
  mechanismForward,
  type MechanismArch,
  type MechInputs,
} from "../../mechanisms/neural/network.js";
import type { FeatureBatch, FeatureLayout } from "../../mechanisms/neural/features.js";

/** Rows per chunk; the last chunk is zero-padded. */
export const CHUNK = 4096;

/** A feature batch on the device, in chunks of CHUNK rows. */
export interface UploadedBatch {
  size: number;
  chunks: MechInputs[];
}

/** Copy a tensor to the host; consumes it (dataSync does). */
export const toHost = (t: Tensor): Float32Array => t.dataSync() as Float32Array;

const refs = (x: MechInputs): MechInputs => ({
  report: x.report.ref,
  cum: x.cum.ref,
  hist: x.hist.ref,
  mask: x.mask.ref,
});

export class MechanismBatch {
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

  upload(batch: FeatureBatch): UploadedBatch {
    const N = batch.size;
    const L = this.layout;
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
    return { size: N, chunks };
  }

  /** Allocation [N, m, n+1] and payments [N, n] of every row, on the host. */
  forward(theta: Tensor[], data: UploadedBatch): { alloc: Float32Array; pay: Float32Array } {
    const { n, m } = this.layout;
    const N = data.size;
    const alloc = new Float32Array(N * m * (n + 1));
    const pay = new Float32Array(N * n);
    data.chunks.forEach((x, c) => {
      const [a, p] = this.fwd(
        theta.map((t) => t.ref),
        refs(x),
      );
      const rows = Math.min(CHUNK, N - c * CHUNK);
      alloc.set(toHost(a).subarray(0, rows * m * (n + 1)), c * CHUNK * m * (n + 1));
      pay.set(toHost(p).subarray(0, rows * n), c * CHUNK * n);
    });
    return { alloc, pay };
  }

  /** Σ_rows ⟨ca, alloc⟩ + ⟨cp, pay⟩ differentiated in θ (one tensor per parameter). */
  vjp(theta: Tensor[], data: UploadedBatch, ca: Float32Array, cp: Float32Array): Tensor[] {
    const { n, m } = this.layout;
    const N = data.size;
    let total: Tensor[] | undefined;
    data.chunks.forEach((x, c) => {
      const rows = Math.min(CHUNK, N - c * CHUNK);
      const cA = new Float32Array(CHUNK * m * (n + 1));
      cA.set(ca.subarray(c * CHUNK * m * (n + 1), (c * CHUNK + rows) * m * (n + 1)));
      const cP = new Float32Array(CHUNK * n);
      cP.set(cp.subarray(c * CHUNK * n, (c * CHUNK + rows) * n));
      const g = this.vjpFn(
        theta.map((t) => t.ref),
        refs(x),
        np.array(cA).reshape([CHUNK, m, n + 1]),
        np.array(cP).reshape([CHUNK, n]),
      );
      total = total ? total.map((t, k) => t.add(g[k])) : g;
    });
    return total!;
  }

  static release(data: UploadedBatch): void {
    for (const x of data.chunks) for (const v of Object.values(x)) v.dispose();
  }

  dispose(): void {
    this.fwd.dispose();
    this.vjpFn.dispose();
  }
}
