// Augmented Lagrangian (the comparison reviewers of Inverse Games asked for): minimise
//   −v + Σ_i λ_i ψ_i + (ρ/2) Σ_i ψ_i₊² + μ·IR + (ρ/2)·IR²
// by SGDA, and at every "fresh" iteration (adversary just re-converged, sgda.ts) update
// λ_i ← max(0, λ_i + ρ ψ_i), μ ← max(0, μ + ρ·IR).
// Unlike the penalty method the multipliers grow until the constraints bind, without ρ → ∞.
import { withinTolerance, type Candidate, type InverseGameDesigner } from "./designer.js";
import { irViolation, LossBuilder } from "./losses.js";

/** The next iteration, the multipliers λ_i and μ, and the last fresh candidate. */
interface LagrangianState {
  s: number;
  lambda: number[];
  mu: number;
  last?: Candidate;
}

export const lagrangianDesigner: InverseGameDesigner<LagrangianState> = {
  name: "lagrangian",
  summary: "augmented Lagrangian with dual ascent on the IC and IR multipliers",
  params: {
    rho: { type: "number", default: 10, min: 0, minExclusive: true, doc: "augmentation ρ" },
  },
  init: (ctx) => ({ s: 1, lambda: new Array<number>(ctx.game.w.length).fill(1), mu: 1 }),
  async run(ctx, params, st: LagrangianState) {
    const rho = params.rho as number;
    const { lambda } = st;
    while (st.s <= ctx.budget) {
      const s = st.s++;
      const { est, loss, fresh } = ctx.game.step((e) => {
        const L = new LossBuilder(e).revenue(-1).regret(lambda).regretSquared(rho);
        const ir = irViolation(e, ctx.irNotion);
        // μ·IR + (ρ/2)·IR², both through the smoothed IR term's gradient.
        return L.ir(st.mu + rho * ir, ctx.kappa, ctx.irNotion);
      });
      if (fresh) {
        est.regret.forEach((r, i) => (lambda[i] = Math.max(0, lambda[i] + rho * r)));
        st.mu = Math.max(0, st.mu + rho * irViolation(est, ctx.irNotion));
        const c = { label: `iteration ${s}`, step: s, theta: ctx.game.thetaArrays(), est };
        if (withinTolerance(ctx, est)) ctx.keep(c);
        st.last = c;
      }
      await ctx.record(NaN, est, loss.value);
    }
    if (st.last) ctx.keep({ ...st.last, label: `${st.last.label} (last)` });
  },
};
