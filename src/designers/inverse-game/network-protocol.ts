// Messages between network-pool.ts (main thread) and network-worker.ts (its worker threads).
import type { FeatureBatch } from "../../mechanisms/neural/features.js";

/**
 * Slots of the shared Int32Array: commands posted by the main thread, replies by the worker, and
 * DEAD, set by network-supervisor.ts when any worker of the pool died.
 */
export const CMD = 0;
export const DONE = 1;
export const DEAD = 2;
export const SLOTS = 3;

/**
 * The network engine of every worker of a pool: jax-js (chunks of a fixed size, zero-padded,
 * one compiled shape) or mechlab's WebAssembly SIMD kernel (mechanism-batch-wasm.ts: one
 * unpadded chunk per worker, a contiguous share of the rows).
 */
export type PoolKernel = "jax" | "wasm";

export type PoolCommand =
  | {
      type: "upload";
      stage: number;
      chunkRows: number;
      /** This worker's chunks of the stage's union batch, each padded to chunkRows rows. */
      chunks: {
        c: number;
        batch: FeatureBatch;
      }[];
    }
  | { type: "forward"; stage: number; theta: Float32Array[] }
  | {
      type: "vjp";
      stage: number;
      /** Cotangents of the chunk's rows: Float32 padded (jax), or the sink's own values (wasm). */
      cot: { c: number; cA: Float32Array | Float64Array; cP: Float32Array | Float64Array }[];
    }
  /** Tests only: the worker exits at once with this code, as a crash would end it. */
  | { type: "exit"; code: number };

export type PoolReply =
  | { ok: true }
  | { error: string }
  | { outs: { c: number; alloc: Float32Array; pay: Float32Array }[] }
  | { grads: { c: number; g: Float32Array[] }[] };
