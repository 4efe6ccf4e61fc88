// ascending-uniform: one clock for everybody — every active bidder's price rises by a step
// while the active set is infeasible. On k-uniform this is the ascending (k+1)-st price
// auction: it stops as soon as at most k remain, so the k highest values win (up to a step).
import type { ClockRule } from "../engine.js";

export function ascendingUniform(step: number): ClockRule {
  return {
    name: `ascending-uniform(step=${step})`,
    raise: (view) => view.activeList.map((i) => [i, view.prices[i] * (1 + step)]),
  };
}
