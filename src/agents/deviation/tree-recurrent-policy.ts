// The continuous deviation policy of Inverse Games App. D.4 (agents/recurrent-deviation.ts: public and
// private Elman encoders, a residual in logit space around the truthful report) evaluated over
// a TREE of public histories instead of one trajectory: a node's hidden states continue its
// parent's, so every branch of the realization tree sees its own history. Used inside the
// min–max by the sampled oracle (designers/inverse-game/sampled-oracle.ts).
//
// Exploration is Gaussian in the residual, r = a + σε. The score-function gradient of
// Σ_c W_c · log π(r_c | h_c) (W_c: the weight the oracle gives node c's decision) is one pass of
// backpropagation through the tree (recurrent-decisions.ts): each node's ∂/∂h collects its head
// term and its children's carried gradients, deepest nodes first.
import type { DynamicProblem } from "../../problems/types.js";
import {
  RecurrentDeviation,
  recurrentInputs,
  type RecurrentContext,
} from "../recurrent-deviation.js";
import { RecurrentDecisions } from "./recurrent-decisions.js";

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
    const th = this.net.theta;
    const m = this.problem.goods;
    const sigma = Math.exp(th[th.length - 1]);
    // ∂ log N(a + σε; a, σ²)/∂a = ε/σ, /∂ log σ = ε² − 1.
    const u = Float64Array.from(this.nodes, (s, k) => (weight[Math.floor(k / m)] * s.eps) / sigma);
    const grad = this.decisions().vjp(u);
    this.nodes.forEach(
      (s, k) => (grad[th.length - 1] += weight[Math.floor(k / m)] * (s.eps * s.eps - 1)),
    );
    return grad;
  }

  /**
   * The decisions of the current tree (one per node and good, decision c·m + j continuing
   * c's parent's), for backpropagation and the natural-gradient step.
   */
  decisions(): RecurrentDecisions {
    const m = this.problem.goods;
    return new RecurrentDecisions(
      this.net,
      this.nodes.map((s, k) => ({ ...s, parent: s.parent >= 0 ? s.parent * m + (k % m) : -1 })),
    );
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
