// Monte Carlo evaluation of an SPM policy on fresh samples: the mean objective with its
// standard error (Brero et al. 2021 evaluates "the objective of the current policy using a fresh set
// of samples"). A policy maps the environment (public part only, through a statistic) to
// the next agent and prices.
import { meanStderr, type Measured } from "../core/measured.js";
import { Rng } from "../engine/rng.js";
import { SpmEnv } from "./env.js";
import { firstBestWelfare } from "./first-best.js";
import type { Objective, SpmSetting } from "./types.js";

/** Chooses, for every episode of the batch, the agent to visit and the m prices. */
export interface SpmPolicy {
  act(env: SpmEnv, agents: Int32Array, prices: Float64Array): void;
}

/** Play `episodes` episodes (in batches) from seed `seed`; mean objective ± standard error. */
export function evaluatePolicy(
  setting: SpmSetting,
  policy: SpmPolicy,
  opts: { episodes: number; seed: number; batch?: number; objective?: Objective },
): Measured {
  const batch = Math.min(opts.batch ?? 1000, opts.episodes);
  const rounds = Math.ceil(opts.episodes / batch);
  const env = new SpmEnv(setting, batch, opts.objective ?? setting.objective);
  const seeds = new Rng(opts.seed);
  const agents = new Int32Array(batch);
  const prices = new Float64Array(batch * setting.m);
  const all: number[] = [];
  for (let r = 0; r < rounds; r++) {
    env.reset(seeds.nextU32() | 0);
    for (;;) {
      policy.act(env, agents, prices);
      const { reward, done } = env.step(agents, prices);
      if (done) {
        for (const x of reward) all.push(x);
        break;
      }
    }
  }
  return meanStderr(all.slice(0, opts.episodes));
}

/** Random serial dictatorship (Brero et al. 2021 baseline 1): uniformly random order, all prices 0. */
export function randomSerialDictatorship(seed: number): SpmPolicy {
  const rng = new Rng(seed);
  return {
    act(env, agents, prices) {
      prices.fill(0);
      for (let b = 0; b < env.batch; b++) {
        const left = env.n - env.t;
        let k = rng.int(left);
        for (let i = 0; i < env.n; i++) {
          if (env.agentsLeft[b * env.n + i] && k-- === 0) {
            agents[b] = i;
            break;
          }
        }
      }
    },
  };
}

/** Expected first-best welfare by sampling (exact models use exact.ts instead). */
export function sampledFirstBest(setting: SpmSetting, episodes: number, seed: number): Measured {
  const rng = new Rng(seed);
  const row = new Float64Array(setting.n * setting.m);
  const xs = new Float64Array(episodes);
  for (let e = 0; e < episodes; e++) {
    setting.sample(rng, row);
    xs[e] = firstBestWelfare(row, setting.n, setting.m, setting.group);
  }
  return meanStderr(xs);
}
