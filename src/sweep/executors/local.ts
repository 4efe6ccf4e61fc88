// The local executor: the jobs on this machine, one per thread (one thread per core by
// default; with one thread, in this process). Each result is written to the store as it
// finishes, so a killed sweep loses only the jobs that were running.
import type { JobOutput } from "../job-kind.js";
import type { PlannedJob } from "../job-spec.js";
import { JobThreads } from "../job-threads.js";
import { runJob } from "../run-job.js";
import type { RunStore } from "../store.js";
import type { OnOutcome } from "./outcome.js";

export async function runLocal(
  jobs: PlannedJob[],
  store: RunStore,
  threads: number,
  onOutcome: OnOutcome,
): Promise<void> {
  const finish = (job: PlannedJob, run: Promise<JobOutput>) =>
    run.then(
      (output) => {
        store.write(job.id, job.spec, output);
        onOutcome({ id: job.id, status: "done" });
      },
      (e: unknown) => {
        const error = e instanceof Error ? e.message : String(e);
        store.recordFailure(job.id, job.spec, error);
        onOutcome({ id: job.id, status: "failed", error });
      },
    );
  const n = Math.min(threads, jobs.length);
  if (n <= 1) {
    for (const job of jobs) await finish(job, runJob(job.spec));
    return;
  }
  const pool = new JobThreads(n);
  try {
    await Promise.all(jobs.map((job) => finish(job, pool.run(job.spec))));
  } finally {
    await pool.close();
  }
}
