// The continuous deviation policy of seed 003 D.4 (agents/recurrent-deviation.ts: public and
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
  /** ε/σ of the exploration played here (0 when deterministic). */
  g: number;
  eps: number;
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
    const H = net.hidden;
    const m = this.problem.goods;
    const sigma = Math.exp(th[th.length - 1]);
    const unit = net.space.grid ? 1 : net.norm.sd;
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const { pub, priv } = recurrentInputs(net.space, net.norm, { ...ctx, good: j });
      const hPub = new Float64Array(H);
      const hPriv = new Float64Array(H);
      const up = parent >= 0 ? this.nodes[parent * m + j] : null;
      net.pubCell.forward(th, pub, up ? up.hPub : new Float64Array(H), hPub);
      net.privCell.forward(th, priv, up ? up.hPriv : new Float64Array(H), hPriv);
      const a = net.head(th, hPub, hPriv);
      this.nodes[node * m + j] = { parent, pub, priv, hPub, hPriv, g: eps[j] / sigma, eps: eps[j] };
      out[j] = net.space.apply(ctx.values[j], unit * (a + sigma * eps[j]));
    }
    return out;
  }

  /** ∂/∂θ of Σ_c weight[c] · log π(played residual at c), by backpropagation through the tree. */
  scoreGradient(weight: ArrayLike<number>): Float64Array {
    const net = this.net;
    const th = net.theta;
    const H = net.hidden;
    const m = this.problem.goods;
    const grad = new Float64Array(th.length);
    const count = this.nodes.length / m;
    const dPub: (Float64Array | undefined)[] = new Array(this.nodes.length);
    const dPriv: (Float64Array | undefined)[] = new Array(this.nodes.length);
    for (let c = count - 1; c >= 0; c--) {
      for (let j = 0; j < m; j++) {
        const k = c * m + j;
        const s = this.nodes[k];
        const w = weight[c];
        // ∂ log N(a + σε; a, σ²)/∂a = ε/σ, /∂ log σ = ε² − 1.
        const ga = w * s.g;
        grad[th.length - 1] += w * (s.eps * s.eps - 1);
        const dp = dPub[k] ?? new Float64Array(H);
        const dq = dPriv[k] ?? new Float64Array(H);
        for (let q = 0; q < H; q++) {
          grad[net.oHead + q] += ga * s.hPub[q];
          grad[net.oHead + H + q] += ga * s.hPriv[q];
          dp[q] += ga * th[net.oHead + q];
          dq[q] += ga * th[net.oHead + H + q];
        }
        grad[net.oHead + 2 * H] += ga;
        const up = s.parent >= 0 ? s.parent * m + j : -1;
        const upP = up >= 0 ? (dPub[up] ??= new Float64Array(H)) : null;
        const upQ = up >= 0 ? (dPriv[up] ??= new Float64Array(H)) : null;
        const parent = up >= 0 ? this.nodes[up] : null;
        net.pubCell.backStep(th, s.pub, s.hPub, parent ? parent.hPub : null, dp, grad, upP);
        net.privCell.backStep(th, s.priv, s.hPriv, parent ? parent.hPriv : null, dq, grad, upQ);
      }
    }
    return grad;
  }

  /** Σ_c weight[c] · log π(played residual at c) under parameters `theta` (for gradient checks). */
  logLikelihood(theta: Float64Array, weight: ArrayLike<number>): number {
    const net = this.net;
    const H = net.hidden;
    const m = this.problem.goods;
    const logStd = theta[theta.length - 1];
    const count = this.nodes.length / m;
    const hP: Float64Array[] = [];
    const hQ: Float64Array[] = [];
    let ll = 0;
    for (let c = 0; c < count; c++)
      for (let j = 0; j < m; j++) {
        const k = c * m + j;
        const s = this.nodes[k];
        const up = s.parent >= 0 ? s.parent * m + j : -1;
        hP[k] = new Float64Array(H);
        hQ[k] = new Float64Array(H);
        net.pubCell.forward(theta, s.pub, up >= 0 ? hP[up] : new Float64Array(H), hP[k]);
        net.privCell.forward(theta, s.priv, up >= 0 ? hQ[up] : new Float64Array(H), hQ[k]);
        const a = net.head(theta, hP[k], hQ[k]);
        // The residual played (under the parameters the tree was built with): a + σε.
        const r = this.playedResidual(k);
        ll += weight[c] * (-0.5 * ((r - a) / Math.exp(logStd)) ** 2 - logStd);
      }
    return ll;
  }

  private playedResidual(k: number): number {
    const th = this.net.theta;
    const s = this.nodes[k];
    return this.net.head(th, s.hPub, s.hPriv) + Math.exp(th[th.length - 1]) * s.eps;
  }
}
