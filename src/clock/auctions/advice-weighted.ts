// advice-weighted(γ): the consistency^∞ family — the learning-augmented block rule with the
// trust factor γ as the trade-off parameter. Same argument as learning-augmented: on every instance and
// for any feasible advice Ô, welfare ≥ v(Ô) − H_|Ô|·(1+step)·OPT/γ (a guarantee against the advice
// itself, "consistency^∞" as mechlab defines it); a larger γ trusts Ô more and costs more
// robustness when Ô is bad (γ = 1 still protects the block at face value).
import type { ClockRule } from "../engine.js";
import { adviceBlockRaise } from "./learning-augmented.js";

export function adviceWeighted(gamma: number, step: number): ClockRule {
  return {
    name: `advice-weighted(gamma=${gamma},step=${step})`,
    raise: (view) => adviceBlockRaise(view, step, gamma),
  };
}
