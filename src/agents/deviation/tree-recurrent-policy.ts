// The continuous deviation policy of Inverse Games App. D.4 (agents/recurrent-deviation.ts: public and
// private Elman encoders, a residual in logit space around the truthful report) evaluated over
// a TREE of public histories instead of one trajectory: a node's hidden states continue its
// parent's, so every branch of the realization tree sees its own history. Used inside the
// min–max by the sampled oracle (designers/inverse-game/sampled-oracle.ts).
//
// Exploration is Gaussian in the residual, r = a + σε. The score-function gradient of
// Σ_c W_c · log π(r_c | h_c) (W_c: the weight the oracle gives node c's decision) is one pass of
// backpropagation through the tree: each node's ∂/∂h collects its head term and its children's
// carried gradients, deepest nodes first.
import type { DynamicProblem } from "../../problems/types.js";
import {
  RecurrentDeviation,
  recurrentInputs,
  type RecurrentContext,
} from "../recurrent-deviation.js";

interface NodeState {
  parent: number;
  pub: Float64Array;
  priv: Float64Array;
  hPub: Float64Array;
  hPriv: Float64Array;
  eps: number;
  /** The residual played, a + σε. */
  played: number;
}

export class TreeRecurrentPolicy {
  /** The network definition and parameters (`net.theta`). */
  readonly net: RecurrentDeviation;
  /** nodes[c * m + j]: good j at tree node c. */
  private nodes: NodeState[] = [];

  constructor(
    readonly problem: DynamicProblem,
    readonly agent: number,
    hidden: number,
    norm: { mean: number; sd: number },
    seed = 0,
    initLogStd = 0,
  ) {
    this.net = new RecurrentDeviation(problem, agent, hidden, seed, initLogStd);
    this.net.norm = norm;
  }

  get size(): number {
    return this.net.theta.length;
  }

  /** Forget the nodes of the previous tree. */
  begin(): void {
    this.nodes = [];
  }

  /**
   * The deviator's report at node `node` (nodes numbered 0, 1, … in an order where a parent
   * comes before its children), its parent −1 at a root. `eps[j]` is the exploration noise of
   * good j (0: the mean residual, which is exactly truthful at initialization).
   */
  report(
    node: number,
    parent: number,
    ctx: Omit<RecurrentContext, "good">,
    eps: ArrayLike<number>,
  ): Float64Array {
    const net = this.net;
    const th = net.theta;
    const m = this.problem.goods;
    const sigma = Math.exp(th[th.length - 1]);
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const { pub, priv } = recurrentInputs(net.space, net.norm, { ...ctx, good: j });
      const up = parent >= 0 ? this.nodes[parent * m + j] : null;
      const { hp, hq, a } = net.step(th, pub, priv, up?.hPub ?? null, up?.hPriv ?? null);
      const played = a + sigma * eps[j];
      this.nodes[node * m + j] = { parent, pub, priv, hPub: hp, hPriv: hq, eps: eps[j], played };
      out[j] = net.reportFor(ctx.values[j], played);
    }
    return out;
  }

  /** ∂/∂θ of Σ_c weight[c] · log π(played residual at c), by backpropagation through the tree. */
  scoreGradient(weight: ArrayLike<number>): Float64Array {
    const net = this.net;
    const th = net.theta;
    const H = net.hidden;
    const m = this.problem.goods;
    const sigma = Math.exp(th[th.length - 1]);
    const grad = new Float64Array(th.length);
    const dPub: (Float64Array | undefined)[] = new Array(this.nodes.length);
    const dPriv: (Float64Array | undefined)[] = new Array(this.nodes.length);
    // Parents have lower indices than their children: from the last node back, every node has
    // received its children's carried gradients before it is processed.
    for (let k = this.nodes.length - 1; k >= 0; k--) {
      const s = this.nodes[k];
      const w = weight[Math.floor(k / m)];
      // ∂ log N(a + σε; a, σ²)/∂a = ε/σ, /∂ log σ = ε² − 1.
      grad[th.length - 1] += w * (s.eps * s.eps - 1);
      const dp = (dPub[k] ??= new Float64Array(H));
      const dq = (dPriv[k] ??= new Float64Array(H));
      net.headBackward(th, s.hPub, s.hPriv, (w * s.eps) / sigma, grad, dp, dq);
      const up = s.parent >= 0 ? s.parent * m + (k % m) : -1;
      const parent = up >= 0 ? this.nodes[up] : null;
      const upP = up >= 0 ? (dPub[up] ??= new Float64Array(H)) : null;
      const upQ = up >= 0 ? (dPriv[up] ??= new Float64Array(H)) : null;
      net.pubCell.backStep(th, s.pub, s.hPub, parent?.hPub ?? null, dp, grad, upP);
      net.privCell.backStep(th, s.priv, s.hPriv, parent?.hPriv ?? null, dq, grad, upQ);
    }
    return grad;
  }

  /** Σ_c weight[c] · log π(played residual at c) under parameters `theta` (for gradient checks). */
  logLikelihood(theta: Float64Array, weight: ArrayLike<number>): number {
    const net = this.net;
    const m = this.problem.goods;
    const logStd = theta[theta.length - 1];
    const hP: Float64Array[] = [];
    const hQ: Float64Array[] = [];
    let ll = 0;
    this.nodes.forEach((s, k) => {
      const up = s.parent >= 0 ? s.parent * m + (k % m) : -1;
      const o = net.step(theta, s.pub, s.priv, up >= 0 ? hP[up] : null, up >= 0 ? hQ[up] : null);
      hP[k] = o.hp;
      hQ[k] = o.hq;
      ll +=
        weight[Math.floor(k / m)] * (-0.5 * ((s.played - o.a) / Math.exp(logStd)) ** 2 - logStd);
    });
    return ll;
  }
}
