// The SPM as a batched episodic environment (Brero et al. 2021, "Learning Framework"): B episodes run
// in lock step on plain typed arrays. Gymnasium-like contract:
//   reset(seed)  draws B valuation profiles from an Rng seeded with `seed`;
//   step(agents, prices)  visits agent agents[b] in episode b, posts prices[b·m + j] for each
//   item j, lets the agent take its utility-maximising bundle (choice.ts) and charges it.
// Every episode lasts exactly n rounds (each agent is visited once; once the items are gone a
// visit changes nothing), so shapes stay fixed for jit. The reward is 0 until the last round
// and then the objective g(x, τ; v) (Brero et al. 2021: "We only provide rewards in terminal states").
import { Rng } from "../engine/rng.js";
import { chooseBundle } from "./choice.js";
import { groupCount, type Objective, type SpmSetting } from "./types.js";

export interface StepResult {
  /** Per episode; non-zero only on the last round. */
  reward: Float64Array;
  /** True after the n-th round (all episodes end together). */
  done: boolean;
}

export class SpmEnv {
  readonly n: number;
  readonly m: number;
  /** Valuations, B × n × m. Never part of an observation (the mechanism cannot see them). */
  readonly values: Float64Array;
  /** 1 while agent i has not been visited, B × n. */
  readonly agentsLeft: Uint8Array;
  /** 1 while item j is unsold, B × m. */
  readonly itemsLeft: Uint8Array;
  /** 1 if agent i holds item j, B × n × m. */
  readonly alloc: Uint8Array;
  /** Prices agent i was offered (0 before its visit and for items gone then), B × n × m. */
  readonly pricesFaced: Float32Array;
  /** Payment of each agent, B × n. */
  readonly payments: Float64Array;
  /** Rounds played so far. */
  t = 0;
  private readonly pick: Int32Array;

  constructor(
    readonly setting: SpmSetting,
    readonly batch: number,
    readonly objective: Objective = setting.objective,
  ) {
    const { n, m } = setting;
    this.n = n;
    this.m = m;
    this.values = new Float64Array(batch * n * m);
    this.agentsLeft = new Uint8Array(batch * n);
    this.itemsLeft = new Uint8Array(batch * m);
    this.alloc = new Uint8Array(batch * n * m);
    this.pricesFaced = new Float32Array(batch * n * m);
    this.payments = new Float64Array(batch * n);
    this.pick = new Int32Array(groupCount(setting));
  }

  /** Start B new episodes with valuations drawn from an Rng seeded with `seed`. */
  reset(seed: number): void {
    const rng = new Rng(seed);
    const { n, m, batch } = this;
    const row = new Float64Array(n * m);
    for (let b = 0; b < batch; b++) {
      this.setting.sample(rng, row);
      this.values.set(row, b * n * m);
    }
    this.agentsLeft.fill(1);
    this.itemsLeft.fill(1);
    this.alloc.fill(0);
    this.pricesFaced.fill(0);
    this.payments.fill(0);
    this.t = 0;
  }

  /**
   * One round in every episode. `agents[b]` must be an agent not yet visited in episode b;
   * `prices` (B × m) must lie in [0, 1] (prices for sold items are ignored).
   */
  step(agents: Int32Array, prices: Float64Array): StepResult {
    const { n, m, batch, pick } = this;
    if (this.t >= n) throw new RangeError("step after the episode ended; call reset first");
    if (agents.length !== batch || prices.length !== batch * m) {
      throw new RangeError(`step expects ${batch} agents and ${batch * m} prices`);
    }
    const group = this.setting.group;
    for (let b = 0; b < batch; b++) {
      const i = agents[b];
      if (!(i >= 0 && i < n) || !this.agentsLeft[b * n + i]) {
        throw new RangeError(`episode ${b}: agent ${i} is not a remaining agent`);
      }
      const p = prices.subarray(b * m, (b + 1) * m);
      for (let j = 0; j < m; j++) {
        if (!(p[j] >= 0 && p[j] <= 1))
          throw new RangeError(`episode ${b}: price ${p[j]} not in [0, 1]`);
      }
      const avail = this.itemsLeft.subarray(b * m, (b + 1) * m);
      const row = (b * n + i) * m;
      for (let j = 0; j < m; j++) this.pricesFaced[row + j] = avail[j] ? p[j] : 0;
      chooseBundle(this.values.subarray(row, row + m), p, avail, group, pick);
      for (const j of pick) {
        if (j < 0) continue;
        avail[j] = 0;
        this.alloc[row + j] = 1;
        this.payments[b * n + i] += p[j];
      }
      this.agentsLeft[b * n + i] = 0;
    }
    this.t += 1;
    const done = this.t === n;
    const reward = done ? this.objectiveValues() : new Float64Array(batch);
    return { reward, done };
  }

  /** Value of each agent for its bundle (unit demand within a group: the sum of its items). */
  agentValue(b: number, i: number): number {
    const row = (b * this.n + i) * this.m;
    let v = 0;
    for (let j = 0; j < this.m; j++) if (this.alloc[row + j]) v += this.values[row + j];
    return v;
  }

  /** g(x, τ; v) for every episode: welfare Σ v_i(x_i), revenue Σ τ_i, or min_i v_i(x_i). */
  objectiveValues(): Float64Array {
    const { n, batch } = this;
    const out = new Float64Array(batch);
    for (let b = 0; b < batch; b++) {
      if (this.objective === "revenue") {
        let s = 0;
        for (let i = 0; i < n; i++) s += this.payments[b * n + i];
        out[b] = s;
      } else if (this.objective === "welfare") {
        let s = 0;
        for (let i = 0; i < n; i++) s += this.agentValue(b, i);
        out[b] = s;
      } else {
        let s = Infinity;
        for (let i = 0; i < n; i++) s = Math.min(s, this.agentValue(b, i));
        out[b] = s;
      }
    }
    return out;
  }
}
