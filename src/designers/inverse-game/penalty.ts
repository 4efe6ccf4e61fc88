// The direct penalty method (Inverse Games abstract): minimise −v(θ) + ρ·(Σ_i ψ_i(θ, w) + IR loss) by
// two-timescale SGDA, with a fixed penalty weight ρ. Keeps a candidate at every "fresh"
// iteration (adversary just re-converged, sgda.ts) within tolerance, plus the last fresh one;
// the certifier picks among the last few.
import { withinTolerance, type Candidate, type InverseGameDesigner } from "./designer.js";
import { LossBuilder } from "./losses.js";

/** The next iteration and the last fresh candidate. */
interface PenaltyState {
  s: number;
  last?: Candidate;
}

export const penaltyDesigner: InverseGameDesigner<PenaltyState> = {
  name: "penalty",
  summary: "direct penalty method: max v − ρ(ψ + IR loss) (Inverse Games abstract)",
  params: {
    rho: { type: "number", default: 20, min: 0, minExclusive: true, doc: "penalty weight ρ" },
  },
  init: () => ({ s: 1 }),
  async run(ctx, params, st: PenaltyState) {
    const rho = params.rho as number;
    while (st.s <= ctx.budget) {
      const s = st.s++;
      const { est, loss, fresh } = ctx.game.step((e) =>
        new LossBuilder(e).revenue(-1).regret(rho).ir(rho, ctx.kappa, ctx.irNotion),
      );
      if (fresh) {
        const c = { label: `iteration ${s}`, step: s, theta: ctx.game.thetaArrays(), est };
        if (withinTolerance(ctx, est)) ctx.keep(c);
        st.last = c;
      }
      await ctx.record(NaN, est, loss.value);
    }
    if (st.last) ctx.keep({ ...st.last, label: `${st.last.label} (last)` });
  },
};
