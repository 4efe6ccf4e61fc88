// The SPM environment seen by the PPO learner (rl/batched-env.ts): the choice is the agent
// to visit (legal = agents not yet visited: "the highest-weight agent among the remaining
// agents", seed 004), the continuous actions are the m prices (active = items unsold).
// The actor sees the chosen observation statistic; the critic (a baseline only, not part of
// the mechanism) sees the full public history plus the round. Optionally the terminal reward
// has the episode's first-best welfare subtracted — a variance reduction that does not change
// the optimal policy because it does not depend on the policy (seed 004, footnote 5).
import type { BatchedEnv } from "../rl/batched-env.js";
import { SpmEnv } from "./env.js";
import { firstBestWelfare } from "./first-best.js";
import { statistics, type Statistic } from "./statistics.js";
import type { Objective, SpmSetting } from "./types.js";

export class SpmRlEnv implements BatchedEnv {
  readonly env: SpmEnv;
  readonly horizon: number;
  readonly obsDim: number;
  readonly criticDim: number;
  readonly nChoices: number;
  readonly nContinuous: number;
  private readonly full: Statistic = statistics.build("price-allocation", "statistic").value;
  private readonly fullDim: number;
  private readonly offset: Float64Array;

  constructor(
    readonly setting: SpmSetting,
    readonly statistic: Statistic,
    readonly batch: number,
    readonly objective: Objective = setting.objective,
    readonly subtractFirstBest = false,
  ) {
    const { n, m } = setting;
    this.env = new SpmEnv(setting, batch, objective);
    this.horizon = n;
    this.obsDim = statistic.dim(n, m);
    this.fullDim = this.full.dim(n, m);
    this.criticDim = this.fullDim + 1;
    this.nChoices = n;
    this.nContinuous = m;
    this.offset = new Float64Array(batch);
  }

  reset(seed: number): void {
    this.env.reset(seed);
    const { n, m } = this.setting;
    if (this.subtractFirstBest && this.objective !== "maxmin") {
      for (let b = 0; b < this.batch; b++) {
        this.offset[b] = firstBestWelfare(
          this.env.values.subarray(b * n * m, (b + 1) * n * m),
          n,
          m,
          this.setting.group,
        );
      }
    }
  }

  observe(obs: Float32Array, critic: Float32Array, legal: Uint8Array, active: Uint8Array): void {
    const e = this.env;
    const cd = this.criticDim;
    for (let b = 0; b < this.batch; b++) {
      this.statistic.write(e, b, obs, b * this.obsDim);
      this.full.write(e, b, critic, b * cd);
      critic[b * cd + this.fullDim] = e.t / e.n;
    }
    legal.set(e.agentsLeft);
    active.set(e.itemsLeft);
  }

  step(choice: Int32Array, continuous: Float64Array): { reward: Float64Array; done: boolean } {
    const r = this.env.step(choice, continuous);
    if (r.done && this.subtractFirstBest)
      for (let b = 0; b < this.batch; b++) r.reward[b] -= this.offset[b];
    return r;
  }
}
