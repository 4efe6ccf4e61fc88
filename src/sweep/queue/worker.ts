// A queue worker: take jobs from the BullMQ queue and run them on job threads (so that this
// thread keeps renewing the job locks). A job is run only if its kind is registered, its
// parameters pass the schema and its id is the hash of its spec under this mechlab version;
// anything else is rejected for good (not retried) with the reason, which the submitter
// records. A worker that dies mid-job stops renewing its lock; after `lockMs` another worker
// takes the job over (BullMQ's stalled-job check).
import { UnrecoverableError, Worker } from "bullmq";
import { VERSION } from "../../version.js";
import type { JobOutput } from "../job-kind.js";
import { validateJob } from "../job-spec.js";
import { JobThreads } from "../job-threads.js";
import { QUEUE_NAME, redisOptions, watchRedis } from "./connection.js";
import { closeQuietly, type QueuedJobData } from "./submit.js";

export interface WorkerOptions {
  concurrency: number;
  /** A job whose worker has not renewed its lock for this long is given to another worker. */
  lockMs: number;
  /** How long Redis may be unreachable before the worker stops with an error. */
  toleranceMs: number;
  log: (line: string) => void;
}

/** Check a queued job before running it; throws UnrecoverableError (no retry) if it is bad. */
export function admit(jobId: string | undefined, data: unknown): QueuedJobData {
  const d = data as Partial<QueuedJobData> | null;
  let job;
  try {
    job = validateJob(d?.spec?.kind, d?.spec?.params, "job");
  } catch (e) {
    throw new UnrecoverableError(`rejected: ${(e as Error).message}`);
  }
  if (job.id !== jobId)
    throw new UnrecoverableError(
      `rejected: job id ${jobId} is not the id of its spec under mechlab ${VERSION} (${job.id}); submitter and worker must run the same mechlab version`,
    );
  return { id: job.id, spec: job.spec };
}

/** Run jobs until stopped; resolves when `stop()` is called, rejects if Redis is lost. */
export function startWorker(url: string, o: WorkerOptions) {
  const connection = redisOptions(url);
  const threads = new JobThreads(o.concurrency);
  const worker = new Worker<QueuedJobData, JobOutput>(
    QUEUE_NAME,
    async (job) => {
      const { spec } = admit(job.id, job.data);
      o.log(`start ${job.id} ${spec.kind} attempt ${job.attemptsMade + 1}`);
      const output = await threads.run(spec);
      o.log(`done ${job.id}`);
      return output;
    },
    {
      connection,
      concurrency: o.concurrency,
      lockDuration: o.lockMs,
      stalledInterval: o.lockMs,
      maxStalledCount: 3,
    },
  );
  worker.on("error", () => {}); // reported once by the watchdog instead
  worker.on("failed", (job, e) => o.log(`failed ${job?.id}: ${e.message}`));
  let stopWatch = () => {};
  let stop = async () => {};
  const finished = new Promise<void>((resolve, reject) => {
    stopWatch = watchRedis(connection, o.toleranceMs, (m) => reject(new Error(m)));
    stop = async () => {
      stopWatch();
      await closeQuietly(worker.close());
      await threads.close();
      resolve();
    };
  });
  return { finished, stop: () => stop(), ready: worker.waitUntilReady() };
}
