// Size of sampled evaluation, planned before any work (docs/limits.md). Its cost is simulated
// agent-periods: every trajectory simulates n agents over T periods and m goods. Truth takes
// `samples` trajectories, the deviation search `selection` per structured deviation (each
// paired with a shared truthful run) and `samples` more for each agent's selected deviation.
// The structured family has (4 + K)·(T + 1) deviations per agent on a K-value grid (whole-horizon
// shifts and constants, and each of them in one period only), so at long horizons and many
// agents the one-period lies dominate. When the defaults would not finish within seconds the
// plan lowers the default sample count (never the user's) and, if that is not enough, keeps
// one-period lies at evenly spaced periods only; the report says so.
import type { DynamicProblem } from "../problems/types.js";

/** Default trajectories for truth and each re-estimated deviation. */
export const DEFAULT_SAMPLES = 20_000;
/** Fewest trajectories a scaled-down default uses. */
export const MIN_DEFAULT_SAMPLES = 500;
/** Fewest trajectories per deviation when selecting the best one. */
export const MIN_SELECTION = 100;
/**
 * Simulated agent-periods the defaults aim at: a few seconds (1–5 µs per agent-period on the
 * development machine; the default problem at the defaults needs about 2.5e6).
 */
export const SAMPLED_WORK_TARGET = 4e6;

export interface SampledPlan {
  samples: number;
  selectionSamples: number;
  /** Periods that get one-period lies (all periods unless thinned). */
  liePeriods: number[];
  /** Estimated simulated agent-periods. */
  work: number;
  /** Why the plan differs from the defaults, if it does (printed and kept in the report). */
  note?: string;
}

/** Whole-horizon and one-period deviations per agent (see structured-deviations.ts). */
function familyShape(problem: DynamicProblem): { whole: number; perPeriod: number } {
  const g = problem.typeSpace(0);
  if (g.kind === "discrete") return { whole: 4 + g.grid.length, perPeriod: 4 + g.grid.length };
  return { whole: 9 + 11, perPeriod: 9 };
}

export function sampledWork(
  problem: DynamicProblem,
  samples: number,
  selection: number,
  lies: number,
): number {
  const { agents: n, horizon: T, goods: m } = problem;
  const { whole, perPeriod } = familyShape(problem);
  const deviations = whole + perPeriod * lies;
  const trajectories = samples * (2 + n) + selection * (1 + n * deviations);
  return trajectories * n * T * m;
}

export function planSampled(
  problem: DynamicProblem,
  given: { samples?: number; selectionSamples?: number },
): SampledPlan {
  const T = problem.horizon;
  const all = Array.from({ length: T }, (_, t) => t);
  const selectionFor = (s: number) => given.selectionSamples ?? Math.max(200, Math.floor(s / 10));
  let samples = given.samples ?? DEFAULT_SAMPLES;
  let selection = selectionFor(samples);
  const fits = (s: number, sel: number, lies: number) =>
    sampledWork(problem, s, sel, lies) <= SAMPLED_WORK_TARGET;
  if (fits(samples, selection, T))
    return {
      samples,
      selectionSamples: selection,
      liePeriods: all,
      work: sampledWork(problem, samples, selection, T),
    };
  const notes: string[] = [];
  if (given.samples === undefined) {
    // Fewer trajectories first (halving, down to MIN_DEFAULT_SAMPLES), the whole family kept;
    // only if that is not enough, one-period lies in fewer periods below.
    const selectionOf = (x: number) =>
      given.selectionSamples ?? Math.max(MIN_SELECTION, Math.floor(x / 10));
    while (samples > MIN_DEFAULT_SAMPLES && !fits(samples, selection, T)) {
      samples = Math.max(MIN_DEFAULT_SAMPLES, Math.floor(samples / 2));
      selection = selectionOf(samples);
    }
    notes.push(`${samples} trajectories instead of ${DEFAULT_SAMPLES} (set --samples for more)`);
  }
  let lies = T;
  while (lies > 0 && !fits(samples, selection, lies)) lies = Math.floor(lies / 2);
  const work = sampledWork(problem, samples, selection, lies);
  const liePeriods =
    lies >= T ? all : Array.from({ length: lies }, (_, k) => Math.floor((k * T) / lies));
  if (lies < T)
    notes.push(
      lies === 0
        ? "no one-period lies (whole-horizon deviations only)"
        : `one-period lies in ${lies} of ${T} periods (${liePeriods.join(", ")})`,
    );
  return {
    samples,
    selectionSamples: selection,
    liePeriods,
    work,
    note: notes.length
      ? `sampled evaluation scaled to the problem's size (about ${work.toExponential(1)} simulated agent-periods): ${notes.join("; ")}; docs/limits.md`
      : undefined,
  };
}
