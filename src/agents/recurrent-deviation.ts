// The continuous deviation policy of Inverse Games App. D.4 for a fresh adversary: per good, a PUBLIC
// recurrent encoder reads the public history one period at a time (the highest other report of
// the period just played, whether the deviator consumed the good, the highest other initial
// report) and a PRIVATE recurrent encoder reads the deviator's own information (current and
// initial value, period, consumption so far); a linear head on both hidden states gives a
// residual added to the truthful report in logit space (box types; grid steps for discrete
// types), in units of the prior's spread. The head starts at zero, so the policy starts exactly
// truthful. Trained by REINFORCE like TrainedDeviation (Gaussian exploration with learnable σ):
// the score Σ_τ (ε_τ/σ)·∂a_τ/∂θ is backpropagated through time once per trajectory, when it is
// read.
import { Adam64 } from "../engine/optim/adam.js";
import { Rng } from "../engine/rng.js";
import { Elman } from "./elman.js";
import type { DynamicProblem } from "../problems/types.js";
import { ReportResidual } from "./report-residual.js";
import type { ReportingStrategy, StrategyContext } from "./strategy.js";

export const PUBLIC = 4; // other's last report, own last consumption, other's initial report, bias
export const PRIVATE = 5; // own value, own initial value, period, consumption, bias

/** What the two encoders read about good j at one period. */
export interface RecurrentContext {
  tau: number;
  horizon: number;
  values: ArrayLike<number>;
  initial: ArrayLike<number>;
  consumed: ArrayLike<number>;
  history: readonly { reports: ArrayLike<number>; consumption: ArrayLike<number> }[];
  good: number;
}

/** The public and private encoders' inputs (values standardized by `norm`). */
export function recurrentInputs(
  space: ReportResidual,
  norm: { mean: number; sd: number },
  c: RecurrentContext,
): { pub: Float64Array; priv: Float64Array } {
  const m = space.problem.goods;
  const j = c.good;
  const z = (x: number) => (space.featureOf(x) - norm.mean) / norm.sd;
  const hist = c.history;
  const last = hist.length ? hist[hist.length - 1] : null;
  const others = space.problem.agents > 1;
  const pub = Float64Array.of(
    last && others ? z(space.otherMax(last.reports, j, m)) : 0,
    last ? last.consumption[space.agent * m + j] : 0,
    last && others ? z(space.otherMax(hist[0].reports, j, m)) : 0,
    1,
  );
  const priv = Float64Array.of(
    z(c.values[j]),
    z(c.initial[j]),
    c.horizon > 1 ? c.tau / (c.horizon - 1) : 0,
    c.consumed[j] / c.horizon,
    1,
  );
  return { pub, priv };
}

/** One recorded decision of the policy (deviation/recurrent-decisions.ts reads them). */
export interface RecurrentDecision {
  /** Index of the decision whose hidden states this one continues (−1: none). */
  parent: number;
  pub: Float64Array;
  priv: Float64Array;
  /** Hidden states at the recorded parameters. */
  hPub: Float64Array;
  hPriv: Float64Array;
}

interface GoodTrace {
  pub: Float64Array[];
  priv: Float64Array[];
  hPub: Float64Array[];
  hPriv: Float64Array[];
  /** ε_τ/σ: ∂ log π/∂a_τ of the exploration at each step. */
  g: number[];
  /** The residual played, a_τ + σ ε_τ. */
  played: number[];
}

/** Parameter layout: public cell, private cell, head w (Hp + Hq), head bias, log σ. */
export class RecurrentDeviation implements ReportingStrategy {
  readonly name: string;
  readonly theta: Float64Array;
  explore = false;
  private noise = new Rng(0);
  readonly pubCell: Elman;
  readonly privCell: Elman;
  readonly oHead: number;
  private traces: GoodTrace[] = [];
  private initial: Float64Array | null = null;
  private readonly scoreBuf: Float64Array;
  private scoreDirty = false;
  private logSigmaScore = 0;
  readonly space: ReportResidual;
  norm = { mean: 0, sd: 1 };

  constructor(
    readonly problem: DynamicProblem,
    readonly agent: number,
    readonly hidden = 8,
    seed = 0,
    initLogStd = 0,
  ) {
    this.name = `trained deviation (recurrent: public and private encoders, ${hidden} units each, REINFORCE)`;
    this.pubCell = new Elman(PUBLIC, hidden, 0);
    this.privCell = new Elman(PRIVATE, hidden, this.pubCell.size);
    this.oHead = this.pubCell.size + this.privCell.size;
    this.theta = new Float64Array(this.oHead + 2 * hidden + 2);
    this.scoreBuf = new Float64Array(this.theta.length);
    const rng = new Rng(seed);
    this.pubCell.init(this.theta, rng);
    this.privCell.init(this.theta, rng);
    // Head weights and bias stay 0: the residual is 0 and the policy exactly truthful.
    this.theta[this.theta.length - 1] = initLogStd;
    this.space = new ReportResidual(problem, agent);
  }

  /**
   * One period of both encoders (previous states null at the first period) and the head: the
   * new hidden states and the mean residual a = b + w·(h_pub, h_priv), under `theta`.
   */
  step(
    theta: Float64Array,
    pub: Float64Array,
    priv: Float64Array,
    prevP: Float64Array | null,
    prevQ: Float64Array | null,
  ): { hp: Float64Array; hq: Float64Array; a: number } {
    const H = this.hidden;
    const hp = new Float64Array(H);
    const hq = new Float64Array(H);
    this.pubCell.forward(theta, pub, prevP ?? new Float64Array(H), hp);
    this.privCell.forward(theta, priv, prevQ ?? new Float64Array(H), hq);
    let a = theta[this.oHead + 2 * H];
    for (let q = 0; q < H; q++)
      a += theta[this.oHead + q] * hp[q] + theta[this.oHead + H + q] * hq[q];
    return { hp, hq, a };
  }

