// The binary-search acceptance method (Inverse Games §4, Inverse Games App. D.5): search the largest target
// principal payoff δ for which SGDA on eq. 5,
//   f_κ(θ, w; δ) = φ_κ(v(θ) − δ) + α Σ_i ψ_i(θ, w) + β · IR loss,
// finds a mechanism with every loss under its tolerance. Accepted ⇒ raise the lower end to δ
// and keep the mechanism; rejected ⇒ lower the upper end. Each round warm-starts from the last
// accepted mechanism (or continues from the current one) and gets budget/rounds iterations; a target is
// judged only at "fresh" iterations (the adversary has just re-converged, sgda.ts).
import { withinTolerance, type InverseGameDesigner } from "./designer.js";
import { LossBuilder } from "./losses.js";

/**
 * The bisection's state: round, iterations spent in it, iterations in all, the interval [lo, hi]
 * of δ and the last accepted mechanism.
 */
interface AcceptanceState {
  round: number;
  s: number;
  step: number;
  lo: number;
  hi: number;
  accepted?: Float32Array[];
}

export const acceptanceDesigner: InverseGameDesigner<AcceptanceState> = {
  name: "acceptance",
  summary: "binary search over the target payoff δ, SGDA on eq. 5 per target (Inverse Games §4)",
  params: {
    rounds: { type: "number", default: 6, min: 1, max: 50, integer: true, doc: "bisection rounds" },
    lo: { type: "number", default: 0, doc: "initial lower end of the δ interval" },
    hi: { type: "number", default: -1, doc: "initial upper end (−1: first-best bound)" },
    alpha: { type: "number", default: 20, min: 0, doc: "weight α of the regret ψ" },
    beta: { type: "number", default: 20, min: 0, doc: "weight β of the IR loss" },
  },
  init: (ctx, params) => ({
    round: 0,
    s: 0,
    step: 0,
    lo: params.lo as number,
    hi: (params.hi as number) < 0 ? ctx.revenueUpperBound : (params.hi as number),
  }),
  async run(ctx, params, st: AcceptanceState) {
    const rounds = params.rounds as number;
    const alpha = params.alpha as number;
    const beta = params.beta as number;
    const perRound = Math.max(1, Math.floor(ctx.budget / rounds));
    while (st.round < rounds) {
      const delta = (st.lo + st.hi) / 2;
      // Warm start from the last accepted mechanism; before any acceptance, keep going.
      if (st.s === 0 && st.accepted) ctx.game.setTheta(st.accepted);
      st.s++;
      st.step++;
      const { est, loss, fresh } = ctx.game.step((e) =>
        new LossBuilder(e)
          .profitLoss(1, delta, ctx.kappa)
          .regret(alpha)
          .ir(beta, ctx.kappa, ctx.irNotion),
      );
      // Judge only where the adversary has just re-converged against the current θ.
      const found =
        fresh && Math.abs(est.revenue - delta) <= ctx.tolerance.profit && withinTolerance(ctx, est);
      if (found) {
        st.accepted = ctx.game.thetaArrays();
        ctx.keep({ label: `δ = ${delta.toFixed(4)}`, step: st.step, theta: st.accepted, est });
      }
      // Accepted ⇒ raise the lower end; the round's iterations spent ⇒ lower the upper end.
      if (found || st.s === perRound) {
        if (found) st.lo = delta;
        else st.hi = delta;
        st.round++;
        st.s = 0;
      }
      await ctx.record(delta, est, loss.value);
    }
  },
};
