// The SPM environment seen by the PPO learner (rl/batched-env.ts): the choice is the agent
// to visit (legal = agents not yet visited: "the highest-weight agent among the remaining
// agents", Brero et al. 2021), the continuous actions are the prices: one per item class by default
// (`per-class`: the class's price is posted on each of its remaining items; w.l.o.g., see
// item-classes.ts) or one per item (`per-item`); a price is active while an item it applies to
// is unsold.
// The actor sees the chosen observation statistic; the critic (a baseline only, not part of
// the mechanism) sees the full public history plus the round. Optionally the terminal reward
// has the episode's first-best welfare subtracted — a variance reduction that does not change
// the optimal policy because it does not depend on the policy (Brero et al. 2021, footnote 5).
import type { BatchedEnv } from "../rl/batched-env.js";
import { SpmEnv } from "./env.js";
import { firstBestWelfare } from "./first-best.js";
import { itemClasses, singletonClasses, type ItemClasses, type PriceMode } from "./item-classes.js";
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
  /** What each continuous action prices: item classes (singletons for `per-item`). */
  readonly classes: ItemClasses;
  private readonly itemPrices: Float64Array;

  constructor(
    readonly setting: SpmSetting,
    readonly statistic: Statistic,
    readonly batch: number,
    readonly objective: Objective = setting.objective,
    readonly subtractFirstBest = false,
    readonly prices: PriceMode = "per-class",
  ) {
    const { n, m } = setting;
    this.env = new SpmEnv(setting, batch, objective);
    this.horizon = n;
    this.obsDim = statistic.dim(n, m);
    this.fullDim = this.full.dim(n, m);
    this.criticDim = this.fullDim + 1;
    this.nChoices = n;
    this.classes = prices === "per-class" ? itemClasses(setting) : singletonClasses(setting.group);
    this.nContinuous = this.classes.size.length;
    this.offset = new Float64Array(batch);
    this.itemPrices = new Float64Array(batch * m);
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
    const K = this.nContinuous;
    const of = this.classes.of;
    active.fill(0);
    for (let b = 0; b < this.batch; b++)
      for (let j = 0; j < e.m; j++) if (e.itemsLeft[b * e.m + j]) active[b * K + of[j]] = 1;
  }

  /** Item prices (length m) from one episode's action row (length nContinuous). */
  expandPrices(
    row: ArrayLike<number>,
    out: Float64Array = new Float64Array(this.setting.m),
  ): Float64Array {
    const of = this.classes.of;
    for (let j = 0; j < of.length; j++) out[j] = row[of[j]];
    return out;
  }

  step(choice: Int32Array, continuous: Float64Array): { reward: Float64Array; done: boolean } {
    const { m } = this.setting;
    const K = this.nContinuous;
    const of = this.classes.of;
    // Every item gets its class's price (expandPrices, without a view per episode).
    for (let b = 0; b < this.batch; b++)
      for (let j = 0; j < m; j++) this.itemPrices[b * m + j] = continuous[b * K + of[j]];
    const r = this.env.step(choice, this.itemPrices);
    if (r.done && this.subtractFirstBest)
      for (let b = 0; b < this.batch; b++) r.reward[b] -= this.offset[b];
    return r;
  }
}
