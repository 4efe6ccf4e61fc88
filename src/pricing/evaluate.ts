// Evaluate one pricing algorithm on one instance: K independent runs, each learning afresh
// (through the algorithm's access model, counted), realizing every agent's request, ordering
// the arrivals, deploying the learned prices, and solving that run's hindsight optimum.
// Seeds: run r uses the r-th split of Rng(seed), so the same seed gives the same numbers.
import { meanStderr, type Measured } from "../core/measured.js";
import { Rng } from "../engine/rng.js";
import { publicInfo, QueryAccess, SampleAccess } from "./access.js";
import type { PricingAlgorithm } from "./algorithms/types.js";
import { exAnteLp, hindsight } from "./benchmarks.js";
import { deploy, type Deployment, type PricePolicy } from "./deploy.js";
import { priceSpread, unequalTreatment } from "./fairness.js";
import { agentCount, realize, type PricingInstance, type RealizedAgent } from "./model.js";
import { arrivalOrder, WORST_FAMILY, type OrderKind } from "./orders.js";
import { checkLpSize } from "./request-lp.js";

export const HINDSIGHT = ["ip", "lp", "none"] as const;
export type HindsightKind = (typeof HINDSIGHT)[number];

export interface EvaluateOptions {
  instance: PricingInstance;
  algorithm: PricingAlgorithm;
  algorithmName: string;
  order: OrderKind;
  runs: number;
  seed: number;
  /** Hindsight benchmark per run: integer optimum (with its LP relaxation), LP only, none. */
  hindsight?: HindsightKind;
  onProgress?: (done: number, total: number) => void;
  /**
   * Hindsight values by run, shared between calls with the same instance and seed: the
   * realized requests of run r depend only on the seed, not on the algorithm (paired runs).
   */
  hindsightCache?: Map<string, number>;
}

export interface PricingResult {
  instance: string;
  algorithm: string;
  access: PricingAlgorithm["access"];
  order: OrderKind;
  runs: number;
  seed: number;
  agents: number;
  resources: number;
  welfare: Measured;
  exAnteLp: { value: number; exact: boolean };
  hindsightOptimum: Measured | null;
  hindsightLp: Measured | null;
  /** Mean over runs of welfare / hindsight optimum (the LP relaxation when the IP is off). */
  ratioToHindsight: Measured | null;
  ratioToExAnteLp: Measured;
  revenue: Measured;
  samples: number;
  queries: number;
  priceSpread: Measured;
  unequalTreatment: Measured;
  /**
   * The price each resource was posted at, per resource: the mean over a run's agents of the
   * price they faced (the learned price itself for a fixed posted price), ± s.e. across runs.
   */
  meanPrice: Measured[];
  /** Largest use / supply over runs and resources (≤ 1: never oversold). */
  maxUtilization: number;
  learnSeconds: number;
  deploySeconds: number;
}

export async function learnPolicy(
  inst: PricingInstance,
  alg: PricingAlgorithm,
  rng: Rng,
): Promise<{ policy: PricePolicy; samples: number; queries: number }> {
  const info = publicInfo(inst);
  switch (alg.access) {
    case "samples": {
      const acc = new SampleAccess(inst, rng.split());
      return { policy: await alg.learn(info, acc, rng.split()), samples: acc.samples, queries: 0 };
    }
    case "queries": {
      const acc = new QueryAccess(inst, rng.split());
      return { policy: await alg.learn(info, acc, rng.split()), samples: 0, queries: acc.queries };
    }
    case "none":
      return { policy: await alg.learn(info), samples: 0, queries: 0 };
  }
}

/** Deploy under the order kind; "worst" deploys under every member of the family, keeps the worst. */
export function deployOrdered(
  inst: PricingInstance,
  agents: readonly RealizedAgent[],
  kind: OrderKind,
  policy: PricePolicy,
  rng: Rng,
): Deployment {
  if (kind !== "worst")
    return deploy(inst, agents, arrivalOrder(kind, agents, rng.split()), policy, rng);
  let worst: Deployment | undefined;
  for (const k of WORST_FAMILY) {
    const d = deploy(inst, agents, arrivalOrder(k, agents, rng.split()), policy, rng.split());
    if (!worst || d.welfare < worst.welfare) worst = d;
  }
  return worst!;
}

