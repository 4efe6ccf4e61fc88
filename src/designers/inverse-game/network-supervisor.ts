// The parent thread of network-pool.ts's workers. The main thread blocks in Atomics.wait while
// the workers compute, so it cannot run a worker's 'exit' event; this thread, idle otherwise,
// runs it: on the first death it says why on `status`, stops the other workers, and wakes the
// main thread through every worker's shared flags (DEAD, then a DONE bump, so that a wait that
// starts late sees a moved counter and returns at once).
// Nobody watches this thread itself: it runs no user code and allocates almost nothing, and if it
// died its workers would die with it and a wait would block — a gap left as accepted, not handled.
import { Worker, workerData, type MessagePort } from "node:worker_threads";
import { onWorkerDeath } from "../../core/worker-exit.js";
import { DEAD, DONE } from "./network-protocol.js";

const { boot, threads, status } = workerData as {
  boot: string;
  /** Each worker's workerData (network-worker.ts), its port and shared flags included. */
  threads: { port: MessagePort; ctrl: SharedArrayBuffer }[];
  status: MessagePort;
};

let dead = false;
const workers: Worker[] = threads.map((data, k) => {
  const w = new Worker(new URL(boot), { workerData: data, transferList: [data.port] });
  onWorkerDeath(w, `worker thread ${k + 1} of ${threads.length}`, (e) => {
    if (dead) return;
    dead = true;
    status.postMessage(e.message);
    for (const t of threads) {
      const flags = new Int32Array(t.ctrl);
      Atomics.store(flags, DEAD, 1);
      Atomics.add(flags, DONE, 1);
      Atomics.notify(flags, DONE);
    }
    for (const other of workers) void other.terminate();
  });
  return w;
});
