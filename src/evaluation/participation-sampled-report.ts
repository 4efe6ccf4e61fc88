// The sampled participation certificate in the report's shape (participation-exact.ts's
// ParticipationReport): the sampled figures (participation-sampled.ts), the exit exploitability
// lower bound, and the notions the samples do not refute.
import type { Mechanism } from "../mechanisms/types.js";
import type { DynamicProblem } from "../problems/types.js";
import { satisfiedNotion, type ParticipationReport } from "./participation-exact.js";
import {
  DEFAULT_SAMPLED_PARTICIPATION,
  exitExploitabilityLowerBound,
  participationSampled,
  type SampledParticipationOptions,
} from "./participation-sampled.js";
import { planSampledParticipation } from "./participation-sampled-size.js";
import type { SampledDeviation } from "./sampled.js";

export const SAMPLED_EXIT_NOTE =
  "lower bound: per agent the best of the structured deviations and of the same misreports (and truth) combined with quitting for good at a fixed period or once the own value falls to the middle of the type space, selected on one sample and re-estimated on a fresh one; minimum continuation utility: the sampled reachable state with the smallest estimate, re-estimated on fresh rollouts (an upper bound on the true minimum); largest payment to an agent and ex-post excess: maxima over sampled truthful periods (lower bounds)";

export function sampledParticipationReport(
  problem: DynamicProblem,
  mech: Mechanism,
  ordinary: SampledDeviation[],
  opts: Partial<Omit<SampledParticipationOptions, "seed">> & {
    seed: number;
    /** Seed, trajectories of the ordinary deviation search (the exit search pairs with them). */
    deviationSeed: number;
    selectionSamples: number;
    samples: number;
    minInterimUtility?: number;
    minExAnteUtility: number;
    onProgress?: (done: number, total: number) => void;
  },
): ParticipationReport {
  opts.onProgress?.(0, 2);
  // Unless given, the sizes follow the evaluation's: the defaults at 20 000 trajectories, less
  // for small test-sized evaluations; then planned to the problem's size.
  const scale = Math.min(1, opts.samples / 20_000);
  const d = DEFAULT_SAMPLED_PARTICIPATION;
  const sizes = {
    states: opts.states ?? Math.max(10, Math.round(d.states * scale)),
    selectionRollouts:
      opts.selectionRollouts ?? Math.max(8, Math.round(d.selectionRollouts * scale)),
    rollouts: opts.rollouts ?? Math.max(100, Math.round(d.rollouts * scale)),
  };
  const plan = planSampledParticipation(problem, {
    ...sizes,
    selectionSamples: opts.selectionSamples,
  });
  const f = participationSampled(problem, mech, {
    ...sizes,
    seed: opts.seed,
    maxCandidates: plan.maxCandidates,
  });
  opts.onProgress?.(1, 2);
  const exit = exitExploitabilityLowerBound(problem, mech, ordinary, {
    selectionSamples: opts.selectionSamples,
    samples: opts.samples,
    seed: opts.deviationSeed,
    quitPeriods: plan.quitPeriods,
  });
  opts.onProgress?.(2, 2);
  // "Satisfies" from sampled figures means "not refuted by the samples": a mean counts as
  // negative only beyond two standard errors.
  const se = f.minContinuationUtility.stderr ?? 0;
  const cont = f.minContinuationUtility.value + 2 * se;
  return {
    minContinuationUtility: f.minContinuationUtility,
    minContinuationAt: f.minContinuationAt,
    maxPaymentToAgent: f.maxPaymentToAgent,
    maxExPostExcess: f.maxExPostExcess,
    exitExploitability: exit.total,
    exitNote: plan.note ? `${SAMPLED_EXIT_NOTE}; ${plan.note}` : SAMPLED_EXIT_NOTE,
    satisfies: satisfiedNotion({
      minExAnteUtility: opts.minExAnteUtility,
      minInterimUtility: opts.minInterimUtility ?? opts.minExAnteUtility,
      minContinuationUtility: cont,
      maxExPostExcess: f.maxExPostExcess.value,
      maxPaymentToAgent: f.maxPaymentToAgent.value,
    }),
  };
}
