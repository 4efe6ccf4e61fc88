// A deviation policy trained from scratch against a fixed mechanism, the MLP variant of the
// fresh adversary (`--adversary-policy mlp`; the default is recurrent-deviation.ts). Per good,
// a one-hidden-layer network maps what the deviator knows — its current and initial value, the
// period, how much of the good it has consumed, and a summary of the public history (the
// highest other report of the last period and of the first, whether it consumed the good last
// period) — to a residual added to the truthful report (report-residual.ts: logit space for
// box types, grid steps for discrete ones), in units of the prior's spread. The output layer
// starts at zero, so the policy starts exactly truthful. Training is REINFORCE with Gaussian
// exploration on the residual (learnable σ), the return being the deviator's paired gain over
// truth on the same nature draws (common random numbers), baselined by the batch mean.
import { Adam64 } from "../engine/optim/adam.js";
import { Rng } from "../engine/rng.js";
import type { DynamicProblem } from "../problems/types.js";
import { ReportResidual } from "./report-residual.js";
import type { ReportingStrategy, StrategyContext } from "./strategy.js";

const FEATURES = 8;

/** Parameter layout in one Float64Array: W1 (H×F), b1 (H), w2 (H), b2, log σ. */
export class TrainedDeviation implements ReportingStrategy {
  readonly name: string;
  readonly theta: Float64Array;
  /** Exploration on (training) or the deterministic policy (evaluation). */
  explore = false;
  /** Σ_τ ∂log π/∂θ of the trajectory being simulated (training). */
  readonly score: Float64Array;
  private noise = new Rng(0);
  private initial: Float64Array | null = null;
  private readonly space: ReportResidual;
  /** Scratch for one forward pass (features, hidden units), reused across calls. */
  private readonly x = new Float64Array(FEATURES);
  private readonly h: Float64Array;
  /** Feature standardization (mean, sd) of the current and initial value features. */
  norm = { mean: 0, sd: 1 };

  constructor(
    readonly problem: DynamicProblem,
    readonly agent: number,
    readonly hidden = 16,
    seed = 0,
    initLogStd = 0,
  ) {
    const H = hidden;
    this.name = `trained deviation (${H} hidden units, REINFORCE)`;
    this.theta = new Float64Array(H * FEATURES + H + H + 2);
    this.score = new Float64Array(this.theta.length);
    this.h = new Float64Array(H);
    const rng = new Rng(seed);
    for (let k = 0; k < H * FEATURES; k++) this.theta[k] = rng.normal() / Math.sqrt(FEATURES);
    // w2 and b2 stay 0: the residual is 0 and the policy exactly truthful at the start.
    this.theta[this.theta.length - 1] = initLogStd;
    this.space = new ReportResidual(problem, agent);
  }

  /** Start a trajectory: its exploration noise stream, and forget the initial values. */
  begin(noiseSeed: number): void {
    this.noise = new Rng(noiseSeed);
    this.initial = null;
    this.score.fill(0);
  }

  featureOf(v: number): number {
    return this.space.featureOf(v);
  }

  report(ctx: StrategyContext): Float64Array {
    const m = ctx.problem.goods;
    const v = ctx.state.values;
    if (ctx.tau === 0 || !this.initial) this.initial = Float64Array.from(v);
    const T = ctx.problem.horizon;
    const H = this.hidden;
    const th = this.theta;
    const oB1 = H * FEATURES;
    const oW2 = oB1 + H;
    const oB2 = oW2 + H;
    const logStd = th[oB2 + 1];
    const out = new Float64Array(m);
    const { x, h } = this;
    for (let j = 0; j < m; j++) {
      const { mean, sd } = this.norm;
      x[0] = (this.featureOf(v[j]) - mean) / sd;
      x[1] = (this.featureOf(this.initial[j]) - mean) / sd;
      x[2] = T > 1 ? ctx.tau / (T - 1) : 0;
      x[3] = ctx.state.consumed[j] / T;
      x[4] = 1;
      // Public information (0 before the first period is played).
      const hist = ctx.problem.agents > 1 ? ctx.history : [];
      x[5] = hist.length
        ? (this.featureOf(this.space.otherMax(hist[hist.length - 1].reports, j, m)) - mean) / sd
        : 0;
      x[6] = hist.length
        ? (this.featureOf(this.space.otherMax(hist[0].reports, j, m)) - mean) / sd
        : 0;
      x[7] = ctx.history.length
        ? ctx.history[ctx.history.length - 1].consumption[this.agent * m + j]
        : 0;
      let a = th[oB2];
      for (let q = 0; q < H; q++) {
        let s = th[oB1 + q];
        for (let f = 0; f < FEATURES; f++) s += th[q * FEATURES + f] * x[f];
        h[q] = Math.tanh(s);
        a += th[oW2 + q] * h[q];
      }
      let eps = 0;
      if (this.explore) {
        eps = this.noise.normal();
        // ∂ log N(a + σε; a, σ²)/∂a = ε/σ, and /∂ log σ = ε² − 1; chain rule through the net.
        const std = Math.exp(logStd);
        const g = eps / std;
        this.score[oB2] += g;
        for (let q = 0; q < H; q++) {
          this.score[oW2 + q] += g * h[q];
          const back = g * th[oW2 + q] * (1 - h[q] * h[q]);
          this.score[oB1 + q] += back;
          for (let f = 0; f < FEATURES; f++) this.score[q * FEATURES + f] += back * x[f];
        }
        this.score[oB2 + 1] += eps * eps - 1;
      }
      // The network's unit is one standard deviation of the value feature under the prior
      // (grid: one grid step), so that its initial steps and noise are on the prior's scale.
      const unit = this.space.grid ? 1 : this.norm.sd;
      const shift = unit * (a + (this.explore ? Math.exp(logStd) * eps : 0));
      out[j] = this.space.apply(v[j], shift);
    }
    return out;
  }

  optimizer(lr: number): Adam64 {
    return new Adam64(this.theta.length, lr);
  }
}
