// One setting's full comparison (Brero et al. 2021, Figures 2–4): PPO with each requested observation
// statistic and the two static baselines learned by the same learner (anonymous static:
// statistic "none"; personalized static: statistic "agents"), each over K seeds; random
// serial dictatorship; and the exact references mechlab can compute — the optimal SPM by
// dynamic programming (finite-support settings, additive objectives) and first-best welfare.
import type { Measured } from "../core/measured.js";
import { exact } from "../core/measured.js";
import { Rng } from "../engine/rng.js";
import type { EvalPoint } from "../rl/callbacks.js";
import type { PpoConfig } from "../rl/ppo.js";
import { evaluatePolicy, randomSerialDictatorship, sampledFirstBest } from "./evaluate.js";
import { firstBestWelfare } from "./first-best.js";
import type { PriceMode } from "./item-classes.js";
import { OptimalSpm, exactFirstBest } from "./optimal-spm.js";
import { statistics } from "./statistics.js";
import type { SpmTrainResult } from "./train.js";
import { runJobs, type TrainJob } from "./train-jobs.js";
import type { Objective, SpmSetting } from "./types.js";

/** Adam learning rate used for SPMs unless overridden (the CLI's `--lr` default). */
// 3e-3: measured better than 1e-3 on max-min (finds the adaptive 0.41 at 200 000 steps) and
// no worse on two-worlds, id and kitchen-sink (docs/results/spm.md).
export const SPM_DEFAULT_LR = 3e-3;

/** Learned baselines: name → the statistic that restricts the policy to that class. */
export const LEARNED_BASELINES: Record<string, string> = {
  "anonymous-static": "none",
  "personalized-static": "agents",
};

export interface CompareOptions {
  setting: SpmSetting;
  objective?: Objective;
  /** One price per item class (default) or per item (item-classes.ts). */
  prices?: PriceMode;
  /** Statistics for the adaptive policy (e.g. items-agents, allocation, price-allocation). */
  statistics: string[];
  /** Which baselines: anonymous-static, personalized-static, rsd. */
  baselines: string[];
  seeds: number;
  seed: number;
  steps: number;
  batch?: number;
  evalEpisodes?: number;
  finalEpisodes?: number;
  ppo?: Partial<PpoConfig>;
  /** Training runs at once (worker threads; 1 = in this process, one after another). */
  parallel?: number;
  /** Compute the exact optimal SPM when possible (may take seconds on colors). */
  optimal?: boolean;
  onProgress?: (done: number, total: number, info: Record<string, string | number>) => void;
}

export interface PolicyResult {
  /** Statistic name for adaptive policies, baseline name otherwise. */
  name: string;
  statistic: string;
  /** The seed whose training-time evaluation was best; its final evaluation. */
  best: Measured & { seed: number };
  runs: SpmTrainResult[];
}

export interface CompareResult {
  setting: string;
  objective: Objective;
  prices: PriceMode;
  seed: number;
  seeds: number;
  steps: number;
  learned: PolicyResult[];
  baselines: PolicyResult[];
  rsd?: Measured;
  optimal?: Measured;
  firstBest?: Measured;
  seconds: number;
}

/** Per-run seed: reproducible from the base seed, distinct across policies and seeds. */
export function runSeed(base: number, policy: number, k: number): number {
  return (new Rng(base * 1009 + policy * 101 + k).nextU32() & 0x7fffffff) >>> 0;
}

/** The policies of a comparison and its training runs, before any is run. */
export interface ComparisonPlan {
  objective: Objective;
  prices: PriceMode;
  policies: { name: string; statistic: string; learnedClass: boolean }[];
  /** Every (policy, seed) run, in policy-major order. */
  jobs: TrainJob[];
  dp?: OptimalSpm;
}

/**
 * Plan a comparison: its policies and training runs (each a pure function of its job, so they
 * may run anywhere: here, on threads, or as sweep jobs on other machines). Refuses a too-large
 * optimal-SPM DP before any training.
 */
