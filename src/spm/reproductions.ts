// `mechlab reproduce spm-figures`: Brero et al. 2021's Figures 2–4 as a table — every setting of
// the extended version of Brero et al. 2021, listed in docs/spm.md with PPO on each observation statistic, the two learned static
// baselines, random serial dictatorship, and the exact optimal SPM / first-best where
// mechlab computes them. Budget per setting below (FIGURE_SETTINGS: steps, seeds, rollout
// size), each setting's comparison a few minutes on two cores; the paper trained far longer
// with 6 seeds. `--methods` selects settings by name, `--rows` by 1-based index, `--samples` sets
// the final evaluation episodes. Seeds derive from `--seed` (compare.ts, runSeed). Policies
// post one price per item class (compare's default; item-classes.ts) unless a budget says
// otherwise (max-min).
import { formatMeasured, type Measured } from "../core/measured.js";
import type { Reproduction, ReproductionOptions } from "../reproductions/reproduction.js";
import { defaultJobs } from "./train-jobs.js";
import { compare, type CompareOptions, type CompareResult } from "./compare.js";
import { summaryJson } from "./report.js";
import type { PriceMode } from "./item-classes.js";
import { buildSetting } from "./settings/registry.js";

/**
 * Training budget of one setting: environment steps per run, seeds per policy (the best by
 * its training-time evaluations is reported), episodes per rollout. Chosen so that a
 * setting's full comparison (3 statistics + 2 learned static baselines) takes ≤ 10 minutes on
 * the 2-core machine, two training runs at a time (measured: ≤ 312 s, docs/results/spm.md).
 * Kitchen-sink and max-min need several seeds: the adaptive optimum is found by some seeds only (like Brero et al. 2021's best 3 of 6).
 * Colors has 30 rounds per episode, so small rollouts (16 episodes) give more updates.
 */
export interface SpmBudget {
  steps: number;
  seeds: number;
  batch: number;
  /**
   * Price head; default per-class (w.l.o.g., item-classes.ts). Max-min keeps per-item prices:
   * its adaptive optimum (0.41) was found by 2 of 3 statistics with per-item prices at 3 × 200 000
   * steps, by none with per-class prices (best 0.282; docs/results/spm.md) — a difference of
   * learning dynamics, the two classes of mechanisms being the same.
   */
  prices?: PriceMode;
}

const BUDGET_SMALL: SpmBudget = { steps: 40_000, seeds: 3, batch: 64 };
const BUDGET_MEDIUM: SpmBudget = { steps: 40_000, seeds: 2, batch: 64 };

export const FIGURE_SETTINGS: { setting: string; finding: string; budget: SpmBudget }[] = [
  {
    setting: "correlated(delta=0)",
    finding: "adaptive ≥ static (i.i.d.: little to gain)",
    budget: BUDGET_MEDIUM,
  },
  {
    setting: "correlated(delta=0.25)",
    finding: "adaptive beats best static",
    budget: BUDGET_MEDIUM,
  },
  {
    setting: "correlated(delta=0.33)",
    finding: "adaptive beats best static",
    budget: BUDGET_MEDIUM,
  },
  {
    setting: "correlated(delta=0.5)",
    finding: "adaptive beats best static",
    budget: BUDGET_MEDIUM,
  },
  {
    setting: "colors",
    finding: "anonymous static is optimal",
    budget: { steps: 40_000, seeds: 1, batch: 16 },
  },
  {
    setting: "two-worlds",
    finding: "personalized static beats anonymous static",
    budget: BUDGET_SMALL,
  },
  {
    setting: "inventory",
    finding: "adaptive > personalized > anonymous",
    budget: { steps: 100_000, seeds: 1, batch: 64 },
  },
  {
    setting: "kitchen-sink",
    finding: "only adaptive order and prices reach the optimum",
    budget: { steps: 100_000, seeds: 3, batch: 64 },
  },
  { setting: "id", finding: "allocation beats items/agents left", budget: BUDGET_SMALL },
  { setting: "additive", finding: "price history speeds learning", budget: BUDGET_MEDIUM },
  {
    setting: "revenue",
    finding: "adaptive beats best static (revenue)",
    budget: BUDGET_MEDIUM,
  },
  {
    setting: "max-min",
    finding: "adaptive ≥ 0.4, static ≤ 0.25",
    budget: { steps: 200_000, seeds: 3, batch: 64, prices: "per-item" },
  },
];

const STATS = ["items-agents", "allocation", "price-allocation"];

const cell = (m: Measured | undefined) => (m ? formatMeasured(m, 3) : "—");

export function figureTable(results: CompareResult[]): string {
  const head = [
    "setting",
    "objective",
    ...STATS.map((s) => `PPO ${s}`),
    "anonymous static",
    "personalized static",
    "RSD",
    "optimal SPM",
    "first-best",
    "paper's finding",
    "wall s",
  ];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => " --- ").join("|")}|`];
  results.forEach((r) => {
    const learned = (name: string) => r.learned.find((p) => p.name === name)?.best;
    const base = (name: string) => r.baselines.find((p) => p.name === name)?.best;
    const finding =
      FIGURE_SETTINGS.find((f) => buildSetting(f.setting).name === r.setting)?.finding ?? "";
    lines.push(
      `| ${[
        r.prices === "per-item" ? `${r.setting} (per-item prices)` : r.setting,
        r.objective,
        ...STATS.map((s) => cell(learned(s))),
        cell(base("anonymous-static")),
        cell(base("personalized-static")),
        cell(r.rsd),
        cell(r.optimal),
        cell(r.firstBest),
        finding,
        Number.isFinite(r.seconds) ? r.seconds.toFixed(0) : "—",
      ].join(" | ")} |`,
    );
  });
  return lines.join("\n");
}

/**
 * The comparisons `reproduce spm-figures` runs for these options (settings chosen by
 * `--methods`/`--rows`), each with its setting's budget; `parallel` is left to the caller.
 */
export function figureComparisons(opts: {
  seed: number;
  rows?: number[];
  methods?: string[];
  samples?: number;
}): CompareOptions[] {
  return FIGURE_SETTINGS.filter(
    (f, k) =>
      (!opts.rows || opts.rows.includes(k + 1)) &&
      (!opts.methods ||
        opts.methods.includes(f.setting) ||
        opts.methods.includes(buildSetting(f.setting).name)),
  ).map((f) => ({
    setting: buildSetting(f.setting),
    statistics: STATS,
    baselines: ["anonymous-static", "personalized-static", "rsd"],
    seeds: f.budget.seeds,
    seed: opts.seed,
    steps: f.budget.steps,
    batch: f.budget.batch,
    finalEpisodes: opts.samples ?? 10_000,
    prices: f.budget.prices,
  }));
}

export const spmFigures: Reproduction = {
  name: "spm-figures",
  summary:
    "Brero et al. 2021 Figures 2–4: learned SPMs vs static baselines, RSD and the exact optimum",
  async run(opts: ReproductionOptions) {
    const chosen = figureComparisons(opts);
    const results: CompareResult[] = [];
    for (const [k, c] of chosen.entries()) {
      opts.onProgress?.(k, chosen.length, { setting: c.setting.name });
      results.push(await compare({ ...c, parallel: defaultJobs() }));
    }
    opts.onProgress?.(chosen.length, chosen.length, {});
    return { text: figureTable(results), json: results.map(summaryJson) };
  },
};

export const spmReproductions: Reproduction[] = [spmFigures];
