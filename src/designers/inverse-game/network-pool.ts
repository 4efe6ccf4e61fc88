// The mechanism network over the exact oracle's union batches on worker threads
// (network-worker.ts), data-parallel over chunks: chunk c lives on worker c mod W, uploaded
// once; per iteration the main thread sends θ, each worker returns its chunks' outputs, then
// its chunks' θ-gradients, and the main thread sums the per-chunk gradients in chunk order in
// Float32. With jax-js that is the order and precision of MechanismBatch.vjp on one thread, so
// the two give bit-identical gradients (tested). With the kernel (kernel "wasm") each worker
// holds one contiguous, unpadded share of the rows — its network groups the inputs and keeps
// the forward's activations per batch — so the gradient is two partial sums added: equal to
// the one-thread kernel's to rounding (tested), and the same on every run; its outputs and
// cotangents are shared memory, not messages. Calls block the main thread (Atomics.wait) while
// the workers compute, so the oracle keeps its synchronous interface; a worker that dies
// meanwhile is reported by their parent thread (network-supervisor.ts), and the call throws.
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from "node:worker_threads";
import { np, type Tensor } from "../../engine/jax.js";
import type { FeatureBatch, FeatureLayout } from "../../mechanisms/neural/features.js";
import { mechanismParamShapes, type MechanismArch } from "../../mechanisms/neural/network.js";
import { chunkCotangents } from "./mechanism-batch.js";
import {
  CMD,
  DEAD,
  DONE,
  SLOTS,
  type PoolCommand,
  type PoolKernel,
  type PoolReply,
} from "./network-protocol.js";
import { toArrays } from "./params.js";
import { workerFiles } from "./worker-files.js";

/** How long a worker may take to load its modules and engine (the machine may be loaded). */
const STARTUP_MS = 300_000;

interface SharedRows {
  alloc: Float32Array;
  pay: Float32Array;
  cA: Float64Array;
  cP: Float64Array;
}

interface Thread {
  port: MessagePort;
  flags: Int32Array;
  /** Commands posted so far. */
  posted: number;
  /** Replies received so far (ctrl[DONE] when idle). */
  replies: number;
}

export class NetworkPool {
  private readonly threads: Thread[];
  private readonly shapes;
  private readonly sizes = new Map<number, { size: number; chunkRows: number; chunks: number }>();
  /** Kernel pools: each stage's outputs and cotangents in shared memory. */
  private readonly shared = new Map<number, SharedRows>();
  private closed = false;
  /** The parent thread of the workers (network-supervisor.ts). */
  private readonly supervisor: Worker;
  /** Its reports of a dead worker. */
  private readonly status: MessagePort;
  /** Set when a worker died: every later call throws it at once. */
  private failure: Error | undefined;

