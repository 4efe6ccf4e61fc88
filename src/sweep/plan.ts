// A sweep ready to run: its jobs (one shard of them, if asked), which are already in the
// store, and the summary once they are done. Shared by `mechlab sweep` and `sweep-status`.
import { createHash } from "node:crypto";
import { basename, extname } from "node:path";
import { UsageError } from "../core/errors.js";
import type { PlannedJob } from "./job-spec.js";
import { loadSweep, shardOf, type Sweep } from "./sweep-file.js";
import { RunStore } from "./store.js";
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
  sweep: Sweep;
  jobs: PlannedJob[];
  store: RunStore;
  shard?: Shard;
}

export function planSweep(file: string, storeDir: string, shard?: Shard): SweepPlan {
  const sweep = loadSweep(file);
  const jobs = shard ? shardOf(sweep.jobs, shard.index, shard.count) : sweep.jobs;
  return { file, sweep, jobs, store: new RunStore(storeDir), shard };
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
