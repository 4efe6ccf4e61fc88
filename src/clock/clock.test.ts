import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { clockAuctions } from "./auctions/registry.js";
import { adviceGamma } from "./auctions/learning-augmented.js";
import { constraints } from "./constraints/registry.js";
import { runClock, type ClockRule } from "./engine.js";
import {
  FAMILIES,
  lowerBoundInstance,
  noisyAdvice,
  optimalSet,
  randomInstance,
  suite,
  worstAdvice,
} from "./generators.js";
import { runInstance } from "./run.js";
import { profitableDeviation } from "./strategy-proofness.js";
import { weightOf } from "./types.js";

const ALL = [
  "no-advice",
  "ascending-uniform",
  "greedy-da",
  "learning-augmented(epsilon=0.5)",
  "error-tolerant(epsilon=0.5)",
  "advice-weighted(gamma=2)",
];
// Coarser clocks for the brute force (fewer price levels to deviate at; same rules).
const ALL_COARSE = [
  "no-advice(step=0.25)",
  "ascending-uniform(step=0.25)",
  "greedy-da(step=0.25)",
  "learning-augmented(epsilon=0.5,step=0.25)",
  "error-tolerant(epsilon=0.5,step=0.25)",
  "advice-weighted(gamma=2,step=0.25)",
];
const rule = (name: string) => clockAuctions.build(name, "auction").value;

describe("clock engine", () => {
  it("rules never read values: a spy on the value array throws during every rule call", () => {
    let inRule = false;
    const rng = new Rng(3);
    for (const family of FAMILIES) {
      const inst = randomInstance(family, 7, rng);
      const spied = new Proxy(inst.values, {
        get(target, key, recv) {
          if (inRule) throw new Error(`rule read values[${String(key)}]`);
          return Reflect.get(target, key, recv);
        },
      });
      for (const name of ALL) {
        const inner = rule(name);
        const wrapped: ClockRule = {
          name: inner.name,
          raise(view) {
            inRule = true;
            try {
              return inner.raise(view);
            } finally {
              inRule = false;
            }
          },
        };
        expect(() =>
          runClock(inst.constraint, spied, wrapped, optimalSet(inst), { transcript: false }),
        ).not.toThrow();
      }
      // The spy is live: a rule that peeks at the values (through a closure) is caught.
      const cheat: ClockRule = {
        name: "cheat",
        raise(view) {
          inRule = true;
          try {
            return view.activeList.filter((i) => spied[i] < 1).map((i) => [i, view.prices[i] * 2]);
          } finally {
            inRule = false;
          }
        },
      };
      if (!inst.constraint.feasible(inst.values.map((_, i) => i)))
        expect(() => runClock(inst.constraint, spied, cheat, null)).toThrow(/rule read values/);
    }
  });

  it("ascending-uniform on 2-uniform: the two highest win at the third value (one step), transcript consistent", () => {
    const c = constraints.build("k-uniform(k=2)", "c").value(4);
    const o = runClock(c, [1, 2, 3, 4], rule("ascending-uniform(step=0.05)"), null);
    expect(o.winners).toEqual([2, 3]);
    expect(o.payments[0]).toBe(0);
    expect(o.payments[2]).toBeGreaterThan(2);
    expect(o.payments[2]).toBeLessThanOrEqual(2 * 1.05);
    expect(o.payments[2]).toBe(o.payments[3]);
    expect(o.transcript.rounds.flatMap((r) => r.quits)).toEqual([0, 1]);
    expect(o.rounds).toBe(o.transcript.rounds.length);
    expect(JSON.parse(JSON.stringify(o.transcript)).rounds.at(-1).quits).toEqual([1]);
  });

  it("every auction: feasible outcome, winners pay at most their values, losers nothing", () => {
    const rng = new Rng(11);
    for (const inst of suite(3, 9, rng)) {
      const advice = noisyAdvice(inst, 0.5, rng);
      for (const name of ALL) {
        const o = runClock(inst.constraint, inst.values, rule(name), advice, { transcript: false });
        expect(inst.constraint.feasible(o.winners)).toBe(true);
        inst.values.forEach((v, i) => {
          if (o.winners.includes(i)) expect(o.payments[i]).toBeLessThanOrEqual(v);
          else expect(o.payments[i]).toBe(0);
        });
      }
    }
  });

  it("brute force: no bidder gains by quitting at any other price (small instances)", () => {
    const rng = new Rng(5);
    for (const inst of suite(1, 5, rng)) {
      const advice = noisyAdvice(inst, 0.3, rng);
      for (const name of ALL_COARSE) {
        expect(profitableDeviation(inst, rule(name), advice)).toBeNull();
      }
    }
  });
});

