// One worker thread of network-pool.ts: its own network engine (jax-js, or an instance of
// mechlab's WebAssembly SIMD kernel), its share of each union batch's chunks uploaded once,
// and per iteration a forward and a vector–Jacobian product over those chunks at the θ the
// main thread sends. Blocking protocol (so that the oracle stays synchronous): the main
// thread posts a command on `port` and bumps ctrl[CMD]; this thread waits on ctrl[CMD],
// answers on `port` and bumps ctrl[DONE].
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { initEngine, np, type Tensor } from "../../engine/jax.js";
import type { FeatureBatch, FeatureLayout } from "../../mechanisms/neural/features.js";
import type { MechanismArch, MechInputs, ParamShape } from "../../mechanisms/neural/network.js";
import { MechanismBatch } from "./mechanism-batch.js";
import { WasmMechanismBatch } from "./mechanism-batch-wasm.js";
import {
  CMD,
  DONE,
  type PoolCommand,
  type PoolKernel,
  type PoolReply,
} from "./network-protocol.js";

const { layout, arch, shapes, port, ctrl, kernel } = workerData as {
  layout: FeatureLayout;
  arch: MechanismArch;
  shapes: ParamShape[];
  port: MessagePort;
  ctrl: SharedArrayBuffer;
  kernel: PoolKernel;
};
const flags = new Int32Array(ctrl);

function reply(msg: PoolReply): void {
  try {
    port.postMessage(msg);
  } catch (e) {
    // The main thread is blocked on ctrl[DONE]: it must get a reply, if only an error.
    port.postMessage({ error: (e as Error).stack ?? String(e) });
  }
  Atomics.add(flags, DONE, 1);
  Atomics.notify(flags, DONE);
}

/** The jax-js path: chunks on the engine, θ as tensors. */
function jaxHandler(net: MechanismBatch) {
  /** stages[d]: this thread's chunks of stage d (chunk index → inputs). */
  const stages = new Map<number, Map<number, MechInputs>>();
  let theta: Tensor[] | undefined;
  return (msg: PoolCommand): PoolReply => {
    switch (msg.type) {
      case "upload": {
        const chunks = new Map<number, MechInputs>();
        for (const { c, batch } of msg.chunks)
          chunks.set(c, net.upload(batch, msg.chunkRows).chunks[0]);
        stages.set(msg.stage, chunks);
        return { ok: true };
      }
      case "forward": {
        theta?.forEach((t) => t.dispose());
        theta = msg.theta.map((d, k) => np.array(d).reshape(shapes[k].shape));
        const outs = [...stages.get(msg.stage)!].map(([c, x]) => ({
          c,
          ...net.forwardChunk(theta!, x),
        }));
        return { outs };
      }
      case "vjp": {
        const chunks = stages.get(msg.stage)!;
        const grads = msg.cot.map(({ c, cA, cP }) => ({
          c,
          g: net.vjpChunk(theta!, chunks.get(c)!, cA, cP).map((t) => t.dataSync() as Float32Array),
        }));
        return { grads };
      }
      case "exit":
        process.exit(msg.code);
    }
  };
}

/**
 * The kernel path: chunks stay on the host (the kernel network groups each once and keeps the
 * forward's activations for the VJP with the same θ), θ as values; no tensor engine.
 */
function wasmHandler(net: WasmMechanismBatch) {
  const { n, m } = layout;
  const A = m * (n + 1);
  const stages = new Map<
    number,
    {
      chunks: [number, FeatureBatch][];
      C: number;
      out: { alloc: Float32Array; pay: Float32Array };
      cot: { cA: Float64Array; cP: Float64Array };
    }
  >();
  let theta: Float32Array[] = [];
  return (msg: PoolCommand): PoolReply => {
    switch (msg.type) {
      case "upload": {
        const sh = msg.shared!;
        stages.set(msg.stage, {
          chunks: msg.chunks.map(({ c, batch }) => [c, batch]),
          C: msg.chunkRows,
          out: { alloc: new Float32Array(sh.alloc), pay: new Float32Array(sh.pay) },
          cot: { cA: new Float64Array(sh.cA), cP: new Float64Array(sh.cP) },
        });
        return { ok: true };
      }
      case "forward": {
        theta = msg.theta;
        const st = stages.get(msg.stage)!;
        for (const [c, x] of st.chunks) {
          const o = net.forwardHost(theta, x);
          st.out.alloc.set(o.alloc, c * st.C * A);
          st.out.pay.set(o.pay, c * st.C * n);
        }
        return { outs: [] };
      }
      case "vjp": {
        const { chunks, C, cot } = stages.get(msg.stage)!;
        const grads = chunks.map(([c, x]) => ({
          c,
          g: net.vjpHost(
            theta,
            x,
            cot.cA.subarray(c * C * A, (c * C + x.size) * A),
            cot.cP.subarray(c * C * n, (c * C + x.size) * n),
          ),
        }));
        return { grads };
      }
      case "exit":
        process.exit(msg.code);
    }
  };
}

let handle: ((msg: PoolCommand) => PoolReply) | undefined;
try {
  if (kernel === "wasm") handle = wasmHandler(new WasmMechanismBatch(layout, arch));
  else {
    await initEngine();
    handle = jaxHandler(new MechanismBatch(layout, arch));
  }
  reply({ ok: true });
} catch (e) {
  reply({ error: (e as Error).stack ?? String(e) });
}

// Every posted command is answered, in order: after a wake, all commands posted so far.
let seen = 0;
for (;;) {
  Atomics.wait(flags, CMD, seen);
  const posted = Atomics.load(flags, CMD);
  for (; seen < posted; seen++) {
    let got = receiveMessageOnPort(port);
    // postMessage has queued the command before ctrl[CMD] moved; this is only a safety net.
    while (!got) {
      Atomics.wait(flags, CMD, posted, 1);
      got = receiveMessageOnPort(port);
    }
    const msg = got.message as PoolCommand;
    let out: PoolReply;
    try {
      out = handle ? handle(msg) : { error: "the worker's engine failed to start" };
    } catch (e) {
      out = { error: (e as Error).stack ?? String(e) };
    }
    reply(out);
  }
}
