// An Elman recurrent cell h_t = tanh(W x_t + U h_{t−1}) stored at an offset of a shared Float64
// parameter vector, with backpropagation through time along a sequence (recurrent-deviation.ts)
// or one step at a time (tree-recurrent-policy.ts, where a node's state feeds all its children).
import type { Rng } from "../engine/rng.js";

/** An Elman cell h_t = tanh(W x_t + U h_{t−1}) at `offset` in a shared parameter vector. */
export class Elman {
  readonly size: number;
  constructor(
    readonly inputs: number,
    readonly hidden: number,
    readonly offset: number,
  ) {
    this.size = hidden * inputs + hidden * hidden;
  }

  init(theta: Float64Array, rng: Rng): void {
    const { inputs: I, hidden: H, offset: o } = this;
    for (let k = 0; k < H * I; k++) theta[o + k] = rng.normal() / Math.sqrt(I);
    for (let k = 0; k < H * H; k++) theta[o + H * I + k] = (0.5 * rng.normal()) / Math.sqrt(H);
  }

  forward(theta: Float64Array, x: Float64Array, prev: Float64Array, out: Float64Array): void {
    const { inputs: I, hidden: H, offset: o } = this;
    for (let q = 0; q < H; q++) {
      let s = 0;
      for (let f = 0; f < I; f++) s += theta[o + q * I + f] * x[f];
      for (let r = 0; r < H; r++) s += theta[o + H * I + q * H + r] * prev[r];
      out[q] = Math.tanh(s);
    }
  }

  /**
   * Forward-mode derivative of one step along a parameter direction `v`: given h = this step's
   * state, `prev` the previous one and `dPrev` its derivative (null at the first step), writes
   * dh = (1 − h²)·(dW x + dU h_{t−1} + U dh_{t−1}) to `out` (natural-gradient.ts's Fisher–vector
   * products).
   */
  tangent(
    theta: Float64Array,
    v: Float64Array,
    x: Float64Array,
    h: Float64Array,
    prev: Float64Array | null,
    dPrev: Float64Array | null,
    out: Float64Array,
  ): void {
    const { inputs: I, hidden: H, offset: o } = this;
    for (let q = 0; q < H; q++) {
      let s = 0;
      for (let f = 0; f < I; f++) s += v[o + q * I + f] * x[f];
      if (prev)
        for (let r = 0; r < H; r++) {
          s += v[o + H * I + q * H + r] * prev[r];
          if (dPrev) s += theta[o + H * I + q * H + r] * dPrev[r];
        }
      out[q] = (1 - h[q] * h[q]) * s;
    }
  }

  /**
   * One step back: dz = (dh + carried)·(1 − h²); adds ∂L/∂θ to `grad` and ∂L/∂h_{t−1} to
   * `dPrev` (when there is a previous state).
   */
  backStep(
    theta: Float64Array,
    x: Float64Array,
    h: Float64Array,
    prev: Float64Array | null,
    dh: Float64Array,
    grad: Float64Array,
    dPrev: Float64Array | null,
  ): void {
    const { inputs: I, hidden: H, offset: o } = this;
    for (let q = 0; q < H; q++) {
      const dz = dh[q] * (1 - h[q] * h[q]);
      if (dz === 0) continue;
      for (let f = 0; f < I; f++) grad[o + q * I + f] += dz * x[f];
      if (prev)
        for (let r = 0; r < H; r++) {
          grad[o + H * I + q * H + r] += dz * prev[r];
          if (dPrev) dPrev[r] += theta[o + H * I + q * H + r] * dz;
        }
    }
  }

  /** Backpropagation through time: dh[t] is ∂L/∂h_t from the head; adds ∂L/∂θ to `grad`. */
  backward(
    theta: Float64Array,
    xs: Float64Array[],
    hs: Float64Array[],
    dh: Float64Array[],
    grad: Float64Array,
  ): void {
    const H = this.hidden;
    let carry = new Float64Array(H);
    for (let t = xs.length - 1; t >= 0; t--) {
      const total = Float64Array.from(dh[t], (d, q) => d + carry[q]);
      const next = new Float64Array(H);
      this.backStep(theta, xs[t], hs[t], t > 0 ? hs[t - 1] : null, total, grad, next);
      carry = next;
    }
  }
}
