// Job kind `spm-train`: one PPO training run of a sequential price mechanism (one setting, one
// observation statistic, one seed) — the unit of work of `mechlab spm` and `reproduce
// spm-figures`, whose comparisons are many such runs. Its result is the run's record (learning
// curve, final evaluation, learned prices), exactly what those commands compute for that run on
// their own threads, so a comparison assembled from stored runs equals the local one.
import { z } from "zod";
import { initEngine } from "../../engine/jax.js";
import { ACTION_DISTS } from "../../rl/action-dist.js";
import type { PpoConfig } from "../../rl/ppo.js";
import { SPM_DEFAULT_LR } from "../../spm/compare.js";
import { PRICE_MODES } from "../../spm/item-classes.js";
import { buildSetting } from "../../spm/settings/registry.js";
import { statistics } from "../../spm/statistics.js";
import { runJobSync, type TrainJob } from "../../spm/train-jobs.js";
import type { SpmTrainResult } from "../../spm/train.js";
import { OBJECTIVES, type Objective } from "../../spm/types.js";
import type { JobKind, ParamValue } from "../job-kind.js";
import { int, num } from "./schema-parts.js";
import { JOB_KIND_SUMMARIES } from "./catalog.js";

const schema = z
  .object({
    setting: z.string(),
    statistic: z.string(),
    objective: z.enum(OBJECTIVES as [Objective, ...Objective[]]).optional(),
    prices: z.enum(PRICE_MODES).default("per-class"),
    seed: int(0, 2 ** 31 - 1),
    steps: int(1, 1e9),
    // Without defaults: what a job leaves unset is left to the trainer (64 episodes per
    // rollout, 1000 per evaluation, 10,000 for the final one) and the learner, exactly as a
    // training run of a local comparison leaves it.
    batch: int(4, 100_000).optional(),
    "eval-episodes": int(10, 1e6).optional(),
    "final-episodes": int(10, 1e7).optional(),
    lr: z.number().gt(0).max(1).default(SPM_DEFAULT_LR),
    "price-dist": z.enum(ACTION_DISTS).optional(),
    "ent-coef": num(0, 1).optional(),
    "init-log-std": num(-5, 2).optional(),
  })
  .strict();
type Params = z.infer<typeof schema>;

/** The training run a job describes. */
export function trainJobOf(raw: Record<string, ParamValue>): TrainJob {
  const p = raw as Params;
  const ppo: Partial<PpoConfig> = { lr: p.lr };
  if (p["price-dist"] !== undefined) ppo.actionDist = p["price-dist"];
  if (p["ent-coef"] !== undefined) ppo.entCoef = p["ent-coef"];
  if (p["init-log-std"] !== undefined) ppo.initLogStd = p["init-log-std"];
  return {
    setting: p.setting,
    statistic: p.statistic,
    objective: p.objective ?? buildSetting(p.setting, "setting").objective,
    prices: p.prices,
    seed: p.seed,
    steps: p.steps,
    batch: p.batch,
    evalEpisodes: p["eval-episodes"],
    finalEpisodes: p["final-episodes"],
    ppo,
  };
}

/** A job's parameters for a training run (the inverse of trainJobOf). */
export function trainJobParams(job: TrainJob): Record<string, ParamValue> {
  const { lr, actionDist, entCoef, initLogStd, ...rest } = job.ppo ?? {};
  if (Object.keys(rest).length > 0)
    throw new Error(
      `spm-train: PPO options ${Object.keys(rest).join(", ")} are not job parameters`,
    );
  const params: Record<string, ParamValue | undefined> = {
    setting: job.setting,
    statistic: job.statistic,
    objective: job.objective,
    prices: job.prices,
    seed: job.seed,
    steps: job.steps,
    batch: job.batch,
    "eval-episodes": job.evalEpisodes,
    "final-episodes": job.finalEpisodes,
    lr,
    "price-dist": actionDist,
    "ent-coef": entCoef,
    "init-log-std": initLogStd,
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<
    string,
    ParamValue
  >;
}

export const spmTrainKind: JobKind = {
  name: "spm-train",
  summary: JOB_KIND_SUMMARIES["spm-train"],
  schema: schema as unknown as JobKind["schema"],
  check(raw) {
    const p = raw as Params;
    buildSetting(p.setting, "setting");
    statistics.build(p.statistic, "statistic");
  },
  async run(raw) {
    const job = trainJobOf(raw);
    await initEngine();
    return { result: runJobSync(job), files: {} };
  },
  metrics(result) {
    return { value: (result as SpmTrainResult).final.value };
  },
};
