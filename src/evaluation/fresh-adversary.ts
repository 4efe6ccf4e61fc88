// Training a fresh deviation policy (agents/recurrent-deviation.ts by default, Inverse Games App. D.4's
// public and private recurrent encoders; agents/trained-deviation.ts, an MLP on a summary of
// the same information, as `policy: "mlp"`) against a fixed mechanism,
// others truthful, by REINFORCE on sampled trajectories — Adam steps on the score-function
// gradient, or (`update: "npg"`) natural-gradient steps with a KL trust region. The sampled certificate
// (sampled.ts) adds the trained policy to the structured deviations, so the reported
// exploitability is still a lower bound selected on one sample and estimated on another.
import { TrainedDeviation } from "../agents/trained-deviation.js";
import { RecurrentDeviation, type RecurrentDecision } from "../agents/recurrent-deviation.js";
import { DEFAULT_MAX_KL, naturalStep } from "../agents/deviation/natural-gradient.js";
import { RecurrentDecisions } from "../agents/deviation/recurrent-decisions.js";
import { UsageError } from "../core/errors.js";
import type { ReportingStrategy } from "../agents/strategy.js";
import type { Adam64 } from "../engine/optim/adam.js";
import { truthful } from "../agents/strategy.js";
import { Rng } from "../engine/rng.js";
import type { Mechanism } from "../mechanisms/types.js";
import type { DynamicProblem } from "../problems/types.js";
import { simulate, trajectorySeed } from "./simulate.js";

export interface AdversaryBudget {
  /** REINFORCE iterations. */
  iterations: number;
  /** Trajectories per iteration. */
  batch: number;
  /** Adam learning rate. */
  lr?: number;
  /** Hidden units (per encoder for the recurrent policy). */
  hidden?: number;
  /** Which policy: "recurrent" (default) or "mlp". */
  policy?: "recurrent" | "mlp";
  /**
   * The update: "adam" (default) on the REINFORCE gradient, or "npg", the natural-gradient step
   * of agents/deviation/natural-gradient.ts (recurrent policy only).
   */
  update?: "adam" | "npg";
  /** npg: the trust region δ, mean KL per decision of one step (default DEFAULT_MAX_KL). */
  maxKl?: number;
  damping?: number;
  cgIterations?: number;
  /** npg: "euclidean" replaces the Fisher by the identity (the ablation; natural-gradient.ts). */
  metric?: "fisher" | "euclidean";
}

/** What REINFORCE needs from a deviation policy. */
export interface TrainablePolicy extends ReportingStrategy {
  readonly theta: Float64Array;
  explore: boolean;
  /** Σ_τ ∂ log π/∂θ of the trajectory since begin(). */
  readonly score: Float64Array;
  norm: { mean: number; sd: number };
  begin(noiseSeed: number): void;
  featureOf(v: number): number;
  optimizer(lr: number): Adam64;
}

export interface TrainedAdversary {
  policy: TrainablePolicy;
  /** Mean paired gain of the exploring policy per iteration (training sample, biased). */
  curve: number[];
}

export function trainAdversary(
  problem: DynamicProblem,
  mech: Mechanism,
  agent: number,
  budget: AdversaryBudget,
  seed: number,
  onIteration?: (it: number, meanGain: number, policy: TrainablePolicy) => void,
): TrainedAdversary {
  const policy: TrainablePolicy =
    budget.policy === "mlp"
      ? new TrainedDeviation(problem, agent, budget.hidden ?? 16, seed)
      : new RecurrentDeviation(problem, agent, budget.hidden ?? 8, seed);
  policy.norm = valueFeatureNorm(problem, agent, (v) => policy.featureOf(v), seed);
  const npg = budget.update === "npg";
  if (npg && !(policy instanceof RecurrentDeviation))
    throw new UsageError("update", "npg needs the recurrent policy, not mlp");
  const maxKl = budget.maxKl ?? DEFAULT_MAX_KL;
  if (!(maxKl > 0)) throw new UsageError("maxKl", `must be > 0, got ${maxKl}`);
  const adam = policy.optimizer(budget.lr ?? 0.02);
  const decisions: RecurrentDecision[] = [];
  const n = problem.agents;
  const base = Array.from({ length: n }, () => truthful);
  const strategies = base.map((s, i) => (i === agent ? policy : s));
  const B = budget.batch;
  const curve: number[] = [];
  const gains = new Float64Array(B);
  const scores = Array.from({ length: B }, () => new Float64Array(policy.theta.length));
  for (let it = 0; it < budget.iterations; it++) {
    policy.explore = true;
    for (let k = 0; k < B; k++) {
      const s = trajectorySeed(seed, it * B + k);
      policy.begin(s ^ 0x2545f491);
      gains[k] =
        simulate(problem, mech, strategies, s).utility[agent] -
        simulate(problem, mech, base, s).utility[agent];
      scores[k].set(policy.score);
      if (npg) appendDecisions(decisions, (policy as RecurrentDeviation).decisions());
    }
    const grad = reinforceGradient(gains, scores);
    if (npg) {
      // Every decision weighs the same: the gradient averages trajectories of equal probability.
      const rec = new RecurrentDecisions(policy as RecurrentDeviation, decisions);
      const { step } = naturalStep(rec, policy.theta, grad, new Float64Array(rec.count).fill(1), {
        maxKl,
        damping: budget.damping,
        cgIterations: budget.cgIterations,
        metric: budget.metric,
      });
      for (let p = 0; p < step.length; p++) policy.theta[p] += step[p];
      decisions.length = 0;
    } else adam.step(policy.theta, grad, 1);
    const mean = gains.reduce((a, b) => a + b, 0) / B;
    curve.push(mean);
    onIteration?.(it + 1, mean, policy);
  }
  policy.explore = false;
  return { policy, curve };
}

/** Append one trajectory's decisions (parents renumbered past the ones already there). */
function appendDecisions(all: RecurrentDecision[], more: RecurrentDecision[]): void {
  const off = all.length;
  for (const d of more) all.push({ ...d, parent: d.parent >= 0 ? d.parent + off : -1 });
}

/** One REINFORCE ascent direction from per-trajectory gains and scores, baselined by the mean. */
export function reinforceGradient(gains: ArrayLike<number>, scores: Float64Array[]): Float64Array {
  const B = gains.length;
  let mean = 0;
  for (let k = 0; k < B; k++) mean += gains[k] / B;
  const g = new Float64Array(scores[0].length);
  for (let k = 0; k < B; k++) {
    const adv = gains[k] - mean;
    for (let p = 0; p < g.length; p++) g[p] += (adv * scores[k][p]) / B;
  }
  return g;
}

/** Mean and spread of the value feature under the initial distribution (for standardizing). */
export function valueFeatureNorm(
  problem: DynamicProblem,
  agent: number,
  featureOf: (v: number) => number,
  seed: number,
): { mean: number; sd: number } {
  const rng = new Rng(seed ^ 0x6a09e667);
  const xs: number[] = [];
  for (let k = 0; k < 512; k++) {
    const s = problem.sampleInitial(agent, rng);
    for (const v of s.values) xs.push(featureOf(v));
  }
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  // A degenerate prior would blow the feature up; 0.05 keeps it of order one or less.
  return { mean, sd: Math.max(sd, 0.05) };
}
