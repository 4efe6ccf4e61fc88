// The optimal SPM of a small setting, exactly, by dynamic programming over the POMDP's belief
// states with prices from a finite grid (the exact reference for the learned SPMs).
//
// Why it is exact: the prior is a mixture of product distributions (discrete-model.ts), so
// given the public history the posterior over the hidden world is a sufficient belief
// (agents are independent given the world), and for additive objectives (welfare, revenue)
// the value of a state is the expected sum of the remaining rounds' rewards. The state is
//   (remaining agents per agent class, remaining items per item class, posterior over worlds)
// where agents with the same distribution in every world form a class (visiting either is
// the same decision) and items of one group with the same value for everyone form a class
// (an agent facing identical items only buys the cheapest, so one price per class is w.l.o.g.;
// item-classes.ts derives the classes and argues this).
// Bellman equation: V(s) = max over (agent class c, price per item class p ∈ grid)
//   Σ_response P(r | s, c, p) · (E[reward | r] + V(s')).
// Optimal over the grid: prices between two consecutive support values are all equivalent
// for welfare, so the midpoint grid is exact for welfare; for revenue the grid posts each
// support value minus 1e-9 (an agent buys when its value exceeds the price strictly).
// Ties between item classes of equal utility go to the class with the lower first item.
import { TooLargeError, UsageError } from "../core/errors.js";
import type { DiscreteModel } from "./discrete-model.js";
import { itemClasses } from "./item-classes.js";
import type { SpmPolicy } from "./evaluate.js";
import type { SpmEnv } from "./env.js";
import type { Objective, SpmSetting } from "./types.js";

export interface DpState {
  agents: number[];
  items: number[];
  posterior: number[];
}

export interface DpAction {
  agentClass: number;
  /** Price per item class (NaN for a class with no item left). */
  prices: number[];
  value: number;
  /** Response code → probability and next state. */
  next: Map<number, { prob: number; state: DpState }>;
}

export interface OptimalSpmOptions {
  objective?: Objective;
  /** Restrict every round to this price per item class (anonymous prices; order still free). */
  fixedPrices?: number[];
}

export class OptimalSpm {
  readonly model: DiscreteModel;
  readonly objective: Objective;
  /** Class of each agent / item. */
  readonly agentClass: Int32Array;
  readonly itemClass: Int32Array;
  readonly agentClassSize: number[] = [];
  readonly itemClassSize: number[];
  /** Group of each item class. */
  readonly itemClassGroup: number[];
  /** Candidate prices per item class. */
  readonly grid: number[][];
  /** support[c][w] = value rows (per item class) and probabilities of class c in world w. */
  private readonly support: { values: number[]; prob: number }[][][];
  private readonly memo = new Map<string, DpAction | null>();
  private readonly groups: number;

  constructor(
    readonly setting: SpmSetting,
    opts: OptimalSpmOptions = {},
  ) {
    if (!setting.discrete) {
      throw new UsageError(
        "--setting",
        `${setting.name} has no finite model; exact search needs one`,
      );
    }
    this.model = setting.discrete;
    this.objective = opts.objective ?? setting.objective;
    if (this.objective === "maxmin") {
      throw new UsageError(
        "--objective",
        "exact search supports additive objectives: welfare, revenue",
      );
    }
    const { n } = setting;
    const worlds = this.model.worlds;
    // Agent classes: identical distributions in every world.
    const agentKeys = new Map<string, number>();
    this.agentClass = Int32Array.from({ length: n }, (_, i) => {
      const key = JSON.stringify(worlds.map((w) => w.agents[i]));
      if (!agentKeys.has(key)) {
        agentKeys.set(key, agentKeys.size);
        this.agentClassSize.push(0);
      }
      const c = agentKeys.get(key)!;
      this.agentClassSize[c] += 1;
      return c;
    });
    // Item classes (item-classes.ts): same group and same value for every agent, world and
    // support point.
    const classes = itemClasses(setting);
    this.itemClass = classes.of;
    this.itemClassSize = classes.size;
    this.itemClassGroup = classes.group;
    this.groups = Math.max(...this.itemClassGroup) + 1;
    const firstItem = classes.first;
    this.support = this.agentClassSize.map((_, c) => {
      const i = this.agentClass.indexOf(c);
      return worlds.map((w) =>
        w.agents[i].map((p) => ({ values: firstItem.map((j) => p.values[j]), prob: p.prob })),
      );
    });
    this.grid = firstItem.map((j, k) => {
      if (opts.fixedPrices) return [opts.fixedPrices[k]];
      const vals = new Set<number>([0]);
      for (const w of worlds) for (const s of w.agents) for (const p of s) vals.add(p.values[j]);
      const sorted = [...vals].sort((a, b) => a - b);
      if (this.objective === "revenue")
        return [0, ...sorted.filter((v) => v > 0).map((v) => v - 1e-9), 1];
      const mids = sorted.slice(1).map((v, t) => (v + sorted[t]) / 2);
      return [0, ...mids, 1];
    });
  }

