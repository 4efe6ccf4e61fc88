// One auction on one instance, with the optimum from the exact solver: the summary the CLI
// prints and the measurements aggregate.
import { runClock, type ClockOutcome, type ClockRule, type RunOptions } from "./engine.js";
import type { ClockInstance } from "./instance.js";
import { weightOf, type Constraint } from "./types.js";

export interface ClockSummary {
  winners: number[];
  /** What each bidder pays (winners their final clock price, losers 0). */
  prices: number[];
  welfare: number;
  optimum: number;
  /** OPT / welfare (≥ 1; null when welfare is 0). */
  ratio: number | null;
  rounds: number;
}

export function optimum(c: Constraint, values: ArrayLike<number>): number {
  const all = Array.from({ length: c.n }, (_, i) => i);
  return weightOf(c.maxWeightFeasible(all, values), values);
}

export function runInstance(
  inst: ClockInstance,
  rule: ClockRule,
  advice: number[] | null = inst.advice,
  opts: RunOptions = {},
): { summary: ClockSummary; outcome: ClockOutcome } {
  const outcome = runClock(inst.constraint, inst.values, rule, advice, {
    floor: inst.floor,
    ...opts,
  });
  const welfare = weightOf(outcome.winners, inst.values);
  const opt = optimum(inst.constraint, inst.values);
  return {
    outcome,
    summary: {
      winners: outcome.winners,
      prices: outcome.payments,
      welfare,
      optimum: opt,
      ratio: welfare > 0 ? opt / welfare : opt > 0 ? null : 1,
      rounds: outcome.rounds,
    },
  };
}
