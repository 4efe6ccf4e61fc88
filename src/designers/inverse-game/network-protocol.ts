// Messages between network-pool.ts (main thread) and network-worker.ts (its worker threads).
import type { FeatureBatch } from "../../mechanisms/neural/features.js";

/** Slots of the shared Int32Array: commands posted by the main thread, replies by the worker. */
export const CMD = 0;
export const DONE = 1;

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
  | { type: "vjp"; stage: number; cot: { c: number; cA: Float32Array; cP: Float32Array }[] };

export type PoolReply =
  | { ok: true }
  | { error: string }
  | { outs: { c: number; alloc: Float32Array; pay: Float32Array }[] }
  | { grads: { c: number; g: Float32Array[] }[] };
