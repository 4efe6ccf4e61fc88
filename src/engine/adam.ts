// Adam (Kingma & Ba 2015) over a list of parameter tensors; jax-js ships no optimizer.
import { np, type Tensor } from "./jax.js";

export interface AdamConfig {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class Adam {
  private m: Tensor[];
  private v: Tensor[];
  private t = 0;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;

  constructor(
    params: Tensor[],
    public lr: number,
    config: Omit<AdamConfig, "lr"> = {},
  ) {
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.eps = config.eps ?? 1e-8;
    this.m = params.map((p) => np.zerosLike(p.ref));
    this.v = params.map((p) => np.zerosLike(p.ref));
  }

  /**
   * One ascent (sign=-1: descent) step. Consumes `params` and `grads`, returns new params.
   * Descent by default: p ← p − lr · m̂ / (√v̂ + ε).
   */
  step(params: Tensor[], grads: Tensor[], sign: 1 | -1 = -1): Tensor[] {
    this.t += 1;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const out: Tensor[] = [];
    for (let k = 0; k < params.length; k++) {
      const g = grads[k];
      const m = this.m[k].mul(b1).add(g.ref.mul(1 - b1));
      const v = this.v[k].mul(b2).add(g.ref.mul(g).mul(1 - b2));
      const update = m.ref
        .mul(1 / c1)
        .div(np.sqrt(v.ref.mul(1 / c2)).add(this.eps))
        .mul(sign * this.lr);
      out.push(params[k].add(update));
      this.m[k] = m;
      this.v[k] = v;
    }
    return out;
  }

  dispose(): void {
    for (const a of [...this.m, ...this.v]) a.dispose();
    this.m = [];
    this.v = [];
  }
}
