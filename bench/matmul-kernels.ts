// The jitted products whose speed is the engine's peak in bench/designers.ts, shared by its
// one-thread measurement and each thread of its two-thread one (bench/peak-worker.ts).
import { grad, jit, np, type Tensor } from "../src/engine/jax.js";
import type { Rng } from "../src/engine/rng.js";

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
