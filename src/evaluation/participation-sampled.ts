// Sampled participation certificate (continuous types, or discrete problems too large to
// enumerate): the sampled counterparts of participation-exact.ts.
//
// - Smallest continuation utility: reachable states (period τ, public history h, an agent's own
//   current state) are taken from truthful trajectories. At each, the agent's expected truthful
//   continuation utility is estimated by rollouts from (τ, h): its own state fixed, the others'
//   current states re-drawn given their previous states and consumption (nature's distribution
//   given h when the others are truthful and their reports reveal their states, as in the exact
//   certificate). The state with the smallest estimate on a few rollouts is selected, then its
//   continuation is re-estimated on fresh rollouts, so the reported mean ± s.e. carries no
//   selection bias; it is the continuation at one reachable state, so it estimates an upper
//   bound on the true minimum (a value significantly below 0 refutes periodic participation).
// - Largest payment to an agent and largest payment beyond report × allocation: maxima over the
//   sampled truthful periods — lower bounds on the true maxima (no standard error: they are
//   extremes, not means).
// - Exit exploitability: per agent, the best of the exit deviations (agents/exit-deviations.ts:
//   structured misreports that also quit for good) and of the ordinary deviations, selected on
//   one sample and re-estimated on another with common random numbers — a lower bound, like the
//   sampled exploitability.
import { exitDeviations } from "../agents/exit-deviations.js";
import { truthful, type ReportingStrategy } from "../agents/strategy.js";
import { meanStderr, type Measured } from "../core/measured.js";
import { Rng } from "../engine/rng.js";
import type { Mechanism } from "../mechanisms/types.js";
import type { AgentState, DynamicProblem, PeriodRecord } from "../problems/types.js";
import type { ParticipationWitness } from "./participation-exact.js";
import { pairedGain, truthfulUtilities, type SampledDeviation } from "./sampled.js";
import { simulate, trajectorySeed } from "./simulate.js";

export interface SampledParticipationOptions {
  /** Truthful trajectories whose (period, history, agent) states are candidates. */
  states: number;
  /** Rollouts per candidate state for the selection. */
  selectionRollouts: number;
  /** Fresh rollouts for the selected state's estimate. */
  rollouts: number;
  seed: number;
  /**
   * Most candidate states whose continuation is estimated (default: all states × periods ×
   * agents). Large problems keep a seeded uniform subset (participation-sampled-size.ts).
   */
  maxCandidates?: number;
}

export const DEFAULT_SAMPLED_PARTICIPATION: Omit<SampledParticipationOptions, "seed"> = {
  states: 100,
  selectionRollouts: 32,
  rollouts: 4000,
};

export interface SampledParticipationFigures {
  minContinuationUtility: Measured;
  minContinuationAt: ParticipationWitness;
  /** Largest −payment over sampled truthful periods (0 if none negative). */
  maxPaymentToAgent: Measured;
  /** Largest payment − Σ_j report·allocation over sampled truthful periods. */
  maxExPostExcess: Measured;
}

const describe = (h: readonly PeriodRecord[]) =>
  h
    .map((r) => `[${Array.from(r.reports).join(",")}→${Array.from(r.consumption).join(",")}]`)
    .join(" ");

/** Agent `agent`'s truthful continuation utility from period τ of a recorded trajectory. */
function continuationRollouts(
  problem: DynamicProblem,
  mech: Mechanism,
  at: { history: readonly PeriodRecord[]; states: AgentState[][]; tau: number; agent: number },
  count: number,
  seed: number,
): Float64Array {
  const n = problem.agents;
  const m = problem.goods;
  const { history, tau, agent } = at;
  const out = new Float64Array(count);
  const strategies = Array.from({ length: n }, () => truthful);
  for (let r = 0; r < count; r++) {
    const rng = new Rng(trajectorySeed(seed, r));
    const states = Array.from({ length: n }, (_, k): AgentState => {
      if (k === agent) return at.states[tau][k];
      if (tau === 0) return problem.sampleInitial(k, rng);
      const c = history[tau - 1].consumption.subarray(k * m, (k + 1) * m);
      return problem.sampleTransition(k, at.states[tau - 1][k], c, rng);
    });
    const t = simulate(problem, mech, strategies, trajectorySeed(seed ^ 0x2545f491, r), {
      history: history.slice(0, tau),
      states,
    });
    out[r] = t.utility[agent];
  }
  return out;
}

