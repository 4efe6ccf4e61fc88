// A sweep ready to run: its jobs (one shard of them, if asked), which are already in the
// store, and the summary once they are done. Shared by `mechlab sweep` and `sweep-status`.
import { createHash } from "node:crypto";
import { basename, extname } from "node:path";
import { UsageError } from "../core/errors.js";
import { validateJob, type PlannedJob } from "./job-spec.js";
import { reproductionSweeps, type SweepFormOptions } from "./reproduction-sweeps.js";
import { isReproductionName, loadSweep, shardOf, type Sweep } from "./sweep-file.js";
import { RunStore } from "./store.js";
import type { ParamValue } from "./job-kind.js";
import { summarize, type SweepSummary } from "./summary.js";

export interface Shard {
  index: number;
  count: number;
}

/** "i/N" with 0 ≤ i < N (0-based, like SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX). */
export function parseShard(raw: string, field = "--shard"): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index < count))
    throw new UsageError(field, `expected i/N with 0 ≤ i < N (e.g. 0/4), got "${raw}"`);
  return { index, count };
}

export interface SweepPlan {
  file: string;
  /** The reproduction's options when `file` names a reproduction's sweep form. */
  form?: SweepFormOptions;
  sweep: Sweep;
  jobs: PlannedJob[];
  store: RunStore;
  shard?: Shard;
}

export function planSweep(
  file: string,
  storeDir: string,
  shard?: Shard,
  form?: SweepFormOptions,
): SweepPlan {
  const sweep = loadSweep(file, form);
  const jobs = shard ? shardOf(sweep.jobs, shard.index, shard.count) : sweep.jobs;
  return { file, form, sweep, jobs, store: new RunStore(storeDir), shard };
}

/** Summarise the plan's jobs from the store and write the CSV; returns it with its path. */
export function summarizePlan(plan: SweepPlan): SweepSummary & { path: string } {
  const { store, jobs } = plan;
  const s = summarize(
    plan.sweep.axes,
    jobs.map((j) => ({
      spec: j.spec,
      result: store.has(j.id) ? store.read(j.id).result : undefined,
    })),
  );
  const hash = createHash("sha256")
    .update(jobs.map((j) => j.id).join("\n"))
    .digest("hex")
    .slice(0, 8);
  const shard = plan.shard ? `-shard${plan.shard.index}of${plan.shard.count}` : "";
  const name = `${basename(plan.file, extname(plan.file))}${shard}-${hash}`;
  return { ...s, path: store.writeSummary(name, s.csv) };
}

/**
 * The reproduction's own table (reproduction-sweeps.ts) when the plan is a reproduction's
 * sweep form that has one; `missing` counts the jobs of the whole sweep (every shard) not yet
 * in the store, the table being there only when none is.
 */
export function reproductionTable(
  plan: SweepPlan,
): { table?: string; missing: number } | undefined {
  const form = isReproductionName(plan.file) ? reproductionSweeps[plan.file] : undefined;
  if (!form?.table) return undefined;
  const { store, sweep } = plan;
  const missing = sweep.jobs.filter((j) => !store.has(j.id)).length;
  if (missing > 0) return { missing };
  const result = (params: Record<string, ParamValue>) =>
    store.read(validateJob(sweep.kind, params, plan.file).id).result;
  return { table: form.table(plan.form ?? {}, result), missing };
}