  constructor(
    readonly layout: FeatureLayout,
    arch: MechanismArch,
    count: number,
    readonly kernel: PoolKernel = "jax",
  ) {
    this.shapes = mechanismParamShapes(layout, arch);
    const { boot, entries } = workerFiles("network-worker", "network-supervisor");
    const { "network-worker": entry, "network-supervisor": supervisor } = entries;
    const data = Array.from({ length: count }, () => {
      const { port1, port2 } = new MessageChannel();
      const ctrl = new SharedArrayBuffer(SLOTS * 4);
      return {
        thread: { port: port1, flags: new Int32Array(ctrl), posted: 1, replies: 0 },
        workerData: { entry, layout, arch, shapes: this.shapes, port: port2, ctrl, kernel },
      };
    });
    this.threads = data.map((d) => d.thread);
    const status = new MessageChannel();
    this.status = status.port1;
    this.supervisor = new Worker(boot, {
      workerData: {
        entry: supervisor,
        boot: boot.href,
        threads: data.map((d) => d.workerData),
        status: status.port2,
      },
      transferList: [...data.map((d) => d.workerData.port), status.port2],
    });
    // A pool that is never disposed must not keep the process alive.
    this.supervisor.unref();
    try {
      // A worker that dies while loading is reported by the supervisor; one that hangs there
      // (an overloaded machine) is given up on after STARTUP_MS.
      for (const t of this.threads) this.wait(t, STARTUP_MS);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  /** Block until thread t's next reply; a worker's error, or its death, is thrown here. */
  private wait(t: Thread, timeoutMs = Infinity): PoolReply {
    if (this.failure) throw this.failure;
    t.replies++;
    const until = performance.now() + timeoutMs;
    for (;;) {
      if (Atomics.load(t.flags, DEAD)) throw this.fail();
      const done = Atomics.load(t.flags, DONE);
      if (done >= t.replies) break;
      const left = until - performance.now();
      if (left <= 0)
        throw new Error(`network pool: a worker thread did not start within ${timeoutMs / 1000} s`);
      Atomics.wait(t.flags, DONE, done, left);
    }
    // The supervisor sets DEAD before it moves DONE: a DONE moved by it shows DEAD here.
    if (Atomics.load(t.flags, DEAD)) throw this.fail();
    const got = receiveMessageOnPort(t.port);
    if (!got) throw new Error("network pool: a worker signalled without a reply");
    const msg = got.message as PoolReply;
    if ("error" in msg) throw new Error(`network pool worker: ${msg.error}`);
    return msg;
  }

  /** A worker died: the error naming it (from the supervisor), and the pool stopped. */
  private fail(): Error {
    if (!this.failure) {
      const got = receiveMessageOnPort(this.status);
      const why = got ? (got.message as string) : "a network pool worker thread died";
      this.failure = new Error(`network pool: ${why}; the pool is stopped`);
      this.dispose();
    }
    return this.failure;
  }

  private post(t: Thread, msg: PoolCommand): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error("network pool: used after dispose()");
    // One command in flight per thread: a reply left unread (an error between a *Start and
    // its waiter) would otherwise be taken for the next command's.
    if (t.posted !== t.replies)
      throw new Error(
        "network pool: a worker's previous reply was never read (an earlier error); dispose the pool",
      );
    t.posted++;
    t.port.postMessage(msg);
    Atomics.add(t.flags, CMD, 1);
    Atomics.notify(t.flags, CMD);
  }

  /**
   * Upload stage `stage`'s union batch in chunks of `chunkRows` rows (zero-padded); the kernel
   * takes one chunk per worker instead, unpadded, whatever `chunkRows` says.
   */
  upload(stage: number, batch: FeatureBatch, chunkRows: number): void {
    const wasm = this.kernel === "wasm";
    if (wasm) chunkRows = Math.max(1, Math.ceil(batch.size / this.threads.length));
    const L = this.layout;
    const widths = {
      report: L.reportDim,
      cum: L.cumDim,
      hist: L.histLen * L.tokenDim,
      mask: L.histLen,
    };
    const count = Math.ceil(batch.size / chunkRows);
    const per = this.threads.map(() => [] as { c: number; batch: FeatureBatch }[]);
    for (let c = 0; c < count; c++) {
      const s = c * chunkRows;
      const e = Math.min(batch.size, s + chunkRows);
      const part = (k: keyof typeof widths) => {
        const out = new Float32Array((wasm ? e - s : chunkRows) * widths[k]);
        out.set(batch[k].subarray(s * widths[k], e * widths[k]));
        return out;
      };
      per[c % this.threads.length].push({
        c,
        batch: {
          size: wasm ? e - s : chunkRows,
          report: part("report"),
          cum: part("cum"),
          hist: part("hist"),
          mask: part("mask"),
        },
      });
    }
    let shared: Extract<PoolCommand, { type: "upload" }>["shared"];
    if (wasm) {
      const { n, m } = L;
      const N = batch.size;
      const sab = (bytes: number) => new SharedArrayBuffer(Math.max(8, bytes));
      shared = {
        alloc: sab(N * m * (n + 1) * 4),
        pay: sab(N * n * 4),
        cA: sab(N * m * (n + 1) * 8),
        cP: sab(N * n * 8),
      };
      this.shared.set(stage, {
        alloc: new Float32Array(shared.alloc, 0, N * m * (n + 1)),
        pay: new Float32Array(shared.pay, 0, N * n),
        cA: new Float64Array(shared.cA, 0, N * m * (n + 1)),
        cP: new Float64Array(shared.cP, 0, N * n),
      });
    }
    this.threads.forEach((t, k) =>
      this.post(t, { type: "upload", stage, chunkRows, chunks: per[k], shared }),
    );
    for (const t of this.threads) this.wait(t);
    this.sizes.set(stage, { size: batch.size, chunkRows, chunks: count });
  }

  /**
   * Start the forward at θ; the returned function waits for the workers and gives allocation
   * [N, m, n+1] and payments [N, n] of every row of the stage (the main thread works meanwhile).
   */
  forwardStart(stage: number, theta: Tensor[]): () => { alloc: Float32Array; pay: Float32Array } {
    const { n, m } = this.layout;
    const { size: N, chunkRows: C } = this.sizes.get(stage)!;
    const th = toArrays(theta);
    for (const t of this.threads) this.post(t, { type: "forward", stage, theta: th });
    const shared = this.shared.get(stage);
    if (shared)
      // Valid until the stage's next forward overwrites them.
      return () => {
        for (const t of this.threads) this.wait(t);
        return { alloc: shared.alloc, pay: shared.pay };
      };
    return () => {
      const alloc = new Float32Array(N * m * (n + 1));
      const pay = new Float32Array(N * n);
      for (const t of this.threads) {
        const r = this.wait(t) as { outs: { c: number; alloc: Float32Array; pay: Float32Array }[] };
        for (const o of r.outs) {
          const rows = Math.min(C, N - o.c * C);
          alloc.set(o.alloc.subarray(0, rows * m * (n + 1)), o.c * C * m * (n + 1));
          pay.set(o.pay.subarray(0, rows * n), o.c * C * n);
        }
      }
      return { alloc, pay };
    };
  }

  /**
   * Start the θ-gradient of Σ_rows ⟨ca, alloc⟩ + ⟨cp, pay⟩ at the θ of the last forward; the
   * returned function waits for the workers and sums (the main thread works meanwhile).
   */
  vjpStart(
    stage: number,
    ca: Float32Array | Float64Array,
    cp: Float32Array | Float64Array,
  ): () => Tensor[] {
    const data = this.sizes.get(stage)!;
    const shared = this.shared.get(stage);
    const per = this.threads.map(() => [] as { c: number; cA: Float32Array; cP: Float32Array }[]);
    if (shared) {
      // The kernel reads the rows' own cotangents (Float64, as on one thread) in place.
      if (ca !== shared.cA) shared.cA.set(ca);
      if (cp !== shared.cP) shared.cP.set(cp);
    } else
      for (let c = 0; c < data.chunks; c++)
        per[c % this.threads.length].push({ c, ...chunkCotangents(this.layout, data, c, ca, cp) });
    this.threads.forEach((t, k) => this.post(t, { type: "vjp", stage, cot: per[k] }));
    return () => {
      const byChunk = new Array<Float32Array[]>(data.chunks);
      for (const t of this.threads) {
        const r = this.wait(t) as { grads: { c: number; g: Float32Array[] }[] };
        for (const { c, g } of r.grads) byChunk[c] = g;
      }
      // Float32 sums in chunk order, as MechanismBatch.vjp adds its chunks' tensors.
      const total = byChunk[0].map((g) => Float32Array.from(g));
      for (let c = 1; c < data.chunks; c++)
        total.forEach((acc, k) => {
          const g = byChunk[c][k];
          for (let j = 0; j < acc.length; j++) acc[j] += g[j];
        });
      return total.map((d, k) => np.array(d).reshape(this.shapes[k].shape));
    };
  }

  /**
   * Kernel pools: stage `stage`'s cotangent arrays in shared memory (a caller that accumulates
   * its cotangents there spares vjpStart a copy); undefined for jax-js pools.
   */
  sink(stage: number): { alloc: Float64Array; pay: Float64Array } | undefined {
    const s = this.shared.get(stage);
    return s && { alloc: s.cA, pay: s.cP };
  }

  get threadCount(): number {
    return this.threads.length;
  }

  /** Stop the workers (idempotent). */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    // Its workers end with it.
    void this.supervisor.terminate();
    for (const t of this.threads) t.port.close();
    this.status.close();
  }
}
