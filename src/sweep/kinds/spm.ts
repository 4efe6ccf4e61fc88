// Job kind `spm`: `mechlab spm --json` as a job (PPO-learned sequential price mechanisms
// against the baselines). Training runs of one job go one after another: the executor already
// runs one job per core. Lists are comma-separated strings, as on the command line.
import { z } from "zod";
import { UsageError } from "../../core/errors.js";
import { initEngine } from "../../engine/jax.js";
import { renderSvg } from "../../report/plot.js";
import { ACTION_DISTS } from "../../rl/action-dist.js";
import { LEARNED_BASELINES, SPM_DEFAULT_LR, compare } from "../../spm/compare.js";
import { PRICE_MODES } from "../../spm/item-classes.js";
import { learningCurveFigure, metricsCsv, summaryJson } from "../../spm/report.js";
import { buildSetting } from "../../spm/settings/registry.js";
import { statistics } from "../../spm/statistics.js";
import { OBJECTIVES, type Objective } from "../../spm/types.js";
import type { JobKind } from "../job-kind.js";
import { int, num } from "./schema-parts.js";
import { JOB_KIND_SUMMARIES } from "./catalog.js";

const BASELINES = [...Object.keys(LEARNED_BASELINES), "rsd"];

const schema = z
  .object({
    setting: z.string(),
    statistic: z.string().default("price-allocation"),
    baselines: z.string().default(BASELINES.join(",")),
    objective: z.enum(OBJECTIVES as [Objective, ...Objective[]]).optional(),
    seeds: int(1, 100).default(1),
    seed: int(0, 2 ** 31 - 1).default(0),
    steps: int(1, 1e9).default(100_000),
    batch: int(4, 100_000).default(64),
    lr: z.number().gt(0).max(1).default(SPM_DEFAULT_LR),
    "price-dist": z.enum(ACTION_DISTS).default("clipped-gaussian"),
    prices: z.enum(PRICE_MODES).default("per-class"),
    "ent-coef": num(0, 1).default(0),
    "init-log-std": num(-5, 2).optional(),
    "eval-episodes": int(10, 1e6).default(1000),
    "final-episodes": int(10, 1e7).default(10_000),
    optimal: z.boolean().default(true),
  })
  .strict();
type Params = z.infer<typeof schema>;

function list(field: string, raw: string, allowed: string[], allowNone: boolean): string[] {
  if (allowNone && raw === "none") return [];
  const items = raw.split(",").map((s) => s.trim());
  for (const s of items)
    if (!allowed.includes(s))
      throw new UsageError(field, `"${s}" is not allowed; allowed: ${allowed.join(", ")}`);
  return items;
}

function lists(p: Params) {
  const stats = list(
    "statistic",
    p.statistic,
    statistics.list().map((e) => e.name),
    false,
  );
  const baselines = list("baselines", p.baselines, BASELINES, true);
  return { stats, baselines };
}

export const spmKind: JobKind = {
  name: "spm",
  summary: JOB_KIND_SUMMARIES.spm,
  schema: schema as unknown as JobKind["schema"],
  check(raw) {
    const p = raw as Params;
    buildSetting(p.setting, "setting");
    lists(p);
  },
  async run(raw) {
    const p = raw as Params;
    const setting = buildSetting(p.setting, "setting");
    const { stats, baselines } = lists(p);
    await initEngine();
    const result = await compare({
      setting,
      objective: p.objective ?? setting.objective,
      prices: p.prices,
      statistics: stats,
      baselines,
      seeds: p.seeds,
      seed: p.seed,
      steps: p.steps,
      batch: p.batch,
      evalEpisodes: p["eval-episodes"],
      finalEpisodes: p["final-episodes"],
      ppo: {
        lr: p.lr,
        actionDist: p["price-dist"],
        entCoef: p["ent-coef"],
        ...(p["init-log-std"] !== undefined ? { initLogStd: p["init-log-std"] } : {}),
      },
      optimal: p.optimal,
      parallel: 1,
    });
    return {
      result: summaryJson(result),
      files: {
        "metrics.csv": metricsCsv(result),
        "learning-curve.svg": await renderSvg(learningCurveFigure(result)),
      },
    };
  },
  metrics(result) {
    const r = result as {
      learned: Record<string, { value: number }>;
      baselines: Record<string, { value: number }>;
      optimalSpm: { value: number } | null;
    };
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(r.learned)) out[k] = v.value;
    for (const [k, v] of Object.entries(r.baselines)) out[k] = v.value;
    if (r.optimalSpm) out["optimal-spm"] = r.optimalSpm.value;
    return out;
  },
};