export async function evaluatePricing(o: EvaluateOptions): Promise<PricingResult> {
  const inst = o.instance;
  const m = inst.supplies.length;
  const n = agentCount(inst);
  const kind = o.hindsight ?? "ip";
  // Hindsight size: options per agent (a sampled class: the options of one draw).
  const columns = inst.classes.reduce(
    (s, c) =>
      s +
      c.count *
        (c.support
          ? Math.max(...c.support.map((p) => p.request.options.length))
          : c.sample!(new Rng(0)).options.length),
    0,
  );
  if (kind !== "none") checkLpSize(columns, kind === "ip", "--hindsight");
  const base = new Rng(o.seed);
  const lp = await exAnteLp(inst, base.split());
  const welfare: number[] = [];
  const opt: number[] = [];
  const optLp: number[] = [];
  const ratio: number[] = [];
  const revenue: number[] = [];
  const spread: number[] = [];
  const unequal: number[] = [];
  const prices: number[][] = Array.from({ length: m }, () => []);
  let samples = 0;
  let queries = 0;
  let util = 0;
  let learnSeconds = 0;
  let deploySeconds = 0;
  for (let r = 0; r < o.runs; r++) {
    const rng = base.split();
    const t0 = performance.now();
    const learned = await learnPolicy(inst, o.algorithm, rng.split());
    const t1 = performance.now();
    const agents = realize(inst, rng.split());
    const d = deployOrdered(inst, agents, o.order, learned.policy, rng.split());
    deploySeconds += (performance.now() - t1) / 1000;
    learnSeconds += (t1 - t0) / 1000;
    samples += learned.samples;
    queries += learned.queries;
    welfare.push(d.welfare);
    revenue.push(d.revenue);
    spread.push(priceSpread(d, m));
    unequal.push(unequalTreatment(d, agents, m));
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let i = 0; i < agents.length; i++) sum += d.faced[i * m + j];
      prices[j].push(agents.length > 0 ? sum / agents.length : 0);
    }
    for (let j = 0; j < m; j++)
      if (inst.supplies[j] > 0) util = Math.max(util, d.used[j] / inst.supplies[j]);
    if (kind !== "none") {
      const cached = async (integer: boolean): Promise<number> => {
        const key = `${inst.name}|${o.seed}|${r}|${integer}`;
        const hit = o.hindsightCache?.get(key);
        if (hit !== undefined) return hit;
        const v = await hindsight(inst, agents, integer);
        o.hindsightCache?.set(key, v);
        return v;
      };
      const relaxed = await cached(false);
      optLp.push(relaxed);
      const best = kind === "ip" ? await cached(true) : relaxed;
      if (kind === "ip") opt.push(best);
      ratio.push(best > 0 ? d.welfare / best : 1);
    }
    o.onProgress?.(r + 1, o.runs);
  }
  const w = meanStderr(welfare);
  return {
    instance: inst.name,
    algorithm: o.algorithmName,
    access: o.algorithm.access,
    order: o.order,
    runs: o.runs,
    seed: o.seed,
    agents: n,
    resources: m,
    welfare: w,
    exAnteLp: { value: lp.value, exact: lp.exact },
    hindsightOptimum: opt.length ? meanStderr(opt) : null,
    hindsightLp: optLp.length ? meanStderr(optLp) : null,
    ratioToHindsight: ratio.length ? meanStderr(ratio) : null,
    ratioToExAnteLp: {
      value: lp.value > 0 ? w.value / lp.value : 1,
      exact: false,
      stderr: lp.value > 0 ? (w.stderr ?? 0) / lp.value : 0,
    },
    revenue: meanStderr(revenue),
    samples: samples / o.runs,
    queries: queries / o.runs,
    priceSpread: meanStderr(spread),
    unequalTreatment: meanStderr(unequal),
    meanPrice: prices.map((p) => meanStderr(p)),
    maxUtilization: util,
    learnSeconds: learnSeconds / o.runs,
    deploySeconds: deploySeconds / o.runs,
  };
}
