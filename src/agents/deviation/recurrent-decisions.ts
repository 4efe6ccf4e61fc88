// The recurrent deviation policy's mean residual a_c(θ) at recorded decisions, as the
// natural-gradient step (natural-gradient.ts) reads it: a_c under other parameters (the KL of a
// step), J v by forward mode and Jᵀu by reverse mode (J = ∂a/∂θ), the inputs held fixed. The
// decisions form a forest — each continues its parent's hidden states — so one class serves the
// tree of the sampled oracle (tree-recurrent-policy.ts) and the trajectories of the fresh
// adversary (recurrent-deviation.ts; a trajectory is a chain).
import type { RecurrentDecision, RecurrentDeviation } from "../recurrent-deviation.js";
import type { GaussianDecisions } from "./natural-gradient.js";

export class RecurrentDecisions implements GaussianDecisions {
  /** `decisions` in an order where a parent comes before its children. */
  constructor(
    readonly net: RecurrentDeviation,
    readonly decisions: readonly RecurrentDecision[],
  ) {}

  get size(): number {
    return this.net.theta.length;
  }

  get count(): number {
    return this.decisions.length;
  }

  means(theta: Float64Array): Float64Array {
    const hP: Float64Array[] = [];
    const hQ: Float64Array[] = [];
    return Float64Array.from(this.decisions, (d, c) => {
      const up = d.parent;
      const o = this.net.step(
        theta,
        d.pub,
        d.priv,
        up >= 0 ? hP[up] : null,
        up >= 0 ? hQ[up] : null,
      );
      hP[c] = o.hp;
      hQ[c] = o.hq;
      return o.a;
    });
  }

  jvp(v: Float64Array): Float64Array {
    const net = this.net;
    const th = net.theta;
    const H = net.hidden;
    const o = net.oHead;
    const dP: Float64Array[] = [];
    const dQ: Float64Array[] = [];
    return Float64Array.from(this.decisions, (d, c) => {
      const up = d.parent >= 0 ? this.decisions[d.parent] : null;
      const dp = (dP[c] = new Float64Array(H));
      const dq = (dQ[c] = new Float64Array(H));
      net.pubCell.tangent(th, v, d.pub, d.hPub, up?.hPub ?? null, up ? dP[d.parent] : null, dp);
      net.privCell.tangent(th, v, d.priv, d.hPriv, up?.hPriv ?? null, up ? dQ[d.parent] : null, dq);
      let da = v[o + 2 * H];
      for (let q = 0; q < H; q++)
        da +=
          v[o + q] * d.hPub[q] +
          th[o + q] * dp[q] +
          v[o + H + q] * d.hPriv[q] +
          th[o + H + q] * dq[q];
      return da;
    });
  }

  vjp(u: Float64Array): Float64Array {
    const net = this.net;
    const th = net.theta;
    const H = net.hidden;
    const grad = new Float64Array(th.length);
    const n = this.decisions.length;
    const dP: (Float64Array | undefined)[] = new Array(n);
    const dQ: (Float64Array | undefined)[] = new Array(n);
    // Children after parents: from the last decision back, each has its children's carried
    // gradients before it is processed.
    for (let c = n - 1; c >= 0; c--) {
      const d = this.decisions[c];
      const dp = (dP[c] ??= new Float64Array(H));
      const dq = (dQ[c] ??= new Float64Array(H));
      net.headBackward(th, d.hPub, d.hPriv, u[c], grad, dp, dq);
      const k = d.parent;
      const up = k >= 0 ? this.decisions[k] : null;
      const upP = k >= 0 ? (dP[k] ??= new Float64Array(H)) : null;
      const upQ = k >= 0 ? (dQ[k] ??= new Float64Array(H)) : null;
      net.pubCell.backStep(th, d.pub, d.hPub, up?.hPub ?? null, dp, grad, upP);
      net.privCell.backStep(th, d.priv, d.hPriv, up?.hPriv ?? null, dq, grad, upQ);
    }
    return grad;
  }
}