export function planComparison(o: CompareOptions): ComparisonPlan {
  const objective = o.objective ?? o.setting.objective;
  const dp =
    o.optimal !== false && o.setting.discrete && objective !== "maxmin"
      ? new OptimalSpm(o.setting, { objective })
      : undefined;
  dp?.checkSize();
  const prices = o.prices ?? "per-class";
  const policies = [
    ...o.statistics.map((s) => ({ name: s, statistic: s, learnedClass: true })),
    ...o.baselines
      .filter((b) => b in LEARNED_BASELINES)
      .map((b) => ({ name: b, statistic: LEARNED_BASELINES[b], learnedClass: false })),
  ];
  for (const p of policies) statistics.build(p.statistic, "--statistic");
  const jobs: TrainJob[] = policies.flatMap((policy, p) =>
    Array.from({ length: o.seeds }, (_, k) => ({
      setting: o.setting.name,
      statistic: policy.statistic,
      objective,
      prices,
      seed: runSeed(o.seed, p, k),
      steps: o.steps,
      batch: o.batch,
      evalEpisodes: o.evalEpisodes,
      finalEpisodes: o.finalEpisodes,
      ppo: { lr: SPM_DEFAULT_LR, ...o.ppo },
    })),
  );
  return { objective, prices, policies, jobs, dp };
}

export async function compare(o: CompareOptions): Promise<CompareResult> {
  const t0 = performance.now();
  const plan = planComparison(o);
  const { jobs, policies } = plan;
  let done = 0;
  o.onProgress?.(0, jobs.length, { runs: `0/${jobs.length}` });
  const all = await runJobs(jobs, o.parallel ?? 1, (k) => {
    done++;
    const p = policies[Math.floor(k / o.seeds)];
    o.onProgress?.(done, jobs.length, { run: `${p.name}#${(k % o.seeds) + 1}` });
  });
  return finishComparison(o, plan, all, t0);
}

/**
 * The comparison from its training runs' results (in the plan's job order): each policy's best
 * seed, RSD and the exact references. `t0` (performance.now() at the start) gives `seconds`;
 * NaN when the runs were timed elsewhere.
 */
export function finishComparison(
  o: CompareOptions,
  plan: ComparisonPlan,
  all: SpmTrainResult[],
  t0 = NaN,
): CompareResult {
  const { objective, prices, policies, dp } = plan;
  const learned: PolicyResult[] = [];
  const baselines: PolicyResult[] = [];
  policies.forEach((policy, p) => {
    const runs = all.slice(p * o.seeds, (p + 1) * o.seeds);
    // Seed selection uses the training-time evaluations; the reported number is the chosen
    // seed's separate final evaluation (fresh samples), so selection does not inflate it.
    const top = runs.reduce((a, b) =>
      Math.max(...b.curve.map((c) => c.value)) > Math.max(...a.curve.map((c) => c.value)) ? b : a,
    );
    const r: PolicyResult = {
      name: policy.name,
      statistic: policy.statistic,
      best: { ...top.final, seed: top.seed },
      runs,
    };
    (policy.learnedClass ? learned : baselines).push(r);
  });
  const evalEpisodes = o.finalEpisodes ?? 10_000;
  const rsd = o.baselines.includes("rsd")
    ? evaluatePolicy(o.setting, randomSerialDictatorship(runSeed(o.seed, 99, 0)), {
        episodes: evalEpisodes,
        seed: runSeed(o.seed, 98, 0),
        objective,
      })
    : undefined;
  let optimal: Measured | undefined;
  if (dp) optimal = exact(dp.value());
  let firstBest: Measured | undefined;
  if (objective === "welfare") {
    const s = o.setting;
    const fb = exactFirstBest(s, (v) => firstBestWelfare(v, s.n, s.m, s.group));
    firstBest =
      fb !== undefined ? exact(fb) : sampledFirstBest(s, evalEpisodes, runSeed(o.seed, 97, 0));
  }
  return {
    setting: o.setting.name,
    objective,
    prices,
    seed: o.seed,
    seeds: o.seeds,
    steps: o.steps,
    learned,
    baselines,
    rsd,
    optimal,
    firstBest,
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Mean curve over seeds with the standard error of each point (drawn as a ± 1 s.e. band): with
 * one seed, its evaluation episodes' standard error; with several, the spread across seeds.
 */
export function meanCurve(runs: SpmTrainResult[]): { x: number[]; y: number[]; stderr: number[] } {
  const len = Math.min(...runs.map((r) => r.curve.length));
  const x: number[] = [];
  const y: number[] = [];
  const stderr: number[] = [];
  for (let t = 0; t < len; t++) {
    const vs = runs.map((r) => r.curve[t].value);
    const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
    const se =
      vs.length > 1
        ? Math.sqrt(vs.reduce((a, b) => a + (b - mean) ** 2, 0) / (vs.length - 1) / vs.length)
        : runs[0].curve[t].stderr;
    x.push(runs[0].curve[t].steps);
    y.push(mean);
    stderr.push(se);
  }
  return { x, y, stderr };
}

export type { EvalPoint };
