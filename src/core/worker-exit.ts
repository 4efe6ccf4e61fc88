// A worker thread that dies outright — process.exit inside it, an uncaught error, its heap
// limit — ends with an 'exit' event (after an 'error' event for an error). Whoever waits for its
// reply must hear of it, or waits forever; every owner of worker threads listens here, once.
import type { Worker } from "node:worker_threads";

/** A worker thread ended while it was still needed. */
export class WorkerDied extends Error {
  constructor(
    /** Who the thread was, e.g. "job thread 2". */
    readonly thread: string,
    readonly exitCode: number,
    /** Its uncaught error (the heap limit: ERR_WORKER_OUT_OF_MEMORY), if it had one. */
    readonly error?: Error,
  ) {
    super(`${thread} died (exit code ${exitCode}${error ? `: ${error.message}` : ""})`);
  }
}

/**
 * Calls `died` once, when `worker` exits, with the error naming `thread`, its exit code and its
 * uncaught error if any. A thread ended on purpose (terminate()) also exits: owners that stop
 * their threads ignore the call from then on.
 */
export function onWorkerDeath(worker: Worker, thread: string, died: (e: WorkerDied) => void): void {
  let error: Error | undefined;
  worker.on("error", (e) => (error = e));
  worker.once("exit", (code) => died(new WorkerDied(thread, code, error)));
}