  root(): DpState {
    return {
      agents: [...this.agentClassSize],
      items: [...this.itemClassSize],
      posterior: this.model.worlds.map((w) => w.prob),
    };
  }

  /**
   * Estimated work of the DP before running it (docs/limits.md): states (agents left per
   * class × items left per class, times one posterior per world when worlds are uncertain)
   * times actions (agent class × price vector) times the responses of the class's support.
   */
  size(): { states: number; work: number } {
    let states = this.model.worlds.length;
    for (const a of this.agentClassSize) states *= a + 1;
    for (const x of this.itemClassSize) states *= x + 1;
    let actions = this.agentClassSize.length;
    for (const g of this.grid) actions *= g.length;
    let support = 0;
    for (const c of this.support) for (const w of c) support = Math.max(support, w.length);
    return { states, work: states * actions * support };
  }

  /** Optimal expected objective from the start; refused up front beyond OPTIMAL_SPM_LIMIT. */
  value(): number {
    this.checkSize();
    return this.best(this.root())?.value ?? 0;
  }

  checkSize(): void {
    const { work } = this.size();
    if (work > OPTIMAL_SPM_LIMIT)
      throw new TooLargeError(
        "--setting",
        `the optimal SPM of ${this.setting.name}`,
        work,
        OPTIMAL_SPM_LIMIT,
        "use --no-optimal (the learned and baseline policies need no DP), or fewer agents, items or prices",
        "DP evaluations",
      );
  }

