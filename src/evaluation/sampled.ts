// Sampled evaluation: truth-telling by Monte Carlo, and a lower bound on exploitability from
// the structured-deviation family. Every number carries its standard error.
import { trainAdversary, type AdversaryBudget } from "./fresh-adversary.js";
import { structuredDeviations } from "../agents/structured-deviations.js";
import { truthful, type ReportingStrategy } from "../agents/strategy.js";
import { meanStderr, type Measured } from "../core/measured.js";
import type { Mechanism } from "../mechanisms/types.js";
import type { DynamicProblem } from "../problems/types.js";
import { simulate, trajectorySeed } from "./simulate.js";

export interface TruthfulSampled {
  revenue: Measured;
  profit: Measured;
  welfare: Measured;
  utility: Measured[];
  /** Per agent, per initial state key (discrete problems only). */
  utilityByInitialType?: Map<string, Measured>[];
}

export function evaluateTruthfulSampled(
  problem: DynamicProblem,
  mech: Mechanism,
  samples: number,
  seed: number,
  onProgress?: (done: number) => void,
): TruthfulSampled {
  const n = problem.agents;
  const rev = new Float64Array(samples);
  const profit = new Float64Array(samples);
  const welfare = new Float64Array(samples);
  const util = Array.from({ length: n }, () => new Float64Array(samples));
  const byType = Array.from({ length: n }, () => new Map<string, number[]>());
  const strategies = Array.from({ length: n }, () => truthful);
  for (let k = 0; k < samples; k++) {
    const t = simulate(problem, mech, strategies, trajectorySeed(seed, k));
    rev[k] = t.revenue;
    profit[k] = t.profit;
    welfare[k] = t.welfare;
    for (let i = 0; i < n; i++) {
      util[i][k] = t.utility[i];
      const key = Array.from(t.initial[i].values).join(",");
      const list = byType[i].get(key) ?? [];
      list.push(t.utility[i]);
      byType[i].set(key, list);
    }
    if (onProgress && k % 256 === 0) onProgress(k);
  }
  const discrete = problem.typeSpace(0).kind === "discrete";
  return {
    revenue: meanStderr(rev),
    profit: meanStderr(profit),
    welfare: meanStderr(welfare),
    utility: util.map((u) => meanStderr(u)),
    utilityByInitialType: discrete
      ? byType.map(
          (m) =>
            new Map(
              [...m.entries()].filter(([, v]) => v.length > 1).map(([k, v]) => [k, meanStderr(v)]),
            ),
        )
      : undefined,
  };
}

export interface SampledDeviation {
  agent: number;
  /** The deviation selected on the selection sample ("truthful" if none gained). */
  deviation: string;
  /** Its gain over truth re-estimated on a fresh sample, paired (common random numbers). */
  gain: Measured;
}

/**
 * Every agent's truthful utility on samples [offset, offset + count): the paired baseline,
 * simulated once and shared by all agents and deviations (simulation is deterministic in the
 * seed, so this gives the same numbers as re-simulating truth for each pair).
 */
export function truthfulUtilities(
  problem: DynamicProblem,
  mech: Mechanism,
  seed: number,
  offset: number,
  count: number,
): Float64Array[] {
  const base = Array.from({ length: problem.agents }, () => truthful);
  return Array.from(
    { length: count },
    (_, k) => simulate(problem, mech, base, trajectorySeed(seed, offset + k)).utility,
  );
}

/** Mean paired gain of agent i from `dev` over truth, on samples [offset, offset + count). */
export function pairedGain(
  problem: DynamicProblem,
  mech: Mechanism,
  agent: number,
  dev: ReportingStrategy,
  seed: number,
  offset: number,
  truth: Float64Array[],
): Measured {
  const n = problem.agents;
  const diffs = new Float64Array(truth.length);
  const strategies = Array.from({ length: n }, (_, i) => (i === agent ? dev : truthful));
  for (let k = 0; k < truth.length; k++) {
    const s = trajectorySeed(seed, offset + k);
    diffs[k] = simulate(problem, mech, strategies, s).utility[agent] - truth[k][agent];
  }
  return meanStderr(diffs);
}

/**
 * A lower bound on exploitability: per agent, pick the deviation of the structured family
 * with the largest mean gain on a selection sample, then re-estimate its gain on a fresh,
 * independent sample (so selection does not bias the reported number upwards).
 */
export function exploitabilityLowerBound(
  problem: DynamicProblem,
  mech: Mechanism,
  opts: {
    selectionSamples: number;
    samples: number;
    seed: number;
    /** Also train a deviation policy from scratch per agent (fresh-adversary.ts). */
    adversary?: AdversaryBudget;
    /** Periods that get one-period lies (default: all). */
    liePeriods?: readonly number[];
    onProgress?: (done: number, total: number) => void;
  },
): { total: Measured; perAgent: SampledDeviation[] } {
  const n = problem.agents;
  const perAgent: SampledDeviation[] = [];
  const families = Array.from({ length: n }, (_, i) =>
    structuredDeviations(problem, i, opts.liePeriods),
  );
  const iters = opts.adversary?.iterations ?? 0;
  const totalSteps = families.reduce((a, f) => a + f.length, 0) + n + n * iters;
  let step = 0;
  if (iters > 0)
    families.forEach((family, i) =>
      // Trained on its own seed stream, then selected and estimated like the others.
      family.push(
        trainAdversary(problem, mech, i, opts.adversary!, opts.seed + 7919 * (i + 1), () =>
          opts.onProgress?.(++step, totalSteps),
        ).policy,
      ),
    );
  const selectionTruth = truthfulUtilities(problem, mech, opts.seed, 0, opts.selectionSamples);
  let freshTruth: Float64Array[] | undefined;
  for (let i = 0; i < n; i++) {
    let best: ReportingStrategy | undefined;
    let bestGain = 0;
    for (const dev of families[i]) {
      const g = pairedGain(problem, mech, i, dev, opts.seed, 0, selectionTruth).value;
      if (g > bestGain) {
        bestGain = g;
        best = dev;
      }
      opts.onProgress?.(++step, totalSteps);
    }
    if (best && !freshTruth)
      freshTruth = truthfulUtilities(problem, mech, opts.seed, opts.selectionSamples, opts.samples);
    const gain = best
      ? pairedGain(problem, mech, i, best, opts.seed, opts.selectionSamples, freshTruth!)
      : { value: 0, exact: false, stderr: 0 };
    opts.onProgress?.(++step, totalSteps);
    perAgent.push({ agent: i, deviation: best?.name ?? "truthful", gain });
  }
  // Truth is always available (gain exactly 0), so an agent whose best found deviation loses on
  // the fresh sample adds 0, not its negative estimate, which would cancel others' gains.
  const value = perAgent.reduce((a, d) => a + Math.max(0, d.gain.value), 0);
  // Agents' gains are estimated on the same nature draws, so they may be correlated; the sum
  // of the standard errors bounds the standard error of the sum under any correlation.
  const stderr = perAgent.reduce((a, d) => a + (d.gain.stderr ?? 0), 0);
  return { total: { value, exact: false, stderr }, perAgent };
}