describe("clock auctions: consistency and robustness", () => {
  it("correct advice gives welfare ≥ OPT/(1+ε) on every suite instance, ε = 0.1 and 0.5", () => {
    const insts = suite(5, 10, new Rng(21));
    for (const eps of [0.1, 0.5]) {
      const la = rule(`learning-augmented(epsilon=${eps})`);
      for (const inst of insts) {
        const s = runInstance(inst, la, optimalSet(inst), { transcript: false }).summary;
        expect(s.welfare).toBeGreaterThanOrEqual(s.optimum / (1 + eps) - 1e-9);
      }
    }
  });

  it("the error bound: welfare ≥ v(Ô) − ε/(1+ε)·OPT for any advice", () => {
    const rng = new Rng(22);
    for (const inst of suite(4, 10, rng)) {
      const advice = noisyAdvice(inst, 0.4, rng);
      const s = runInstance(inst, rule("learning-augmented(epsilon=0.5)"), advice, {
        transcript: false,
      }).summary;
      expect(s.welfare).toBeGreaterThanOrEqual(
        weightOf(advice, inst.values) - (0.5 / 1.5) * s.optimum - 1e-9,
      );
    }
  });

  it("wrong advice: the worst ratio is within γ(n) of the no-advice worst ratio, per family", () => {
    // The documented robustness constant: the trust factor of an n-bidder advice,
    // γ(n) = H_n·(1+step)·(1+ε)/ε = O(log n/ε).
    const n = 10;
    const gamma = adviceGamma(n, 0.5, 0.05);
    const insts = suite(5, n, new Rng(23));
    for (const family of FAMILIES) {
      const of = insts.filter((i) => i.constraint.name.startsWith(family));
      let worstNo = 1;
      let worstLa = 1;
      for (const inst of of) {
        worstNo = Math.max(worstNo, runInstance(inst, rule("no-advice"), null).summary.ratio!);
        const r = runInstance(inst, rule("learning-augmented(epsilon=0.5)"), worstAdvice(inst))
          .summary.ratio;
        worstLa = Math.max(worstLa, r ?? Infinity);
      }
      expect(worstLa).toBeLessThanOrEqual(gamma * worstNo);
    }
  });

  it("lower-bound family: the no-advice ratio grows like ln n, and the optimal advice removes it", () => {
    const ratios = [8, 32, 128].map((n) => {
      const inst = lowerBoundInstance(n);
      const no = runInstance(inst, rule("no-advice"), null, { transcript: false }).summary;
      const la = runInstance(inst, rule("learning-augmented(epsilon=0.1)"), optimalSet(inst), {
        transcript: false,
      }).summary;
      expect(la.ratio!).toBeLessThanOrEqual(1.1);
      return no.ratio!;
    });
    // H_{n−1}/1.2 exactly: bidder 0 (value 1.2) wins, OPT is the harmonic group.
    const H = (m: number) =>
      Array.from({ length: m }, (_, r) => 1 / (r + 1)).reduce((a, b) => a + b);
    expect(ratios[0]).toBeCloseTo(H(7) / 1.2, 9);
    expect(ratios[2]).toBeCloseTo(H(127) / 1.2, 9);
    expect(ratios[1] - ratios[0]).toBeGreaterThan(1);
    expect(ratios[2] - ratios[1]).toBeGreaterThan(1);
  });
});
