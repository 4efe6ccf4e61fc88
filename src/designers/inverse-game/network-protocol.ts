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
      /**
       * Kernel pools: the stage's outputs (Float32 allocation [N, m, n+1], payments [N, n]),
       * written by the workers, and cotangents (Float64, the same shapes), read by them, in
       * memory shared with the main thread: nothing of the batch's size is copied per iteration.
       */
      shared?: {
        alloc: SharedArrayBuffer;
        pay: SharedArrayBuffer;
        cA: SharedArrayBuffer;
        cP: SharedArrayBuffer;
      };
    }
  | { type: "forward"; stage: number; theta: Float32Array[] }
  | {
      type: "vjp";
      stage: number;
      /** Cotangents of the chunk's rows, Float32, padded (kernel pools: none, they are shared). */
      cot: { c: number; cA: Float32Array; cP: Float32Array }[];
    }
  /** Tests only: the worker exits at once with this code, as a crash would end it. */
  | { type: "exit"; code: number };

export type PoolReply =
  | { ok: true }
  | { error: string }
  | { outs: { c: number; alloc: Float32Array; pay: Float32Array }[] }
  | { grads: { c: number; g: Float32Array[] }[] };
