// Checkpoints of a bilevel design run, so that a long run survives Ctrl-C and continues with
// `--resume`: the allocation iterate, Adam's moments, the history and the best iterates so far.
// Versioned like saved mechanisms; a checkpoint only resumes the same problem and designer.
// The file's envelope (format, version, problem, configuration) is the shared one of
// checkpoint-file.ts.
import { UsageError } from "../../core/errors.js";
import { checkpointText, floatsField, parseCheckpoint } from "../checkpoint-file.js";
import type { BilevelConfig, BilevelStep } from "./bilevel-types.js";

export const BILEVEL_CHECKPOINT = {
  format: "mechlab.bilevel-checkpoint",
  version: 1,
  noun: "a bilevel checkpoint",
};

export interface Iterate {
  step: number;
  /** Revenue (kept iterate) or LP objective (fallback). */
  value: number;
  x: Float64Array;
  p: Float64Array;
}

export interface BilevelCheckpoint {
  problem: string;
  config: BilevelConfig;
  /** The next outer step to run. */
  nextStep: number;
  x: Float64Array;
  adam: { m1: Float64Array; m2: Float64Array; t: number };
  history: BilevelStep[];
  best?: Iterate;
  fallback?: Iterate;
}

const arr = (a: Float64Array) => Array.from(a);
const iterateJson = (it?: Iterate) =>
  it && { step: it.step, value: it.value, x: arr(it.x), p: arr(it.p) };

export function checkpointJson(c: BilevelCheckpoint): string {
  return checkpointText(BILEVEL_CHECKPOINT, c.problem, c.config, {
    nextStep: c.nextStep,
    x: arr(c.x),
    adam: { m1: arr(c.adam.m1), m2: arr(c.adam.m2), t: c.adam.t },
    history: c.history,
    best: iterateJson(c.best),
    fallback: iterateJson(c.fallback),
  });
}

/** Parse and check a checkpoint's text for this problem, designer configuration and table size. */
export function readCheckpoint(
  text: string,
  problem: string,
  cfg: BilevelConfig,
  size: number,
  payments: number,
): BilevelCheckpoint {
  // A longer (or shorter) budget continues the same run: only `steps` may differ.
  const o = parseCheckpoint(
    text,
    BILEVEL_CHECKPOINT,
    problem,
    (saved) =>
      JSON.stringify({ ...(saved as BilevelConfig), steps: cfg.steps }) === JSON.stringify(cfg),
  );
  const floats = (v: unknown, n: number, name: string) => floatsField(v, n, name, Float64Array);
  const iterate = (v: unknown, name: string): Iterate | undefined => {
    if (v === undefined || v === null) return undefined;
    const it = v as Record<string, unknown>;
    return {
      step: Number(it.step),
      value: Number(it.value),
      x: floats(it.x, size, `${name}.x`),
      p: floats(it.p, payments, `${name}.p`),
    };
  };
  const adam = o.adam as Record<string, unknown> | undefined;
  const nextStep = Number(o.nextStep);
  if (!Number.isInteger(nextStep) || nextStep < 0 || !Array.isArray(o.history))
    throw new UsageError("--resume", "the checkpoint: nextStep and history are malformed");
  return {
    problem,
    config: cfg,
    nextStep,
    x: floats(o.x, size, "x"),
    adam: {
      m1: floats(adam?.m1, size, "adam.m1"),
      m2: floats(adam?.m2, size, "adam.m2"),
      t: Number(adam?.t ?? 0),
    },
    history: o.history as BilevelStep[],
    best: iterate(o.best, "best"),
    fallback: iterate(o.fallback, "fallback"),
  };
}
