// The water-filling step shared by the solver-based auctions (a reconstruction in the spirit of
// Christodoulou–Gkatzelis–Schoepflin's black-box clock auction): S = a maximum-weight feasible
// subset of the active bidders for weights m_i·p_i (m_i: the rule's multiplier, 1 without
// advice), and the lowest-priced active bidders outside S move one price step up. Members of S
// are never raised, so the best revealed lower bound p(S) never drops unless someone quits.
import type { PublicView } from "../engine.js";

export function waterFillRaise(
  view: PublicView,
  step: number,
  multiplier: (i: number) => number = () => 1,
): [number, number][] {
  const A = view.activeList;
  const w = view.prices.map((p, i) => p * multiplier(i));
  const S = new Set(view.constraint.maxWeightFeasible(A, w));
  let rest = A.filter((i) => !S.has(i));
  // A heuristic solver may return a non-maximal set for an infeasible A; then raise all of A
  // outside S anyway — an empty `rest` only arises if S = A, i.e. A was feasible.
  if (rest.length === 0) rest = [...A];
  let low = Infinity;
  for (const i of rest) low = Math.min(low, view.prices[i]);
  return rest
    .filter((i) => view.prices[i] <= low * (1 + 1e-9))
    .map((i): [number, number] => [i, view.prices[i] * (1 + step)]);
}

export const STEP_SPEC = {
  type: "number" as const,
  default: 0.05,
  min: 0,
  minExclusive: true,
  max: 1,
  doc: "multiplicative price step (prices rise by ×(1+step))",
};
