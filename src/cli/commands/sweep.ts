// `mechlab sweep FILE`: run every job of a sweep file (the cross product of its axes) that
// the run store does not hold yet, here (one job per core), through a Redis queue, or one
// shard of it; then print the summary (mean ± s.e. across seeds) and write it as CSV.
import { availableParallelism } from "node:os";
import type { CliCommand } from "../command.js";
import { UsageError } from "../../core/errors.js";
import { runLocal } from "../../sweep/executors/local.js";
import type { JobOutcome } from "../../sweep/executors/outcome.js";
import {
  parseShard,
  planSweep,
  reproductionTable,
  summarizePlan,
  type SweepPlan,
} from "../../sweep/plan.js";
import type { SweepFormOptions } from "../../sweep/reproduction-sweeps.js";
import { QueueSession, runQueue } from "../../sweep/queue/submit.js";
import { DEFAULT_STORE } from "../../sweep/store.js";
import { printJson, table } from "../output.js";
import { progressBar } from "../progress.js";
import { parseIntOption } from "../resolve.js";

export interface SweepOptions {
  store: string;
  json?: boolean;
  dryRun?: boolean;
  jobs: number;
  queue?: string;
  attempts: number;
  detach?: boolean;
  shard?: string;
  /** `reproduce NAME` with an executor: the reproduction's options (reproduction-sweeps.ts). */
  form?: SweepFormOptions;
}

/** Axis values of a job, e.g. "mechanism=myerson seed=2". */
export const axisText = (plan: SweepPlan, params: Record<string, unknown>) =>
  plan.sweep.axes.map((a) => `${a}=${String(params[a])}`).join(" ");

export function printSummary(plan: SweepPlan): void {
  const s = summarizePlan(plan);
  process.stdout.write(table(s.rows, s.header) + `\n\nsummary: ${s.path}\n`);
  // A reproduction with its own table prints it once every job of every shard is stored.
  const own = reproductionTable(plan);
  if (own?.table !== undefined) process.stdout.write(`\n${plan.file}:\n\n${own.table}\n`);
  else if (own)
    process.stdout.write(
      `\n${plan.file}: its table needs every job of the sweep in the store; ${own.missing} not yet (other shards?)\n`,
    );
}

export const sweepCommand: CliCommand = {
  register(program) {
    program
      .command("sweep")
      .description(
        "run a sweep file's jobs (cross product of axes) locally, on a Redis queue or as one shard; skips jobs already in the store (docs/distributed.md)",
      )
      .argument("<file>", "sweep file, JSON or YAML: {command, base, axes}")
      .option("--store <dir>", "run store (one directory per job)", DEFAULT_STORE)
      .option("--json", 'print {"jobs": [{id, spec, status, result}]}')
      .option("--dry-run", "list the jobs and which are already done; run nothing")
      .option(
        "--jobs <n>",
        "local executor: jobs at once (threads)",
        parseIntOption("--jobs", 1, 256),
        availableParallelism(),
      )
      .option("--queue <url>", "run on workers through Redis: redis://HOST:PORT[/DB] or rediss://")
      .option(
        "--attempts <k>",
        "queue: tries per job before it is recorded as failed",
        parseIntOption("--attempts", 1, 100),
        3,
      )
      .option("--detach", "queue: submit and return; follow with `mechlab sweep-status`")
      .option("--shard <i/N>", "run only slice i of N (0-based), e.g. $SLURM_ARRAY_TASK_ID/8")
      .action(runSweep);
  },
};

/** `mechlab sweep FILE` (also `mechlab reproduce NAME --queue/--shard`, on its sweep form). */
export async function runSweep(file: string, o: SweepOptions): Promise<void> {
  if (o.detach && !o.queue) throw new UsageError("--detach", "needs --queue");
  const plan = planSweep(file, o.store, o.shard ? parseShard(o.shard) : undefined, o.form);
  const status = new Map<string, JobOutcome["status"] | "skipped">();
  for (const j of plan.jobs) if (plan.store.has(j.id)) status.set(j.id, "skipped");
  const pending = plan.jobs.filter((j) => !status.has(j.id));
  const where = o.queue ? `queue ${new URL(o.queue).host}` : `${o.jobs} thread(s)`;
  if (o.dryRun) {
    if (o.json)
      printJson({
        jobs: plan.jobs.map((j) => ({
          id: j.id,
          spec: j.spec,
          status: status.get(j.id) ?? "pending",
        })),
      });
    else {
      const rows = plan.jobs.map((j) => [
        j.id,
        status.has(j.id) ? "done" : "pending",
        axisText(plan, j.spec.params),
      ]);
      process.stdout.write(table(rows, ["id", "status", "axes"]) + "\n");
      process.stdout.write(
        `\n${plan.jobs.length} jobs (${plan.sweep.kind}), ${plan.jobs.length - pending.length} already done, ${pending.length} to run\n`,
      );
    }
    return;
  }
  if (o.detach) {
    const session = new QueueSession(o.queue!);
    try {
      await session.add(pending, o.attempts);
    } finally {
      await session.close();
    }
    process.stdout.write(
      `queued ${pending.length} jobs (${plan.jobs.length - pending.length} already in the store); follow with: mechlab sweep-status ${file} --queue <url> --store ${o.store}\n`,
    );
    return;
  }
  const bar = progressBar(plan.jobs.length, `sweep (${where})`, !o.json && process.stderr.isTTY);
  let done = plan.jobs.length - pending.length;
  bar.update(done);
  const failures: JobOutcome[] = [];
  const onOutcome = (r: JobOutcome) => {
    status.set(r.id, r.status);
    if (r.status === "failed") failures.push(r);
    bar.update(++done, { failed: failures.length });
  };
  try {
    if (o.queue) await runQueue(o.queue, pending, plan.store, { attempts: o.attempts }, onOutcome);
    else await runLocal(pending, plan.store, o.jobs, onOutcome);
  } finally {
    bar.stop();
  }
  if (failures.length > 0) process.exitCode = 1;
  if (o.json) {
    printJson({
      jobs: plan.jobs.map((j) => {
        const s = status.get(j.id)!;
        const f = failures.find((x) => x.id === j.id);
        return {
          id: j.id,
          spec: j.spec,
          status: s,
          result: plan.store.has(j.id) ? plan.store.read(j.id).result : null,
          ...(f ? { error: f.error } : {}),
        };
      }),
    });
    return;
  }
  const skipped = plan.jobs.length - pending.length;
  process.stdout.write(
    `${plan.jobs.length} jobs (${plan.sweep.kind}): ${pending.length - failures.length} done, ${skipped} skipped (already in ${o.store}), ${failures.length} failed\n\n`,
  );
  for (const f of failures) process.stdout.write(`failed ${f.id}: ${f.error}\n`);
  if (failures.length) process.stdout.write("\n");
  printSummary(plan);
}
