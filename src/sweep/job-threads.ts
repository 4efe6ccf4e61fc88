// A fixed pool of worker threads running jobs, so that a process runs one job per core and its
// main thread stays free (a queue worker must keep renewing its job locks while a job
// computes). A thread that dies fails its job and is replaced.
import { Worker } from "node:worker_threads";
import { onWorkerDeath } from "../core/worker-exit.js";
import type { JobOutput } from "./job-kind.js";
import type { JobSpec } from "./job-spec.js";

interface Task {
  spec: JobSpec;
  resolve: (o: JobOutput) => void;
  reject: (e: Error) => void;
}

// The tsx loader is not inherited by worker threads; this boot file registers it (shared with
// the SPM training threads).
const BOOT = new URL("../spm/train-worker-boot.mjs", import.meta.url);
// "../sweep/" rather than "./": this module also runs bundled into dist/cli/, whose sibling
// folder dist/sweep/ holds the compiled thread entry; from src/ it runs as TypeScript.
const EXT = import.meta.url.endsWith(".ts") ? "ts" : "js";
const ENTRY = new URL(`../sweep/job-thread.${EXT}`, import.meta.url).href;

export class JobThreads {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly waiting: Task[] = [];
  private closed = false;
  private spawned = 0;

  constructor(readonly size: number) {
    for (let k = 0; k < size; k++) this.idle.push(this.spawn());
  }

  run(spec: JobSpec): Promise<JobOutput> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ spec, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const w = new Worker(BOOT, { workerData: { entry: ENTRY } });
    w.on("message", (msg: { output?: JobOutput; error?: string }) => {
      const task = this.busy.get(w);
      if (!task) return;
      this.busy.delete(w);
      this.idle.push(w);
      if (msg.error !== undefined) task.reject(new Error(msg.error));
      else task.resolve(msg.output!);
      this.pump();
    });
    onWorkerDeath(w, `job thread ${++this.spawned}`, (e) => {
      const task = this.busy.get(w);
      this.busy.delete(w);
      const k = this.idle.indexOf(w);
      if (k >= 0) this.idle.splice(k, 1);
      if (this.closed) return;
      task?.reject(e);
      this.idle.push(this.spawn());
      this.pump();
    });
    return w;
  }

  private pump(): void {
    while (this.idle.length > 0 && this.waiting.length > 0) {
      const w = this.idle.pop()!;
      const task = this.waiting.shift()!;
      this.busy.set(w, task);
      w.postMessage(task.spec);
    }
  }
}
