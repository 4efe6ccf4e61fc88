// The measurements behind `mechlab reproduce clock-auctions` (docs/results/clock-auctions.md):
// welfare ratio OPT/ALG against prediction error, ratio against n on the lower-bound family,
// the consistency^∞–robustness frontier, and welfare with learned advice.
import { Rng } from "../engine/rng.js";
import { clockAuctions } from "./auctions/registry.js";
import type { ClockRule } from "./engine.js";
import {
  FAMILIES,
  adviceError,
  lowerBoundInstance,
  noisyAdvice,
  optimalSet,
  suite,
  worstAdvice,
  type Family,
} from "./generators.js";
import type { ClockInstance } from "./instance.js";
import {
  featureInstance,
  learnedAdvice,
  randomMarket,
  trainPredictor,
  type LearnedFamily,
} from "./learned.js";
import { runInstance } from "./run.js";
import { weightOf } from "./types.js";

export type Tick = (info: Record<string, string | number>) => void;
const rule = (name: string): ClockRule => clockAuctions.build(name, "auction").value;
const ratioOf = (inst: ClockInstance, r: ClockRule, advice: number[] | null) =>
  runInstance(inst, r, advice, { transcript: false }).summary.ratio ?? Infinity;

export const ERROR_AUCTIONS = [
  "no-advice",
  "ascending-uniform",
  "greedy-da",
  "learning-augmented(epsilon=0.1)",
  "learning-augmented(epsilon=0.5)",
  "error-tolerant(epsilon=0.5)",
  "advice-weighted(gamma=2)",
];
/** Error bins for η = OPT/v(Ô): upper edges (the first bin is η = 1 exactly). */
export const ERROR_BINS = [1, 1.25, 1.5, 2, 3, Infinity];
const binOf = (eta: number) => ERROR_BINS.findIndex((u) => eta <= u * (1 + 1e-12));

export interface ErrorCell {
  auction: string;
  family: Family;
  bin: number;
  count: number;
  mean: number;
  worst: number;
}

/** Every suite instance with advice of five qualities (drop 0…1 of OPT, plus the worst set). */
export function ratioVsError(perFamily: number, n: number, seed: number, tick: Tick): ErrorCell[] {
  const rng = new Rng(seed);
  const insts = suite(perFamily, n, rng);
  const acc = new Map<string, number[]>();
  insts.forEach((inst, k) => {
    const family = FAMILIES[Math.floor(k / perFamily)];
    const advices = [0, 0.25, 0.5, 0.75, 1].map((d) => noisyAdvice(inst, d, rng));
    advices.push(worstAdvice(inst));
    for (const adv of advices) {
      const bin = binOf(adviceError(inst, adv));
      for (const a of ERROR_AUCTIONS) {
        const key = `${a}|${family}|${bin}`;
        const list = acc.get(key) ?? [];
        list.push(ratioOf(inst, rule(a), adv));
        acc.set(key, list);
      }
    }
    tick({ stage: "error", instance: k + 1 });
  });
  return [...acc.entries()].map(([key, rs]) => {
    const [auction, family, bin] = key.split("|");
    return {
      auction,
      family: family as Family,
      bin: Number(bin),
      count: rs.length,
      mean: rs.reduce((a, b) => a + b, 0) / rs.length,
      worst: Math.max(...rs),
    };
  });
}

export interface LowerBoundRow {
  n: number;
  harmonic: number;
  ratios: Record<string, number>;
  rounds: number;
}

export const LOWER_BOUND_RUNS: [label: string, auction: string, advice: "opt" | "wrong" | null][] =
  [
    ["no-advice", "no-advice", null],
    ["greedy-da", "greedy-da", null],
    ["learning-augmented(ε=0.5), advice OPT", "learning-augmented(epsilon=0.5)", "opt"],
    ["learning-augmented(ε=0.5), advice {0}", "learning-augmented(epsilon=0.5)", "wrong"],
  ];

export function ratioVsN(ns: number[], tick: Tick): LowerBoundRow[] {
  return ns.map((n) => {
    const inst = lowerBoundInstance(n);
    const ratios: Record<string, number> = {};
    let rounds = 0;
    for (const [label, a, adv] of LOWER_BOUND_RUNS) {
      const advice = adv === "opt" ? optimalSet(inst) : adv === "wrong" ? [0] : null;
      const s = runInstance(inst, rule(a), advice, { transcript: false }).summary;
      ratios[label] = s.ratio ?? Infinity;
      if (a === "no-advice") rounds = s.rounds;
    }
    tick({ stage: "lower-bound", n });
    let h = 0;
    for (let r = 1; r < n; r++) h += 1 / r;
    return { n, harmonic: h, ratios, rounds };
  });
}

