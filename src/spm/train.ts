// Learning an SPM with PPO (Brero et al. 2021, "Experimental Results"): one run = one setting, one
// observation statistic, one seed. The learned policy is evaluated deterministically (the
// highest-scoring remaining agent, prices = clip(μ, 0, 1) or sigmoid(μ), rl/action-dist.ts) on fresh samples at intervals; the
// best checkpoint is then evaluated once more on a separate fresh sample, so the reported
// number is not inflated by picking the best of noisy evaluations.
import { meanStderr, type Measured } from "../core/measured.js";
import { initEngine } from "../engine/jax.js";
import { Rng } from "../engine/rng.js";
import { EarlyStop, KeepBest } from "../core/callbacks.js";
import { EVALUATION, EvaluationCallback, onIteration, type EvalPoint } from "../rl/callbacks.js";
import { restore } from "../rl/policy.js";
import {
  PpoLearner,
  defaultPpoConfig,
  type IterationInfo,
  type PpoCallback,
  type PpoConfig,
} from "../rl/ppo.js";
import type { PriceMode } from "./item-classes.js";
import { SpmRlEnv } from "./rl-env.js";
import { policyByState, type SpmStateDecision } from "./policy-by-state.js";
import type { Statistic } from "./statistics.js";
import type { Objective, SpmSetting } from "./types.js";

export interface SpmTrainOptions {
  setting: SpmSetting;
  statistic: Statistic;
  objective?: Objective;
  /** One price per item class (default, w.l.o.g.; item-classes.ts) or per item. */
  prices?: PriceMode;
  seed: number;
  /** Environment steps (rounds) to train for; rounded up to whole iterations. */
  steps: number;
  /** Episodes per PPO rollout. */
  batch?: number;
  evalEvery?: number;
  evalEpisodes?: number;
  finalEpisodes?: number;
  /** Stop after this many evaluations without improvement (0 = never). */
  patience?: number;
  ppo?: Partial<PpoConfig>;
  onIteration?: (info: IterationInfo) => void;
  onEval?: (p: EvalPoint) => void;
}

export interface SpmTrainResult {
  setting: string;
  statistic: string;
  objective: Objective;
  prices: PriceMode;
  seed: number;
  curve: EvalPoint[];
  bestIteration: number;
  /** The best checkpoint on `finalEpisodes` fresh episodes. */
  final: Measured;
  iterations: number;
  steps: number;
  seconds: number;
  /** Item prices posted in the first round by the final policy (what it learned, at a glance). */
  firstRound: { agent: number; prices: number[] };
  /** The final policy's agent choice and prices by public state (policy-by-state.ts). */
  policyByState: SpmStateDecision[];
}

export async function trainSpm(o: SpmTrainOptions): Promise<SpmTrainResult> {
  await initEngine();
  return trainSpmSync(o);
}

/** trainSpm without initialising the engine (call `initEngine()` first for the WASM backend). */
export function trainSpmSync(o: SpmTrainOptions): SpmTrainResult {
  const t0 = performance.now();
  const objective = o.objective ?? o.setting.objective;
  const batch = o.batch ?? 64;
  const n = o.setting.n;
  const iterations = Math.max(1, Math.ceil(o.steps / (batch * n)));
  const config: PpoConfig = { ...defaultPpoConfig, ...o.ppo, seed: o.seed, iterations };
  const prices = o.prices ?? "per-class";
  const env = new SpmRlEnv(o.setting, o.statistic, batch, objective, true, prices);
  const evalEpisodes = o.evalEpisodes ?? 1000;
  const evalEnv = new SpmRlEnv(o.setting, o.statistic, evalEpisodes, objective, false, prices);
  // Evaluation seeds come from their own generator: fresh samples every time, reproducible.
  const evalSeeds = new Rng(o.seed ^ 0x5eed);
  const evalOnce = (learner: PpoLearner, episodes: number): Measured => {
    const all: number[] = [];
    for (let k = 0; k < Math.ceil(episodes / evalEpisodes); k++) {
      all.push(...learner.play(evalEnv, evalSeeds.nextU32() | 0, true));
    }
    return meanStderr(all.slice(0, episodes));
  };
  const learner = new PpoLearner(env, config);
  const evalCb = new EvaluationCallback(
    o.evalEvery ?? Math.max(1, Math.floor(iterations / 20)),
    iterations,
    (l) => evalOnce(l, evalEpisodes),
    o.onEval,
  );
  // The best evaluated parameters are kept (and restored below for the final evaluation).
  const keepBest = new KeepBest(EVALUATION, (l: PpoLearner) => l.checkpoint());
  const callbacks: PpoCallback[] = [evalCb, keepBest, onIteration((i) => o.onIteration?.(i))];
  if (o.patience) callbacks.push(new EarlyStop(EVALUATION, o.patience));
  const history = learner.train(callbacks);
  const best = keepBest.best!;
  for (const p of learner.params) p.dispose();
  learner.params = restore(best.snapshot);
  const final = evalOnce(learner, o.finalEpisodes ?? 10_000);
  // First round of the learned mechanism, read off one deterministic step.
  evalEnv.reset(0);
  const obs = new Float32Array(evalEpisodes * evalEnv.obsDim);
  const cobs = new Float32Array(evalEpisodes * evalEnv.criticDim);
  const legal = new Uint8Array(evalEpisodes * n);
  const active = new Uint8Array(evalEpisodes * evalEnv.nContinuous);
  evalEnv.observe(obs, cobs, legal, active);
  const first = learner.firstAction(
    obs.subarray(0, evalEnv.obsDim),
    cobs.subarray(0, evalEnv.criticDim),
  );
  const byState = policyByState(learner, evalEnv, o.seed);
  learner.dispose();
  return {
    setting: o.setting.name,
    statistic: o.statistic.name,
    objective,
    prices,
    seed: o.seed,
    curve: evalCb.curve,
    bestIteration: best.step,
    final,
    iterations: history.length,
    steps: history.length * batch * n,
    seconds: (performance.now() - t0) / 1000,
    firstRound: { agent: first.agent, prices: Array.from(evalEnv.expandPrices(first.prices)) },
    policyByState: byState,
  };
}
