// error-tolerant(ε, tolerance): the learning-augmented rule while the public history agrees
// with the advice, and the no-advice rule once it does not: when more than tolerance·|Ô| advised
// bidders have quit (they were predicted winners but revealed low values), the advice is
// dropped for the rest of the auction. Reconstruction: the abstract states an error-tolerant
// extension exists, not its rule. Up to the switch it inherits the learning-augmented bound;
// after it, it is the no-advice auction on the bidders left.
import type { ClockRule } from "../engine.js";
import { adviceGamma, adviceBlockRaise } from "./learning-augmented.js";
import { waterFillRaise } from "./water-fill.js";

export function errorTolerant(epsilon: number, tolerance: number, step: number): ClockRule {
  return {
    name: `error-tolerant(epsilon=${epsilon},tolerance=${tolerance},step=${step})`,
    raise(view) {
      if (!view.advice) return waterFillRaise(view, step);
      const advised = new Set(view.advice);
      const refuted = view.quits.filter((q) => advised.has(q.bidder)).length;
      if (refuted > tolerance * view.advice.length) return waterFillRaise(view, step);
      return adviceBlockRaise(view, step, adviceGamma(view.advice.length, epsilon, step));
    },
  };
}
