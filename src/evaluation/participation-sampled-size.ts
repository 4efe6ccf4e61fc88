// Size of the sampled participation certificate, planned before any work like sampled
// evaluation (sampled-size.ts; docs/limits.md). Its two searches grow with the horizon and the
// number of agents: the continuation selection estimates every sampled (trajectory, period,
// agent) state by rollouts, and the exit family has a quit period per period. Within the
// target both run whole; beyond it the selection keeps a seeded uniform subset of the states
// and the exit family quits at a few evenly spaced periods, and the report says so.
import { exitDeviations } from "../agents/exit-deviations.js";
import type { DynamicProblem } from "../problems/types.js";
import { SAMPLED_WORK_TARGET } from "./sampled-size.js";

/** Each of the two searches gets half the sampled evaluation's work target. */
const PART_TARGET = SAMPLED_WORK_TARGET / 2;

export interface SampledParticipationPlan {
  /** Candidate states to estimate (undefined: all). */
  maxCandidates?: number;
  /** Quit periods of the exit family (undefined: every period ≥ 1). */
  quitPeriods?: number[];
  note?: string;
}

export function planSampledParticipation(
  problem: DynamicProblem,
  opts: { states: number; selectionRollouts: number; selectionSamples: number },
): SampledParticipationPlan {
  const { agents: n, horizon: T, goods: m } = problem;
  const plan: SampledParticipationPlan = {};
  const notes: string[] = [];
  // One candidate state: selectionRollouts rollouts of n agents over T/2 periods on average.
  const perCandidate = opts.selectionRollouts * n * Math.max(1, T / 2) * m;
  const candidates = opts.states * T * n;
  if (candidates * perCandidate > PART_TARGET) {
    plan.maxCandidates = Math.max(1, Math.floor(PART_TARGET / perCandidate));
    notes.push(
      `continuation utility estimated at about ${plan.maxCandidates} of ${candidates} sampled states`,
    );
  }
  // One exit deviation of one agent: selectionSamples trajectories of n agents over T periods.
  const bases = exitDeviations(problem, 0, []).length;
  const perDeviation = opts.selectionSamples * n * T * m;
  const exitWork = (quits: number) => n * bases * (quits + 1) * perDeviation;
  if (T > 1 && exitWork(T - 1) > PART_TARGET) {
    let q = T - 1;
    while (q > 0 && exitWork(q) > PART_TARGET) q--;
    plan.quitPeriods = Array.from({ length: q }, (_, j) =>
      Math.min(T - 1, 1 + Math.round((j * (T - 2)) / Math.max(1, q - 1))),
    ).filter((t, j, a) => a.indexOf(t) === j);
    notes.push(
      q > 0
        ? `quitting for good at periods ${plan.quitPeriods.join(", ")} only`
        : "quitting for good only once the own value falls to the middle of the type space (no fixed quit periods)",
    );
  }
  if (notes.length)
    plan.note = `sampled participation scaled to the problem's size: ${notes.join("; ")}`;
  return plan;
}
