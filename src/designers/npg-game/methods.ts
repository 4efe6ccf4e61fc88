// The outer problem of Inverse Games on the NPG table game (npg-table-game.ts), three ways:
// - penalty (the abstract's direct penalty method): min −v(θ) + α Σ_i ψ_i⁺ + β·IR loss with
//   FIXED weights (ψ_i from the NPG oracle, IR on the κ-smoothed negative interim utilities);
// - acceptance (Inverse Games §4, the binary-search acceptance method): bisect the target payoff
//   δ; per target, descend f_κ(θ; δ) = φ_κ(v − δ) + α Σ_i ψ_i⁺ + β·IR loss and accept δ when a
//   judged iterate has v ≥ δ − tol, Σψ ≤ tol and every interim utility ≥ −tol (the paper
//   keeps mechanisms "when all three losses are below" a tolerance; over-achieving δ is not
//   a failure); an accepted θ warm-starts the next target;
// - lagrangian (for comparison): −v + Σ λ_i ψ_i + (ρ/2) Σ ψ_i⁺² + μ·IR with dual ascent on
//   λ, μ at every judged iterate.
// A "judged" iterate is one where the adversary was re-converged at fixed θ (extra NPG steps)
// so that ψ is the oracle's answer, not a lagging policy's.
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import { irViolation, LossBuilder, minInterim, type IrNotion } from "../inverse-game/losses.js";
import type { Estimates } from "../inverse-game/oracle.js";
import type { NpgStep, NpgTableGame } from "./npg-table-game.js";

export interface NpgTolerances {
  profit: number;
  regret: number;
  ir: number;
}

export interface NpgCandidate {
  label: string;
  step: number;
  theta: { x: Float64Array; p: Float64Array };
  est: Estimates;
  exactRegret: number[];
}

export interface NpgContext {
  game: NpgTableGame;
  budget: number;
  /** Judge (re-converge the adversary and maybe keep a candidate) every this many steps. */
  judgeEvery: number;
  kappa: number;
  irNotion: IrNotion;
  tolerance: NpgTolerances;
  revenueUpperBound: number;
  /** Record one mechanism step (δ = NaN outside the acceptance method). */
  record(delta: number, s: NpgStep): void;
  /** The adversary re-converged at the current θ: estimates and the exact regrets. */
  judge(step: number, label: string): NpgCandidate;
  keep(c: NpgCandidate): void;
}

export interface NpgMethod {
  name: string;
  summary: string;
  params: ParamSpecs;
  run(ctx: NpgContext, params: Record<string, ParamValue>): void;
}

const sumPos = (a: number[]) => a.reduce((s, x) => s + Math.max(x, 0), 0);

/** Σψ⁺ and the smallest interim utility within tolerance (the oracle's numbers). */
export function withinTolerance(t: NpgTolerances, est: Estimates): boolean {
  return sumPos(est.regret) <= t.regret && minInterim(est) >= -t.ir;
}

const weight = (doc: string) => ({ type: "number" as const, default: 5, min: 0, doc });

export const npgPenalty: NpgMethod = {
  name: "npg-penalty",
  summary: "direct penalty method, fixed weights: max v − α Σψ⁺ − β·IR (Inverse Games abstract)",
  params: { alpha: weight("weight α of the regret ψ⁺"), beta: weight("weight β of the IR loss") },
  run(ctx, params) {
    const alpha = params.alpha as number;
    const beta = params.beta as number;
    for (let s = 1; s <= ctx.budget; s++) {
      const st = ctx.game.step((e) =>
        new LossBuilder(e).revenue(-1).regret(alpha).ir(beta, ctx.kappa, ctx.irNotion),
      );
      ctx.record(NaN, st);
      if (s % ctx.judgeEvery === 0 || s === ctx.budget) {
        const c = ctx.judge(s, `iteration ${s}`);
        if (withinTolerance(ctx.tolerance, c.est) || s === ctx.budget) ctx.keep(c);
      }
    }
  },
};

export const npgAcceptance: NpgMethod = {
  name: "npg-acceptance",
  summary: "binary search on the target payoff δ with an acceptance test (Inverse Games §4)",
  params: {
    rounds: { type: "number", default: 8, min: 1, max: 50, integer: true, doc: "bisection rounds" },
    lo: { type: "number", default: 0, doc: "initial lower end of the δ interval" },
    hi: { type: "number", default: -1, doc: "initial upper end (−1: Σ_τ γ^τ·m·max value)" },
    alpha: weight("weight α of the regret ψ⁺"),
    beta: weight("weight β of the IR loss"),
  },
  run(ctx, params) {
    const rounds = params.rounds as number;
    const alpha = params.alpha as number;
    const beta = params.beta as number;
    let lo = params.lo as number;
    let hi = (params.hi as number) < 0 ? ctx.revenueUpperBound : (params.hi as number);
    const perRound = Math.max(1, Math.floor(ctx.budget / rounds));
    let accepted: NpgCandidate | undefined;
    let step = 0;
    for (let r = 0; r < rounds; r++) {
      const delta = (lo + hi) / 2;
      if (accepted) ctx.game.restore(accepted.theta);
      ctx.game.schedule(perRound); // each target gets the whole learning-rate schedule
      let found: NpgCandidate | undefined;
      for (let s = 1; s <= perRound && !found; s++) {
        step++;
        const st = ctx.game.step((e) =>
          new LossBuilder(e)
            .profitLoss(1, delta, ctx.kappa)
            .regret(alpha)
            .ir(beta, ctx.kappa, ctx.irNotion),
        );
        ctx.record(delta, st);
        if (s % ctx.judgeEvery !== 0 && s !== perRound) continue;
        const c = ctx.judge(step, `δ = ${delta.toFixed(4)}`);
        if (c.est.revenue >= delta - ctx.tolerance.profit && withinTolerance(ctx.tolerance, c.est))
          found = c;
      }
      if (found) {
        ctx.keep(found);
        accepted = found;
        lo = delta;
      } else hi = delta;
    }
  },
};

export const npgLagrangian: NpgMethod = {
  name: "npg-lagrangian",
  summary: "augmented Lagrangian, dual ascent on the IC and IR multipliers (for comparison)",
  params: {
    rho: { type: "number", default: 10, min: 0, minExclusive: true, doc: "augmentation ρ" },
  },
  run(ctx, params) {
    const rho = params.rho as number;
    const lambda = ctx.game.policies.map(() => 1);
    let mu = 1;
    for (let s = 1; s <= ctx.budget; s++) {
      const st = ctx.game.step((e) => {
        const L = new LossBuilder(e).revenue(-1).regret(lambda).regretSquared(rho);
        return L.ir(mu + rho * irViolation(e, ctx.irNotion), ctx.kappa, ctx.irNotion);
      });
      ctx.record(NaN, st);
      if (s % ctx.judgeEvery !== 0 && s !== ctx.budget) continue;
      const c = ctx.judge(s, `iteration ${s}`);
      c.est.regret.forEach((r, i) => (lambda[i] = Math.max(0, lambda[i] + rho * r)));
      mu = Math.max(0, mu + rho * irViolation(c.est, ctx.irNotion));
      if (withinTolerance(ctx.tolerance, c.est) || s === ctx.budget) ctx.keep(c);
    }
  },
};
