// Multilayer perceptrons on the engine's tensors: parameters are a flat list
// [W₁, b₁, W₂, b₂, …] so that optimizers and checkpoints treat them uniformly.
import { np, type Tensor } from "../engine/jax.js";
import type { Rng } from "../engine/rng.js";

/**
 * Weights ~ N(0, gain²/fan_in) (LeCun-style scaling), biases 0; the last layer's gain is
 * `lastGain` (small for policy heads, so that the initial policy is near uniform).
 */
export function initMlp(rng: Rng, sizes: number[], lastGain = 1): Tensor[] {
  const params: Tensor[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [a, b] = [sizes[l], sizes[l + 1]];
    const gain = l + 2 === sizes.length ? lastGain : Math.SQRT2;
    const w = new Float32Array(a * b);
    for (let k = 0; k < w.length; k++) w[k] = (rng.normal() * gain) / Math.sqrt(a);
    params.push(np.array(w).reshape([a, b]), np.zeros([b]));
  }
  return params;
}

/** tanh MLP; consumes `params` (pass `.ref`s) and `x`; the last layer is linear. */
export function mlp(params: Tensor[], x: Tensor): Tensor {
  let h = x;
  for (let l = 0; l < params.length; l += 2) {
    h = np.matmul(h, params[l]).add(params[l + 1]);
    if (l + 2 < params.length) h = np.tanh(h);
  }
  return h;
}