  /** The head's backward for ∂L/∂a = g: adds to `grad` (head) and to dhP, dhQ (∂L/∂h). */
  headBackward(
    theta: Float64Array,
    hp: Float64Array,
    hq: Float64Array,
    g: number,
    grad: Float64Array,
    dhP: Float64Array,
    dhQ: Float64Array,
  ): void {
    const H = this.hidden;
    for (let q = 0; q < H; q++) {
      grad[this.oHead + q] += g * hp[q];
      grad[this.oHead + H + q] += g * hq[q];
      dhP[q] += g * theta[this.oHead + q];
      dhQ[q] += g * theta[this.oHead + H + q];
    }
    grad[this.oHead + 2 * H] += g;
  }

  /** The report for true value v and residual a (in units of the prior's spread, or grid steps). */
  reportFor(v: number, a: number): number {
    return this.space.apply(v, (this.space.grid ? 1 : this.norm.sd) * a);
  }

  begin(noiseSeed: number): void {
    this.noise = new Rng(noiseSeed);
    this.initial = null;
    this.traces = [];
    this.logSigmaScore = 0;
    this.scoreDirty = true;
  }

  featureOf(v: number): number {
    return this.space.featureOf(v);
  }

  /** Σ_τ ∂ log π(report_τ)/∂θ of the trajectory since begin() (exploration on). */
  get score(): Float64Array {
    if (this.scoreDirty) this.backward();
    return this.scoreBuf;
  }

  report(ctx: StrategyContext): Float64Array {
    const m = ctx.problem.goods;
    const v = ctx.state.values;
    if (ctx.tau === 0 || !this.initial) {
      this.initial = Float64Array.from(v);
      this.traces = Array.from({ length: m }, () => ({
        pub: [],
        priv: [],
        hPub: [],
        hPriv: [],
        g: [],
        played: [],
      }));
    }
    const T = ctx.problem.horizon;
    const th = this.theta;
    const logStd = th[th.length - 1];
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const tr = this.traces[j];
      const { pub, priv } = recurrentInputs(this.space, this.norm, {
        tau: ctx.tau,
        horizon: T,
        values: v,
        initial: this.initial,
        consumed: ctx.state.consumed,
        history: ctx.history,
        good: j,
      });
      const last = tr.hPub.length - 1;
      const { hp, hq, a } = this.step(
        th,
        pub,
        priv,
        last >= 0 ? tr.hPub[last] : null,
        last >= 0 ? tr.hPriv[last] : null,
      );
      let eps = 0;
      if (this.explore) {
        eps = this.noise.normal();
        // ∂ log N(a + σε; a, σ²)/∂a = ε/σ and /∂ log σ = ε² − 1.
        this.logSigmaScore += eps * eps - 1;
        tr.pub.push(pub);
        tr.priv.push(priv);
        tr.hPub.push(hp);
        tr.hPriv.push(hq);
        tr.g.push(eps / Math.exp(logStd));
        tr.played.push(a + Math.exp(logStd) * eps);
      } else {
        tr.hPub.push(hp);
        tr.hPriv.push(hq);
      }
      out[j] = this.reportFor(v[j], a + (this.explore ? Math.exp(logStd) * eps : 0));
    }
    this.scoreDirty = true;
    return out;
  }

  /** The score by backpropagation through time of L = Σ_τ g_τ a_τ (and the log σ term). */
  private backward(): void {
    const s = this.scoreBuf;
    s.fill(0);
    const H = this.hidden;
    const th = this.theta;
    for (const tr of this.traces) {
      if (tr.g.length === 0) continue;
      const dhP = tr.g.map(() => new Float64Array(H));
      const dhQ = tr.g.map(() => new Float64Array(H));
      tr.g.forEach((g, t) => this.headBackward(th, tr.hPub[t], tr.hPriv[t], g, s, dhP[t], dhQ[t]));
      this.pubCell.backward(th, tr.pub, tr.hPub, dhP, s);
      this.privCell.backward(th, tr.priv, tr.hPriv, dhQ, s);
    }
    s[s.length - 1] += this.logSigmaScore;
    this.scoreDirty = false;
  }

  /**
   * The decisions of the trajectory since begin() (exploration on), one chain per good, for the
   * natural-gradient step (deviation/natural-gradient.ts).
   */
  decisions(): RecurrentDecision[] {
    const out: RecurrentDecision[] = [];
    for (const tr of this.traces)
      tr.played.forEach((_, t) =>
        out.push({
          parent: t > 0 ? out.length - 1 : -1,
          pub: tr.pub[t],
          priv: tr.priv[t],
          hPub: tr.hPub[t],
          hPriv: tr.hPriv[t],
        }),
      );
    return out;
  }

  /**
   * log π of the residuals played since begin() (exploration on) under parameters `theta`, the
   * inputs held fixed: what `score` differentiates (the gradient check in the tests).
   */
  logLikelihood(theta: Float64Array): number {
    const logStd = theta[theta.length - 1];
    let ll = 0;
    for (const tr of this.traces) {
      let hp: Float64Array | null = null;
      let hq: Float64Array | null = null;
      tr.played.forEach((r, t) => {
        const o = this.step(theta, tr.pub[t], tr.priv[t], hp, hq);
        hp = o.hp;
        hq = o.hq;
        ll += -0.5 * ((r - o.a) / Math.exp(logStd)) ** 2 - logStd;
      });
    }
    return ll;
  }

  optimizer(lr: number): Adam64 {
    return new Adam64(this.theta.length, lr);
  }
}
