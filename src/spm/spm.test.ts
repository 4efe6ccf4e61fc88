import { describe, expect, it } from "vitest";
import { chooseBundle } from "./choice.js";
import { checkEnv } from "./check-env.js";
import { SpmEnv } from "./env.js";
import { evaluatePolicy, randomSerialDictatorship } from "./evaluate.js";
import { firstBestWelfare, maxWeightMatching } from "./first-best.js";
import { OptimalSpm, exactFirstBest } from "./optimal-spm.js";
import { spmSettings } from "./settings/registry.js";
import { statistics } from "./statistics.js";
import { twoWorlds } from "./settings/two-worlds.js";
import { kitchenSink } from "./settings/kitchen-sink.js";
import { idSetting } from "./settings/id.js";
import { inventory } from "./settings/inventory.js";

const one = new Int32Array([0, 0, 0]);

describe("agents' choices", () => {
  it("take the item of largest utility, lowest index on ties, only if utility > 0", () => {
    const pick = new Int32Array(1);
    // utilities 0.25, 0.5, 0.5 (exact in binary) → item 1 (tie with 2, lower index)
    chooseBundle([0.5, 0.75, 0.625], [0.25, 0.25, 0.125], [1, 1, 1], one, pick);
    expect(pick[0]).toBe(1);
    // item 1 sold → item 2
    chooseBundle([0.5, 0.75, 0.625], [0.25, 0.25, 0.125], [1, 0, 1], one, pick);
    expect(pick[0]).toBe(2);
    // value equal to price: indifferent, does not buy
    chooseBundle([0.5, 0, 0], [0.5, 1, 1], [1, 1, 1], one, pick);
    expect(pick[0]).toBe(-1);
    // a cheaper, lower-valued item can be better: 0.4−0.1 = 0.3 > 0.9−0.7 = 0.2
    chooseBundle([0.4, 0.9, 0], [0.1, 0.7, 0], [1, 1, 1], one, pick);
    expect(pick[0]).toBe(0);
  });

  it("additive across groups: best item of each group independently", () => {
    const pick = new Int32Array(2);
    const group = new Int32Array([0, 0, 1, 1]);
    const k = chooseBundle([0.6, 0.8, 0.3, 0.2], [0.1, 0.2, 0.5, 0.1], [1, 1, 1, 1], group, pick);
    // group 0: 0.5 vs 0.6 → item 1; group 1: −0.2 vs 0.1 → item 3
    expect([...pick]).toEqual([1, 3]);
    expect(k).toBe(2);
  });
});

describe("first-best", () => {
  it("Hungarian matches brute force on a 3×3 case", () => {
    const w = [3, 1, 0, 2, 2, 0, 0, 1, 1];
    // best: a0-i0 (3) + a1-i1 (2) + a2-i2 (1) = 6
    expect(maxWeightMatching(w, 3, 3)).toBeCloseTo(6, 12);
    // rectangular 3 agents × 1 item: the largest value
    expect(maxWeightMatching([0.2, 0.9, 0.5], 3, 1)).toBeCloseTo(0.9, 12);
  });

  it("hand-derived exact references: kitchen-sink 0.26192, id 1.54922", () => {
    const fb = (s: ReturnType<typeof kitchenSink>) =>
      exactFirstBest(s, (v) => firstBestWelfare(v, s.n, s.m, s.group))!;
    // ½(0.002 + 0.2·1 + 0.8·0.2) + ½(0.002 + 0.2·0.4 + 0.8·0.0998)
    expect(fb(kitchenSink())).toBeCloseTo(0.5 * 0.362 + 0.5 * (0.002 + 0.08 + 0.8 * 0.0998), 12);
    expect(fb(idSetting())).toBeCloseTo(1.549, 3);
  });
});

describe("environment", () => {
  it("passes the checker for every setting and statistic", () => {
    for (const e of spmSettings.list()) {
      const s = spmSettings.build(e.name, "setting").value;
      for (const st of statistics.list()) {
        expect(checkEnv(s, st.create({}), 4), `${e.name}/${st.name}`).toEqual([]);
      }
    }
  });

  it("rejects illegal actions", () => {
    const env = new SpmEnv(twoWorlds(), 1);
    env.reset(1);
    env.step(new Int32Array([0]), new Float64Array([1]));
    expect(() => env.step(new Int32Array([0]), new Float64Array([0.5]))).toThrow(/remaining/);
    expect(() => env.step(new Int32Array([1]), new Float64Array([1.5]))).toThrow(/price/);
  });

  it("same seed ⇒ same numbers; RSD welfare of i.i.d. correlated(0) is m/2", () => {
    const s = spmSettings.build("correlated", "s").value;
    const a = evaluatePolicy(s, randomSerialDictatorship(1), { episodes: 4000, seed: 9 });
    const b = evaluatePolicy(s, randomSerialDictatorship(1), { episodes: 4000, seed: 9 });
    expect(b).toEqual(a);
    // Each of the first 5 visited agents takes an item worth U[0,1]: E = 2.5.
    expect(Math.abs(a.value - 2.5)).toBeLessThan(5 * a.stderr!);
  });
});

describe("optimal SPM by dynamic programming", () => {
  it("two-worlds: optimum needs personalized prices, beats every anonymous price", () => {
    const s = twoWorlds();
    const dp = new OptimalSpm(s);
    const opt = dp.value();
    // Follow the no-sale path: prices first above 0.6 (sell only to value-1 agents), later
    // below 0.4 — different prices for different agents.
    const path: number[] = [];
    let st = dp.root();
    for (let t = 0; t < s.n; t++) {
      const a = dp.best(st)!;
      path.push(a.prices[0]);
      const none = a.next.get(0);
      if (!none) break;
      st = none.state;
    }
    expect(path[0]).toBeGreaterThan(0.6);
    expect(path[path.length - 1]).toBeLessThan(0.4);
    // Agents are exchangeable, so a fixed price for all rounds is exactly an ASP.
    let bestAnon = 0;
    for (const p of dp.grid[0])
      bestAnon = Math.max(bestAnon, new OptimalSpm(s, { fixedPrices: [p] }).value());
    expect(opt).toBeGreaterThan(bestAnon + 0.01);
    // The PSP of the spec (0.9 to agents 1–5, 0.2 to agents 6–10), by hand:
    // ½(31/32·1 + 1/32·0.6) + ½(31/32·0.4); the optimum is at least as good.
    expect(opt).toBeGreaterThanOrEqual(
      0.5 * (31 / 32 + 0.6 / 32) + (0.5 * (0.4 * 31)) / 32 - 1e-12,
    );
  });

  it("inventory(2 agents, 1 item): price in (½,1) to the first agent, then 0", () => {
    // V = ½·1 + ½·E[v₂] = ½ + ½·¾ = 0.875 (first-best is also 0.875)
    expect(new OptimalSpm(inventory(2, 1)).value()).toBeCloseTo(0.875, 12);
  });

  it("playing the DP policy in the environment reproduces its value (kitchen-sink, id)", () => {
    for (const s of [kitchenSink(), idSetting()]) {
      const dp = new OptimalSpm(s);
      const mc = evaluatePolicy(s, dp.policy(), { episodes: 20_000, seed: 4 });
      expect(Math.abs(mc.value - dp.value()), s.name).toBeLessThan(4 * mc.stderr!);
    }
  });
});
