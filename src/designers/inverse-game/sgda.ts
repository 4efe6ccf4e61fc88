// Two-timescale stochastic gradient descent–ascent (Inverse Games Algorithm 1, after Daskalakis et
// al. 2021): each iteration evaluates the objective once at (θ, w), then the mechanism θ takes
// a descent step on the designer's loss f and every deviation policy w_i an ascent step on its
// regret ψ_i, with the adversary on the faster timescale (η_w > η_θ). Adam on both sides, or
// the oracle's own natural-gradient step for the adversary (`adversaryUpdate: "step"`).
import { Adam, Adam64, type AdamState } from "../../engine/optim/adam.js";
import { type Tensor } from "../../engine/jax.js";
import { Rng, type RngState } from "../../engine/rng.js";
import type { ParamShape } from "../../mechanisms/neural/network.js";
import type { LossBuilder } from "./losses.js";
import type { Estimates, Oracle } from "./oracle.js";
import { disposeAll, toArrays, toTensors } from "./params.js";

export interface SgdaConfig {
  /** η_θ, the mechanism's (slow) learning rate. */
  lrTheta: number;
  /** η_w, the deviation policies' (fast) learning rate. */
  lrW: number;
  /** Learning rate of the truthful/deviation mixing weight a ∈ [0, 1]. */
  lrA: number;
  /** Restart the deviation policies (truthful again) every this many iterations … */
  restartEvery: number;
  /** … and give them this many adversary-only iterations (θ frozen) before θ moves again. */
  warmup: number;
  /** η_θ decays linearly to this fraction of itself over the budget (settles the last iterates). */
  finalLrFraction: number;
}

export const DEFAULT_SGDA: SgdaConfig = {
  lrTheta: 5e-4,
  lrW: 1e-2,
  lrA: 0.1,
  restartEvery: 100,
  warmup: 30,
  finalLrFraction: 0.1,
};

/** Everything a Game carries between iterations (a checkpoint's `game` field). */
export interface GameState {
  iteration: number;
  theta: Float32Array[];
  w: Float32Array[][];
  a: number[];
  optTheta: AdamState;
  optW: AdamState[];
  optA: { m: Float64Array; v: Float64Array; t: number };
  rng: RngState;
}

/** The mixing weights a_i stay in [0, 1]. */
function clampUnit(a: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] = Math.min(1, Math.max(0, a[i]));
}

export class Game {
  theta: Tensor[];
  w: Tensor[][];
  a: number[];
  private optTheta: Adam;
  private optW: Adam[];
  private optA: Adam64;
  private iteration = 0;
  /** Total iterations planned (for the η_θ schedule); 0 = constant η_θ. */
  budget = 0;
  private rng: Rng;

  constructor(
    readonly oracle: Oracle,
    readonly thetaShapes: ParamShape[],
    readonly policyShapes: ParamShape[],
    theta0: Float32Array[],
    readonly config: SgdaConfig,
    private readonly initPolicy: (rng: Rng) => Float32Array[],
    seed: number,
  ) {
    this.rng = new Rng(seed);
    const w0 = Array.from({ length: oracle.agents }, () => initPolicy(this.rng.split()));
    this.theta = toTensors(theta0, thetaShapes);
    this.w = w0.map((w) => toTensors(w, policyShapes));
    this.a = w0.map(() => 0);
    this.optTheta = new Adam(this.theta, config.lrTheta);
    this.optW = this.w.map((w) => new Adam(w, config.lrW));
    this.optA = new Adam64(this.w.length, config.lrA, { project: clampUnit });
  }

  /** Estimates at the current parameters, without a step. */
  estimate(): Estimates {
    return this.oracle.evaluate(this.theta, this.w, this.a).est;
  }

  /**
   * One iteration of Algorithm 1 on the loss that `loss` builds from the estimates. `fresh`:
   * this is the last adversary-only iteration after a restart (the policies have had `warmup`
   * iterations against the current θ).
   */
  step(loss: (est: Estimates) => LossBuilder): {
    est: Estimates;
    loss: LossBuilder;
    fresh: boolean;
  } {
    const { restartEvery, warmup } = this.config;
    const phase = this.iteration % restartEvery;
    if (phase === 0 && this.iteration > 0) this.resetAdversary();
    const frozen = phase < warmup;
    const fresh = phase === warmup - 1;
    if (this.budget > 0) {
      const progress = Math.min(1, this.iteration / this.budget);
      this.optTheta.lr = this.config.lrTheta * (1 - (1 - this.config.finalLrFraction) * progress);
    }
    this.iteration++;
    const { est, grad } = this.oracle.evaluate(this.theta, this.w, this.a);
    const L = loss(est);
    const g = grad(L.coef);
    if (!frozen) this.theta = this.optTheta.step(this.theta, g.theta, -1);
    else disposeAll(g.theta);
    this.w = this.w.map((w, i) =>
      this.oracle.adversaryUpdate === "step"
        ? w.map((t, k) => t.add(g.w[i][k]))
        : this.optW[i].step(w, g.w[i], 1),
    );
    const a = Float64Array.from(this.a);
    this.optA.step(a, g.a, 1);
    this.a = Array.from(a);
    return { est, loss: L, fresh };
  }

  /** Deviation policies back to truthful (a = 0, fresh weights, fresh optimizer state). */
  resetAdversary(): void {
    this.w.forEach(disposeAll);
    this.optW.forEach((o) => o.dispose());
    this.w = this.w.map(() => toTensors(this.initPolicy(this.rng.split()), this.policyShapes));
    this.optW = this.w.map((w) => new Adam(w, this.config.lrW));
    this.a = this.a.map(() => 0);
    this.optA = new Adam64(this.w.length, this.config.lrA, { project: clampUnit });
  }

  thetaArrays(): Float32Array[] {
    return toArrays(this.theta);
  }

  /** Replace θ (e.g. warm start from the last accepted mechanism); optimizer state restarts. */
  setTheta(theta: Float32Array[]): void {
    disposeAll(this.theta);
    this.optTheta.dispose();
    this.theta = toTensors(theta, this.thetaShapes);
    this.optTheta = new Adam(this.theta, this.config.lrTheta);
  }

  /** The whole state (parameters, optimizers, iteration, Rng) as plain arrays. */
  saveState(): GameState {
    return {
      iteration: this.iteration,
      theta: toArrays(this.theta),
      w: this.w.map(toArrays),
      a: this.a.slice(),
      optTheta: this.optTheta.state(),
      optW: this.optW.map((o) => o.state()),
      optA: { m: this.optA.m.slice(), v: this.optA.v.slice(), t: this.optA.t },
      rng: this.rng.state(),
    };
  }

  /** Continue from a saved state: the following iterations are bit-identical. */
  loadState(s: GameState): void {
    disposeAll(this.theta);
    this.w.forEach(disposeAll);
    this.theta = toTensors(s.theta, this.thetaShapes);
    this.w = s.w.map((w) => toTensors(w, this.policyShapes));
    this.a = s.a.slice();
    this.optTheta.load(s.optTheta);
    this.optW.forEach((o, i) => o.load(s.optW[i]));
    this.optA.m.set(s.optA.m);
    this.optA.v.set(s.optA.v);
    this.optA.t = s.optA.t;
    this.iteration = s.iteration;
    this.rng = Rng.fromState(s.rng);
  }

  dispose(): void {
    disposeAll(this.theta);
    this.w.forEach(disposeAll);
    this.optTheta.dispose();
    this.optW.forEach((o) => o.dispose());
  }
}
