// Adam (Kingma & Ba 2015) on a plain Float64Array, for the AMA designers whose gradients are
// computed by hand on typed arrays (the engine's Adam works on jax tensors). Ascent form:
// the designers maximize a score.
export class AdamAscent {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    readonly dim: number,
    readonly lr: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    this.m = new Float64Array(dim);
    this.v = new Float64Array(dim);
  }

  /** θ ← θ + lr · m̂ / (√v̂ + ε) for gradient g of the score. */
  step(theta: Float64Array, g: ArrayLike<number>): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    for (let k = 0; k < this.dim; k++) {
      this.m[k] = this.beta1 * this.m[k] + (1 - this.beta1) * g[k];
      this.v[k] = this.beta2 * this.v[k] + (1 - this.beta2) * g[k] * g[k];
      theta[k] += (this.lr * (this.m[k] / c1)) / (Math.sqrt(this.v[k] / c2) + this.eps);
    }
  }
}