export function participationSampled(
  problem: DynamicProblem,
  mech: Mechanism,
  opts: SampledParticipationOptions,
): SampledParticipationFigures {
  const n = problem.agents;
  const m = problem.goods;
  const strategies = Array.from({ length: n }, () => truthful);
  let maxSubsidy = 0;
  let maxExcess = -Infinity;
  let best = { value: Infinity, k: -1, tau: -1, agent: -1 };
  const trajectories = [];
  // Keep each (trajectory, period, agent) candidate with the same probability, seeded, so the
  // selection's work stays within the plan on long horizons and many agents.
  const total = opts.states * problem.horizon * n;
  const keep = Math.min(1, (opts.maxCandidates ?? total) / total);
  const pick = new Rng(opts.seed + 303);
  for (let k = 0; k < opts.states; k++) {
    const t = simulate(problem, mech, strategies, trajectorySeed(opts.seed, k));
    trajectories.push(t);
    t.history.forEach((rec, tau) => {
      for (let i = 0; i < n; i++) {
        const pay = rec.outcome.payments[i];
        let worth = 0;
        for (let j = 0; j < m; j++)
          worth += rec.reports[i * m + j] * rec.outcome.alloc[j * (n + 1) + i];
        maxSubsidy = Math.max(maxSubsidy, -pay);
        maxExcess = Math.max(maxExcess, pay - worth);
        if (keep < 1 && k + tau + i > 0 && pick.uniform() >= keep) continue;
        const est = continuationRollouts(
          problem,
          mech,
          { history: t.history, states: t.states, tau, agent: i },
          opts.selectionRollouts,
          trajectorySeed(opts.seed + 101, (k * problem.horizon + tau) * n + i),
        );
        const mean = est.reduce((a, b) => a + b, 0) / est.length;
        if (mean < best.value) best = { value: mean, k, tau, agent: i };
      }
    });
  }
  const t = trajectories[best.k];
  const fresh = continuationRollouts(
    problem,
    mech,
    { history: t.history, states: t.states, tau: best.tau, agent: best.agent },
    opts.rollouts,
    opts.seed + 7_000_001,
  );
  const min = meanStderr(fresh);
  return {
    minContinuationUtility: min,
    minContinuationAt: {
      agent: best.agent,
      period: best.tau,
      ownValues: Array.from(t.states[best.tau][best.agent].values),
      history: describe(t.history.slice(0, best.tau)),
      value: min.value,
    },
    maxPaymentToAgent: { value: maxSubsidy, exact: false },
    maxExPostExcess: { value: maxExcess, exact: false },
  };
}

/**
 * Exit exploitability, a lower bound: per agent the larger of its ordinary deviation's gain
 * (`ordinary`, from exploitabilityLowerBound) and the best exit deviation's gain, selected on
 * `selectionSamples` trajectories and re-estimated on `samples` fresh ones (paired).
 */
export function exitExploitabilityLowerBound(
  problem: DynamicProblem,
  mech: Mechanism,
  ordinary: SampledDeviation[],
  opts: {
    selectionSamples: number;
    samples: number;
    seed: number;
    /** Quit periods of the exit family (default: every period ≥ 1). */
    quitPeriods?: readonly number[];
  },
): { total: Measured; perAgent: SampledDeviation[] } {
  // Truth simulated once per sample and shared by every agent's exit deviations (paired).
  const selectionTruth = truthfulUtilities(problem, mech, opts.seed, 0, opts.selectionSamples);
  let freshTruth: Float64Array[] | undefined;
  const perAgent = ordinary.map((o, i): SampledDeviation => {
    let best: ReportingStrategy | undefined;
    let bestGain = 0;
    for (const dev of exitDeviations(problem, i, opts.quitPeriods)) {
      const g = pairedGain(problem, mech, i, dev, opts.seed, 0, selectionTruth).value;
      if (g > bestGain) {
        bestGain = g;
        best = dev;
      }
    }
    if (!best) return o;
    freshTruth ??= truthfulUtilities(problem, mech, opts.seed, opts.selectionSamples, opts.samples);
    const gain = pairedGain(problem, mech, i, best, opts.seed, opts.selectionSamples, freshTruth);
    return gain.value > o.gain.value ? { agent: i, deviation: best.name, gain } : o;
  });
  const value = perAgent.reduce((a, d) => a + Math.max(0, d.gain.value), 0);
  const stderr = perAgent.reduce((a, d) => a + (d.gain.stderr ?? 0), 0);
  return { total: { value, exact: false, stderr }, perAgent };
}
