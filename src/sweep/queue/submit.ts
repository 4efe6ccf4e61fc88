// The submitting side of the Redis queue: put a sweep's jobs on the BullMQ queue (job id = spec
// id, so a job already queued, running or finished is not added twice), then collect each
// finished job's return value into the submitter's store. Results travel through the queue's
// return values, so workers need no shared disk. Finished jobs stay in Redis until collected
// (also by `mechlab sweep-status`), so a killed submitter loses nothing.
import { Job, Queue, QueueEvents } from "bullmq";
import type { RedisOptions } from "ioredis";
import { UsageError } from "../../core/errors.js";
import type { JobOutput } from "../job-kind.js";
import type { JobSpec, PlannedJob } from "../job-spec.js";
import type { RunStore } from "../store.js";
import type { OnOutcome } from "../executors/outcome.js";
import { QUEUE_NAME, redisOptions, watchRedis } from "./connection.js";

export interface QueuedJobData {
  id: string;
  spec: JobSpec;
}

/** Close a connection without waiting long for a Redis that is gone. */
export const closeQuietly = (p: Promise<unknown>) =>
  Promise.race([p.catch(() => {}), new Promise((r) => setTimeout(r, 1000).unref())]);

export type QueueCounts = Record<string, number>;

export interface SubmitOptions {
  /** Tries per job (a failure is retried until this many, then recorded). */
  attempts: number;
  /** How long Redis may be unreachable before the sweep stops with an error. */
  toleranceMs?: number;
}

export class QueueSession {
  readonly queue: Queue;
  private readonly options: RedisOptions;
  private stopWatch: () => void = () => {};
  private lost: Promise<never>;

  constructor(url: string, toleranceMs = 3000) {
    this.options = redisOptions(url);
    this.queue = new Queue(QUEUE_NAME, { connection: this.options });
    this.queue.on("error", () => {}); // reported once by the watchdog instead
    this.lost = new Promise<never>((_, reject) => {
      this.stopWatch = watchRedis(this.options, toleranceMs, (m) =>
        reject(new UsageError("--queue", m)),
      );
    });
    this.lost.catch(() => {});
  }

  /** Run `work`, failing with the watchdog's one-line error if Redis goes away meanwhile. */
  guard<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.lost]);
  }

  /** Queue the jobs; a job that failed for good earlier is retried from the start. */
  async add(jobs: PlannedJob[], attempts: number): Promise<void> {
    await this.guard(
      this.queue.addBulk(
        jobs.map((j) => ({
          name: j.spec.kind,
          data: { id: j.id, spec: j.spec } satisfies QueuedJobData,
          opts: {
            jobId: j.id,
            attempts,
            backoff: { type: "fixed", delay: 500 },
            removeOnComplete: false,
            removeOnFail: false,
          },
        })),
      ),
    );
    // One listing of the failed jobs rather than a round trip per job.
    const ours = new Set(jobs.map((j) => j.id));
    const failed = await this.guard(this.queue.getFailed(0, -1));
    for (const job of failed) if (job.id && ours.has(job.id)) await this.guard(job.retry());
  }

  /**
   * Collect `id` if it has finished: a completed job's output goes to the store (status done),
   * a job failed for good is recorded (status failed). Returns undefined while it is pending.
   */
  async collect(
    id: string,
    spec: JobSpec,
    store: RunStore,
  ): Promise<"done" | "failed" | undefined> {
    const job = await this.guard(Job.fromId<QueuedJobData, JobOutput>(this.queue, id));
    // Only a finished job has finishedOn; skip the state query for the others.
    if (!job || !job.finishedOn) return undefined;
    const state = await this.guard(job.getState());
    if (state === "completed") {
      store.write(id, spec, job.returnvalue);
      return "done";
    }
    if (state === "failed") {
      store.recordFailure(id, spec, job.failedReason ?? "failed");
      return "failed";
    }
    return undefined;
  }

  async counts(): Promise<QueueCounts> {
    return this.guard(
      this.queue.getJobCounts("waiting", "active", "delayed", "completed", "failed"),
    );
  }

  async close(): Promise<void> {
    this.stopWatch();
    await closeQuietly(this.queue.close());
  }
}

const isJobOutput = (x: unknown): x is JobOutput =>
  x !== null && typeof x === "object" && "result" in x && "files" in x;

/**
 * Queue the jobs and wait until every one is collected into the store. Finished jobs are
 * noticed through BullMQ's event stream, with a scan every 5 seconds as a safety net.
 */
export async function runQueue(
  url: string,
  jobs: PlannedJob[],
  store: RunStore,
  opts: SubmitOptions,
  onOutcome: OnOutcome,
): Promise<void> {
  const session = new QueueSession(url, opts.toleranceMs);
  const events = new QueueEvents(QUEUE_NAME, { connection: redisOptions(url) });
  events.on("error", () => {});
  try {
    await session.guard(events.waitUntilReady());
    await session.add(jobs, opts.attempts);
    const pending = new Map(jobs.map((j) => [j.id, j]));
    const check = async (id: string) => {
      const job = pending.get(id);
      if (!job) return;
      const status = await session.collect(id, job.spec, store);
      if (status && pending.delete(id)) onOutcome({ id, status });
    };
    const onEvent = ({ jobId }: { jobId: string }) => void check(jobId).catch(() => {});
    // A completed event carries the job's return value: store it without asking Redis again
    // (two round trips per job fewer; the scans below still catch anything missed).
    events.on("completed", ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => {
      const job = pending.get(jobId);
      if (!job || !isJobOutput(returnvalue)) return onEvent({ jobId });
      store.write(jobId, job.spec, returnvalue);
      if (pending.delete(jobId)) onOutcome({ id: jobId, status: "done" });
    });
    events.on("failed", onEvent);
    // Jobs that finished before we listened (or while an event was missed) are found by scans,
    // many requests at once (ioredis pipelines them on its connection).
    const scan = async () => {
      const ids = [...pending.keys()];
      for (let k = 0; k < ids.length; k += 256) await Promise.all(ids.slice(k, k + 256).map(check));
    };
    await scan();
    let last = Date.now();
    while (pending.size > 0) {
      await session.guard(new Promise((resolve) => setTimeout(resolve, 100)));
      if (Date.now() - last > 5000) {
        await scan();
        last = Date.now();
      }
    }
  } finally {
    await closeQuietly(events.close());
    await session.close();
  }
}
