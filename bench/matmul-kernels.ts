// The products whose speed is the engine's peak in bench/designers.ts (jitted on jax-js, and on
// mechlab's WebAssembly SIMD kernel), shared by its
// one-thread measurement and each thread of its two-thread one (bench/peak-worker.ts).
import { grad, jit, np, type Tensor } from "../src/engine/jax.js";
import type { Rng } from "../src/engine/rng.js";
import { GemmKernel, pad16 } from "../src/engine/gemm-kernel.js";

/** A tensor of standard normal draws. */
export const randomTensor = (rng: Rng, ...shape: number[]): Tensor =>
  np
    .array(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()))
    .reshape(shape);

/** Forward x·W, and the backward of y = x·W against a cotangent c: ∂/∂W = xᵀc and ∂/∂x = cWᵀ. */
export function matmulKernels() {
  const fwd = jit((x: Tensor, w: Tensor) => np.matmul(x, w));
  const bwd = jit(
    grad((w: Tensor, x: Tensor, c: Tensor) => np.sum(np.matmul(x, w).mul(c)), { argnums: [0, 1] }),
  );
  return { fwd, bwd };
}

/**
 * The same products on mechlab's WebAssembly SIMD kernel (src/engine/gemm-kernel.ts), on
 * random operands: forward x·W, backward xᵀc (in cache-sized row blocks, as the network's
 * weight gradients run) and c·Wᵀ (against a pre-transposed W).
 */
export function wasmMatmulKernels(rng: Rng, rows: number, k: number, o: number) {
  const g = new GemmKernel();
  const [n, kp] = [pad16(o), pad16(k)];
  const [x, w, wt, c, y, dw, dx] = [
    rows * k,
    k * n,
    o * kp,
    rows * n,
    rows * n,
    k * n,
    rows * kp,
  ].map((size) => g.alloc(size));
  for (let i = 0; i < g.f32.length; i++) g.f32[i] = rng.normal();
  return {
    fwd: () => g.gemm(x, k, 1, w, n, y, n, rows, k, n, false),
    bwd: () => {
      g.gemmXtY(x, k, c, n, dw, n, rows, k, n, false);
      g.gemm(c, n, 1, wt, kp, dx, kp, rows, o, kp, false);
    },
  };
}
