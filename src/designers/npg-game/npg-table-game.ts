// The inverse game of Inverse Games on a tabular mechanism with NPG deviation oracles: the
// mechanism's table θ = (allocation x on simplices, payments p) takes a projected Adam
// descent step on the designer's loss, built from v(θ), U_i, h_ik and ψ_i(θ, π_i); each agent's
// deviation policy π_i (tabular softmax on the sufficient-statistics MDP) takes `inner` exact
// NPG steps first, warm-started from the last iterate (two timescales: the adversary is the
// fast player). ψ_i(θ, π_i) = Σ_k P(k)·V^{π_i}(root_k) − U_i is the training-time regret; the
// exact best-response regret at the same θ (GameSweep, the exact evaluator's information
// model) is computed beside it, so the gap between the two is visible at every iteration.
import { Adam64 } from "../../engine/optim/adam.js";
import { NpgDeviation } from "../../agents/deviation/npg/npg-policy.js";
import type { CompiledGame } from "../compiled-game/compiled-game.js";
import { GameSweep } from "../exact-game/sweep.js";
import { projectSimplex, TableParams } from "../exact-game/table-params.js";
import type { LossBuilder } from "../inverse-game/losses.js";
import type { Estimates, LossCoefficients } from "../inverse-game/oracle.js";
import { TableDeviationMdp } from "./table-deviation.js";

export interface NpgGameConfig {
  /** Adam learning rate of the allocation probabilities (decays linearly, see finalLr). */
  lrX: number;
  /** Adam learning rate of the payments (decays linearly, see finalLr). */
  lrP: number;
  /** The learning rates decay linearly to this fraction of themselves over the schedule. */
  finalLr: number;
  /** NPG step size η. */
  eta: number;
  /** Bound on the policies' logit spread (NpgOptions.logitRange). */
  logitRange: number;
  /** NPG steps per mechanism step. */
  inner: number;
}

export interface NpgStep {
  /** Estimates with ψ_i from the NPG policies (what the loss sees). */
  est: Estimates;
  /** The exact best-response regret per agent at the same θ. */
  exactRegret: number[];
  loss: LossBuilder;
}

export class NpgTableGame {
  readonly params: TableParams;
  private readonly sweep: GameSweep;
  private readonly devs: TableDeviationMdp[];
  readonly policies: NpgDeviation[];
  private readonly optX: Adam64;
  private readonly optP: Adam64;
  /** V^{π_i} at the last estimate (the policies' own buffers; valid until their next step). */
  private values: Float64Array[] = [];
  private iteration = 0;
  /** Total mechanism steps planned (for the learning-rate schedule). */
  budget = 0;

  constructor(
    readonly game: CompiledGame,
    readonly config: NpgGameConfig,
    x0: Float64Array,
    p0?: Float64Array,
  ) {
    this.params = new TableParams(game);
    this.params.x.set(x0);
    if (p0) this.params.p.set(p0);
    this.sweep = new GameSweep(game, 0);
    this.devs = game.dev.map((dt) => new TableDeviationMdp(game, dt));
    this.devs.forEach((d) => d.refill(this.params));
    this.policies = this.devs.map(
      (d) =>
        new NpgDeviation(d.mdp, { eta: config.eta, truthBias: 0, logitRange: config.logitRange }),
    );
    const len = game.n + 1;
    this.optX = new Adam64(this.params.x.length, config.lrX, {
      eps: 1e-12,
      project: (x) => {
        for (let at = 0; at < x.length; at += len) projectSimplex(x, at, len);
      },
    });
    this.optP = new Adam64(this.params.p.length, config.lrP, { eps: 1e-12 });
  }

  /** Estimates at the current θ after `npgSteps` NPG steps of every deviation policy. */
  estimate(npgSteps = this.config.inner): { est: Estimates; exactRegret: number[] } {
    const o = this.params;
    const { est } = this.sweep.forward(o);
    const exactRegret = est.regret;
    const regret = this.devs.map((d, i) => {
      d.refill(o);
      for (let s = 0; s < npgSteps; s++) this.policies[i].step();
      const { V, value } = this.policies[i].evaluate();
      this.values[i] = V;
      return value - est.utility[i];
    });
    return { est: { ...est, regret }, exactRegret };
  }

  /** ∂loss/∂(x, p) at the last estimate (policies fixed: Danskin at the adversary's iterate). */
  private gradient(coef: LossCoefficients): { gx: Float64Array; gp: Float64Array } {
    const o = this.params;
    // ψ_i = V^{π_i} − U_i: the −U_i part goes through the truthful sweep.
    const truthCoef = {
      ...coef,
      utility: coef.utility.map((c, i) => c - coef.regret[i]),
      regret: coef.regret.map(() => 0),
    };
    const { gx, gp } = this.sweep.backward(o, truthCoef);
    this.devs.forEach((d, i) => {
      if (coef.regret[i] === 0) return;
      d.valueGradient(o, this.policies[i].pi, this.values[i], coef.regret[i], gx, gp);
    });
    return { gx, gp };
  }

  /** One iteration: adversary steps, estimates, then a descent step of θ on the loss. */
  step(loss: (est: Estimates) => LossBuilder): NpgStep {
    const { est, exactRegret } = this.estimate();
    const L = loss(est);
    const { gx, gp } = this.gradient(L.coef);
    const progress = this.budget > 0 ? Math.min(1, this.iteration / this.budget) : 0;
    const decay = 1 - (1 - this.config.finalLr) * progress;
    this.optX.lr = this.config.lrX * decay;
    this.optP.lr = this.config.lrP * decay;
    this.optX.step(this.params.x, gx, -1);
    this.optP.step(this.params.p, gp, -1);
    this.iteration++;
    return { est, exactRegret, loss: L };
  }

  /** Restart the learning-rate schedule: linear decay over the next `steps` steps. */
  schedule(steps: number): void {
    this.iteration = 0;
    this.budget = steps;
  }

  /** Snapshot of θ. */
  snapshot(): { x: Float64Array; p: Float64Array } {
    return { x: this.params.x.slice(), p: this.params.p.slice() };
  }

  /** Replace θ (the acceptance method's warm start); the deviation policies keep learning. */
  restore(t: { x: Float64Array; p: Float64Array }): void {
    this.params.x.set(t.x);
    this.params.p.set(t.p);
  }
}