export interface FrontierPoint {
  auction: string;
  /** max over instances and random feasible advice Ô of v(Ô)/welfare. */
  consistencyInf: number;
  /** max over instances of OPT/welfare with the worst advice. */
  robustness: number;
  /** max over instances of OPT/welfare with the optimal advice. */
  consistency: number;
}

export const FRONTIER_GAMMAS = [1, 1.5, 2, 3, 4, 8, 16, 32, 64];

export function frontier(perFamily: number, n: number, seed: number, tick: Tick): FrontierPoint[] {
  const rng = new Rng(seed);
  const insts = suite(perFamily, n, rng);
  const advices = insts.map((inst) => [0.5, 1].map((d) => noisyAdvice(inst, d, rng)));
  const names = [
    "no-advice",
    ...FRONTIER_GAMMAS.map((g) => `advice-weighted(gamma=${g})`),
    "learning-augmented(epsilon=0.1)",
    "learning-augmented(epsilon=0.5)",
  ];
  return names.map((name) => {
    const r = rule(name);
    let cInf = 1;
    let rob = 1;
    let cons = 1;
    insts.forEach((inst, k) => {
      for (const adv of advices[k]) {
        const s = runInstance(inst, r, adv, { transcript: false }).summary;
        const va = weightOf(adv, inst.values);
        cInf = Math.max(cInf, s.welfare > 0 ? va / s.welfare : Infinity);
      }
      rob = Math.max(rob, ratioOf(inst, r, worstAdvice(inst)));
      cons = Math.max(cons, ratioOf(inst, r, optimalSet(inst)));
    });
    tick({ stage: "frontier", auction: name });
    return { auction: name, consistencyInf: cInf, robustness: rob, consistency: cons };
  });
}

export interface LearnedRow {
  family: LearnedFamily;
  noise: number;
  trainingBidders: number;
  /** Mean welfare/OPT over the test instances, with its standard error. */
  cells: Record<string, { mean: number; se: number }>;
}

export const LEARNED_FAMILIES: LearnedFamily[] = ["big-vs-small", "knapsack", "interference-graph"];
export const LEARNED_NOISE = [0.1, 0.3, 0.6];
export const LEARNED_SIZES = [3, 10, 30, 100, 1000];
export const LEARNED_COLUMNS = [
  "no-advice",
  "learning-augmented(epsilon=0.1), learned",
  "learning-augmented(epsilon=0.5), learned",
  "advice itself (v(Ô)/OPT)",
];

export function learnedAdviceTable(
  testInstances: number,
  n: number,
  dims: number,
  seed: number,
  tick: Tick,
): LearnedRow[] {
  const rows: LearnedRow[] = [];
  const na = rule("no-advice");
  const la1 = rule("learning-augmented(epsilon=0.1)");
  const la5 = rule("learning-augmented(epsilon=0.5)");
  for (const family of LEARNED_FAMILIES) {
    for (const noise of LEARNED_NOISE) {
      const rng = new Rng(seed + 1000 * LEARNED_FAMILIES.indexOf(family) + Math.round(100 * noise));
      const market = randomMarket(dims, noise, rng);
      const past = Array.from({ length: Math.ceil(Math.max(...LEARNED_SIZES) / n) }, () =>
        featureInstance(market, family, n, rng),
      );
      const tests = Array.from({ length: testInstances }, () =>
        featureInstance(market, family, n, rng),
      );
      const noAdvice = tests.map((t) => {
        const s = runInstance(t, na, null, { transcript: false }).summary;
        return s.welfare / s.optimum;
      });
      for (const size of LEARNED_SIZES) {
        const predict = trainPredictor(past, size);
        const cols: number[][] = [noAdvice, [], [], []];
        for (const t of tests) {
          const adv = learnedAdvice(t, predict);
          for (const [j, r] of [
            [1, la1],
            [2, la5],
          ] as const) {
            const s = runInstance(t, r, adv, { transcript: false }).summary;
            cols[j].push(s.welfare / s.optimum);
          }
          cols[3].push(1 / adviceError(t, adv));
        }
        const cells: LearnedRow["cells"] = {};
        LEARNED_COLUMNS.forEach((c, j) => (cells[c] = meanSe(cols[j])));
        rows.push({ family, noise, trainingBidders: size, cells });
        tick({ stage: "learned", family, noise, size });
      }
    }
  }
  return rows;
}

function meanSe(xs: number[]): { mean: number; se: number } {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1);
  return { mean: m, se: Math.sqrt(v / xs.length) };
}