  /** The optimal action in a state (null when no agent or no item is left). */
  best(s: DpState): DpAction | null {
    const key = `${s.agents.join(",")}|${s.items.join(",")}|${s.posterior.map((x) => x.toFixed(12)).join(",")}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    let result: DpAction | null = null;
    if (s.agents.some((a) => a > 0) && s.items.some((x) => x > 0)) {
      for (let c = 0; c < s.agents.length; c++) {
        if (s.agents[c] === 0) continue;
        for (const prices of this.priceVectors(s.items)) {
          const a = this.evaluateAction(s, c, prices);
          if (!result || a.value > result.value + 1e-12) result = a;
        }
      }
    }
    this.memo.set(key, result);
    return result;
  }

  /** Response code of a value row to prices (the tie rule of choice.ts, by class). */
  respond(values: number[], prices: number[], items: number[]): number {
    const K = items.length;
    const pick = new Array<number>(this.groups).fill(-1);
    for (let k = 0; k < K; k++) {
      if (items[k] === 0) continue;
      const u = values[k] - prices[k];
      if (u <= 0) continue;
      const g = this.itemClassGroup[k];
      const q = pick[g];
      if (q < 0 || u > values[q] - prices[q]) pick[g] = k;
    }
    let code = 0;
    for (let g = this.groups - 1; g >= 0; g--) code = code * (K + 1) + (pick[g] + 1);
    return code;
  }

  /** Item classes bought in a response code. */
  decode(code: number): number[] {
    const K = this.itemClassSize.length;
    const out: number[] = [];
    for (let g = 0; g < this.groups; g++) {
      const k = (code % (K + 1)) - 1;
      if (k >= 0) out.push(k);
      code = Math.floor(code / (K + 1));
    }
    return out;
  }

  private *priceVectors(items: number[]): Generator<number[]> {
    const K = items.length;
    const idx = new Array<number>(K).fill(0);
    for (;;) {
      yield idx.map((t, k) => (items[k] > 0 ? this.grid[k][t] : NaN));
      let k = 0;
      while (k < K) {
        if (items[k] > 0 && idx[k] + 1 < this.grid[k].length) {
          idx[k]++;
          break;
        }
        idx[k] = 0;
        k++;
      }
      if (k === K) return;
    }
  }

  private evaluateAction(s: DpState, c: number, prices: number[]): DpAction {
    const W = s.posterior.length;
    const acc = new Map<number, { prob: number; reward: number; numer: number[] }>();
    for (let w = 0; w < W; w++) {
      const pw = s.posterior[w];
      if (pw === 0) continue;
      for (const pt of this.support[c][w]) {
        const code = this.respond(pt.values, prices, s.items);
        let e = acc.get(code);
        if (!e) acc.set(code, (e = { prob: 0, reward: 0, numer: new Array<number>(W).fill(0) }));
        const q = pw * pt.prob;
        e.prob += q;
        e.numer[w] += q;
        for (const k of this.decode(code))
          e.reward += q * (this.objective === "revenue" ? prices[k] : pt.values[k]);
      }
    }
    let value = 0;
    const next = new Map<number, { prob: number; state: DpState }>();
    for (const [code, e] of acc) {
      const agents = [...s.agents];
      agents[c] -= 1;
      const items = [...s.items];
      for (const k of this.decode(code)) items[k] -= 1;
      const state = { agents, items, posterior: e.numer.map((x) => x / e.prob) };
      value += e.reward + e.prob * (this.best(state)?.value ?? 0);
      next.set(code, { prob: e.prob, state });
    }
    return { agentClass: c, prices, value, next };
  }

  /** The optimal policy as an SpmPolicy for the environment (tracks each episode's state). */
  policy(): SpmPolicy {
    let states: DpState[] = [];
    let last: (DpAction | null)[] = [];
    let lastAgent = new Int32Array(0);
    return {
      act: (env: SpmEnv, agents: Int32Array, prices: Float64Array) => {
        const { n, m, batch } = env;
        if (env.t === 0) {
          states = Array.from({ length: batch }, () => this.root());
          last = new Array<DpAction | null>(batch).fill(null);
          lastAgent = new Int32Array(batch);
        }
        for (let b = 0; b < batch; b++) {
          const prev = last[b];
          if (env.t > 0 && prev) {
            // Observe what the previous agent bought: the response code by item class.
            const bought = new Array<number>(this.groups).fill(-1);
            for (let j = 0; j < m; j++) {
              if (env.alloc[(b * n + lastAgent[b]) * m + j])
                bought[this.setting.group[j]] = this.itemClass[j];
            }
            const K = this.itemClassSize.length;
            let code = 0;
            for (let g = this.groups - 1; g >= 0; g--) code = code * (K + 1) + (bought[g] + 1);
            states[b] = prev.next.get(code)!.state;
          }
          const a = this.best(states[b]);
          last[b] = a;
          const cls = a ? a.agentClass : -1;
          let chosen = -1;
          for (let i = 0; i < n; i++) {
            if (!env.agentsLeft[b * n + i]) continue;
            if (chosen < 0 || this.agentClass[i] === cls) chosen = i;
            if (this.agentClass[i] === cls) break;
          }
          agents[b] = chosen;
          lastAgent[b] = chosen;
          for (let j = 0; j < m; j++) prices[b * m + j] = a ? a.prices[this.itemClass[j]] : 1;
          for (let j = 0; j < m; j++) if (Number.isNaN(prices[b * m + j])) prices[b * m + j] = 1;
        }
      },
    };
  }
}

/** Exact expected first-best welfare by enumerating the finite model (≤ `limit` profiles). */
/** DP evaluations (states × actions × responses) beyond which the optimal SPM is refused. */
export const OPTIMAL_SPM_LIMIT = 5e7;

export function exactFirstBest(
  setting: SpmSetting,
  firstBest: (values: Float64Array) => number,
  limit = 200_000,
): number | undefined {
  const model = setting.discrete;
  if (!model) return undefined;
  const { n, m } = setting;
  let total = 0;
  for (const w of model.worlds) {
    let count = 1;
    for (const s of w.agents) count *= s.length;
    if (count > limit) return undefined;
    const row = new Float64Array(n * m);
    const rec = (i: number, p: number) => {
      if (i === n) {
        total += w.prob * p * firstBest(row);
        return;
      }
      for (const pt of w.agents[i]) {
        for (let j = 0; j < m; j++) row[i * m + j] = pt.values[j];
        rec(i + 1, p * pt.prob);
      }
    };
    rec(0, 1);
  }
  return total;
}
