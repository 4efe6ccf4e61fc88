// Per-good design, for every designer: a problem whose goods are independent and whose
// utilities add up (DynamicProblem.marginal) is designed one good at a time — the single-good
// problem once per distinct marginal (bandit-auction goods are i.i.d., so once) — and the
// designs run good by good as a per-good mechanism (mechanisms/per-good.ts), which the
// evaluator certifies through the mechanism's goods decomposition.
import { UsageError } from "../core/errors.js";
import { PerGoodMechanism } from "../mechanisms/per-good.js";
import type { Mechanism } from "../mechanisms/types.js";
import type { DynamicProblem } from "../problems/types.js";

export interface GoodsPlan {
  /** The distinct single-good problems to design (the problem itself for one good). */
  singles: DynamicProblem[];
  /** For each good, the index of its single-good problem in `singles`. */
  ofGood: number[];
  /** Several goods: the first good's problem and the number of goods (for reports). */
  perGood?: { marginal: string; goods: number };
}

/** What to design for `problem`; `field` and `hint` make the error when goods are not independent. */
export function goodsPlan(problem: DynamicProblem, field: string, hint: string): GoodsPlan {
  if (problem.goods === 1) return { singles: [problem], ofGood: [0] };
  if (!problem.marginal)
    throw new UsageError(field, `designing good by good needs independent goods; ${hint}`);
  const singles: DynamicProblem[] = [];
  const ofGood = Array.from({ length: problem.goods }, (_, j) => {
    const mp = problem.marginal!(j);
    const k = singles.findIndex((s) => s.name === mp.name);
    return k >= 0 ? k : singles.push(mp) - 1;
  });
  return { singles, ofGood, perGood: { marginal: singles[0].name, goods: problem.goods } };
}

/** The mechanism for the whole problem from one design per single-good problem of the plan. */
export function composeGoods(
  problem: DynamicProblem,
  plan: GoodsPlan,
  designs: Mechanism[],
): Mechanism {
  if (!plan.perGood) return designs[0];
  return new PerGoodMechanism(
    problem.agents,
    plan.ofGood.map((k) => designs[k]),
  );
}
