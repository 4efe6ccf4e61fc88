// Checkpoints of a bilevel design run, so that a long run survives Ctrl-C and continues with
// `--resume`: the allocation iterate, Adam's moments, the history and the best iterates so far.
// Versioned like saved mechanisms; a checkpoint only resumes the same problem and designer.
import { UsageError } from "../../core/errors.js";
import type { BilevelConfig, BilevelStep } from "./bilevel-types.js";

export const CHECKPOINT_FORMAT = "mechlab.bilevel-checkpoint";
export const CHECKPOINT_VERSION = 1;

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
  return JSON.stringify({
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    problem: c.problem,
    config: c.config,
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
  const field = "--resume";
  const path = "the checkpoint";
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(field, `cannot parse ${path}: ${(e as Error).message}`);
  }
  if (o.format !== CHECKPOINT_FORMAT)
    throw new UsageError(field, `${path} is not a bilevel checkpoint (format ${String(o.format)})`);
  if (o.version !== CHECKPOINT_VERSION)
    throw new UsageError(
      field,
      `${path} has checkpoint version ${String(o.version)}; this mechlab reads version ${CHECKPOINT_VERSION}`,
    );
  if (o.problem !== problem)
    throw new UsageError(field, `${path} is for problem ${String(o.problem)}, not ${problem}`);
  const saved = { ...(o.config as BilevelConfig), steps: cfg.steps };
  if (JSON.stringify(saved) !== JSON.stringify(cfg))
    throw new UsageError(
      field,
      `${path} was made with designer ${JSON.stringify(o.config)}; resume with the same designer parameters`,
    );
  const floats = (v: unknown, n: number, name: string) => {
    if (!Array.isArray(v) || v.length !== n || v.some((x) => typeof x !== "number"))
      throw new UsageError(field, `${path}: ${name} must hold ${n} numbers`);
    return Float64Array.from(v as number[]);
  };
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
    throw new UsageError(field, `${path}: nextStep and history are malformed`);
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
