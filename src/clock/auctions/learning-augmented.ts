// learning-augmented(ε): protect the advised set Ô as one block whose price weight counts γ
// times, γ = H_|Ô|·(1+step)·(1+ε)/ε (H_m the m-th harmonic number). A reconstruction: the
// abstract of Gkatzelis–Schoepflin–Tan states (1+ε)-consistency with O(log n) robustness, not
// the rule.
//
// Each round, with P = Ô ∩ A (all of P always share one price q):
//   S_P = a maximum price-weight feasible subset of A that contains P (P plus its best
//         compatible outsiders), T = a maximum price-weight feasible subset of A.
//   If γ·p(P) + p(S_P∖P) ≥ p(T): the advice holds — raise the lowest-priced bidders of A∖S_P.
//   Otherwise: raise all of P together by one step. (P empty: the no-advice rule.)
// Consistency (exact solver): P rises only when γ·q·|P| < p(T) ≤ v(T) ≤ OPT (an active
// bidder's price never exceeds her value). Advised bidders quit in increasing order of value;
// the one who quits while r advised bidders are active has value < (1+step)·q < (1+step)·OPT/(γr).
// Summing over r: loss ≤ (1+step)·H_|Ô|·OPT/γ = ε/(1+ε)·OPT, so welfare ≥ v(Ô) − ε/(1+ε)·OPT;
// with Ô = OPT that is ≥ OPT/(1+ε), and with error η = OPT/v(Ô) it is ≥ OPT·(1/η − ε/(1+ε)).
// Robustness: the advice distorts one comparison by the factor γ = O(log n / ε) (measured).
import type { ClockRule, PublicView } from "../engine.js";
import { weightOf } from "../types.js";
import { waterFillRaise } from "./water-fill.js";

export function harmonic(m: number): number {
  let h = 0;
  for (let r = 1; r <= m; r++) h += 1 / r;
  return h;
}

export function adviceGamma(adviceSize: number, epsilon: number, step: number): number {
  return (harmonic(Math.max(adviceSize, 1)) * (1 + step) * (1 + epsilon)) / epsilon;
}

/** One round of the block rule with trust factor `gamma` (no or exhausted advice: water-filling). */
export function adviceBlockRaise(
  view: PublicView,
  step: number,
  gamma: number,
): [number, number][] {
  const P = view.advice ? view.advice.filter((i) => view.active[i]) : [];
  if (P.length === 0) return waterFillRaise(view, step);
  const A = view.activeList;
  const p = view.prices;
  const inP = new Set(P);
  // Forcing P into the solver's set: each advised bidder outweighs everybody else together.
  const big = weightOf(A, p) + 1;
  const forced = p.map((x, i) => (inP.has(i) ? big : x));
  const SP = view.constraint.maxWeightFeasible(A, forced);
  const T = view.constraint.maxWeightFeasible(A, p);
  const inSP = new Set(SP);
  const completion = weightOf(
    SP.filter((i) => !inP.has(i)),
    p,
  );
  if (gamma * weightOf(P, p) + completion >= weightOf(T, p)) {
    const rest = A.filter((i) => !inSP.has(i));
    // Only a heuristic solver can return all of an infeasible A; then fall back to water-filling.
    if (rest.length === 0) return waterFillRaise(view, step);
    let low = Infinity;
    for (const i of rest) low = Math.min(low, p[i]);
    return rest
      .filter((i) => p[i] <= low * (1 + 1e-9))
      .map((i): [number, number] => [i, p[i] * (1 + step)]);
  }
  return P.map((i): [number, number] => [i, p[i] * (1 + step)]);
}

export function learningAugmented(epsilon: number, step: number): ClockRule {
  return {
    name: `learning-augmented(epsilon=${epsilon},step=${step})`,
    raise: (view) =>
      adviceBlockRaise(view, step, adviceGamma(view.advice?.length ?? 0, epsilon, step)),
  };
}
