// Checkpoints of an SGDA design run (penalty, acceptance, lagrangian), so that a long run
// survives Ctrl-C and continues with `--resume` bit-identically: the Game (θ, the deviation
// policies w and mixing weights a, the three optimizers' moments and step counts, the
// iteration, the Rng), the oracle's call counters, the designer's loop state (bisection bracket,
// multipliers, last candidate), the history and the kept candidates. The envelope (format,
// version, problem, configuration) is the shared one of checkpoint-file.ts.
import { UsageError } from "../../core/errors.js";
import type { ParamShape } from "../../mechanisms/neural/network.js";
import { checkpointText, floatsField, parseCheckpoint } from "../checkpoint-file.js";
import type { Candidate, StepRecord } from "./designer.js";
import type { GameState } from "./sgda.js";

export const SGDA_CHECKPOINT = {
  format: "mechlab.sgda-checkpoint",
  version: 1,
  noun: "an SGDA checkpoint",
};

export interface SgdaCheckpoint {
  /** The next iteration to run (history.length + 1). */
  nextStep: number;
  game: GameState;
  oracle: unknown;
  /** The designer's loop state (InverseGameDesigner). */
  loop: object;
  history: StepRecord[];
  kept: Candidate[];
  /**
   * Written after the loop ended (its last candidates kept): a resumed run certifies at once.
   * Absent in checkpoints written during the loop.
   */
  trained?: true;
}

export function sgdaCheckpointText(problem: string, cfg: object, c: SgdaCheckpoint): string {
  return checkpointText(SGDA_CHECKPOINT, problem, cfg, { ...c });
}

const bad = (what: string): never => {
  throw new UsageError("--resume", `the checkpoint: ${what} is malformed`);
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

const sizeOf = (s: ParamShape) => s.shape.reduce((a, b) => a * b, 1);

/** A list of Float32 parameter arrays with the given shapes. */
function params(v: unknown, shapes: ParamShape[], name: string): Float32Array[] {
  if (!Array.isArray(v) || v.length !== shapes.length) bad(name);
  return (v as unknown[]).map((x, k) => floatsField(x, sizeOf(shapes[k]), name, Float32Array));
}

function adamState(v: unknown, shapes: ParamShape[], name: string) {
  if (!isObject(v) || !Number.isInteger(v.t)) bad(name);
  const o = v as Record<string, unknown>;
  return {
    m: params(o.m, shapes, `${name}.m`),
    v: params(o.v, shapes, `${name}.v`),
    t: o.t as number,
  };
}

const numbers = (v: unknown, n: number, name: string): number[] => {
  if (!Array.isArray(v) || v.length !== n || v.some((x) => typeof x !== "number")) bad(name);
  return v as number[];
};

/**
 * The saved loop state has every field of a fresh one (`init`), of the same kind: numbers
 * finite, arrays of the same length — so that a resumed loop cannot silently skip or misread.
 */
export function checkLoopState(saved: object, fresh: object): void {
  const s = saved as Record<string, unknown>;
  for (const [k, v] of Object.entries(fresh)) {
    const x = s[k];
    const ok = Array.isArray(v)
      ? Array.isArray(x) && x.length === v.length && x.every((e) => typeof e === "number")
      : typeof v === "number"
        ? typeof x === "number" && Number.isFinite(x)
        : typeof x === typeof v;
    if (!ok) bad(`loop.${k}`);
  }
}

/**
 * Parse a checkpoint for this problem and exactly this configuration (the run's DesignConfig,
 * the budget included: it sets η_θ's schedule and the acceptance method's rounds), checking
 * every array's size.
 */
export function readSgdaCheckpoint(
  text: string,
  problem: string,
  cfg: object,
  shapes: { theta: ParamShape[]; policy: ParamShape[]; agents: number },
): SgdaCheckpoint {
  const o = parseCheckpoint(
    text,
    SGDA_CHECKPOINT,
    problem,
    (saved) => JSON.stringify(saved) === JSON.stringify(cfg),
  );
  const n = shapes.agents;
  const g = o.game;
  if (!isObject(g) || !Number.isInteger(g.iteration) || !isObject(g.optA) || !isObject(g.rng))
    bad("game");
  const gs = g as Record<string, unknown>;
  const optA = gs.optA as Record<string, unknown>;
  const rng = gs.rng as Record<string, unknown>;
  if (!Array.isArray(gs.w) || gs.w.length !== n) bad("game.w");
  if (!Array.isArray(gs.optW) || gs.optW.length !== n) bad("game.optW");
  if (!Number.isInteger(optA.t)) bad("game.optA");
  const spare = rng.spare;
  if (spare !== null && typeof spare !== "number") bad("game.rng");
  const game: GameState = {
    iteration: gs.iteration as number,
    theta: params(gs.theta, shapes.theta, "game.theta"),
    w: (gs.w as unknown[]).map((w) => params(w, shapes.policy, "game.w")),
    a: numbers(gs.a, n, "game.a"),
    optTheta: adamState(gs.optTheta, shapes.theta, "game.optTheta"),
    optW: (gs.optW as unknown[]).map((s) => adamState(s, shapes.policy, "game.optW")),
    optA: {
      m: floatsField(optA.m, n, "game.optA.m", Float64Array),
      v: floatsField(optA.v, n, "game.optA.v", Float64Array),
      t: optA.t as number,
    },
    rng: { words: numbers(rng.words, 4, "game.rng.words"), spare: spare as number | null },
  };
  if (!Array.isArray(o.history) || !o.history.every(isObject)) bad("history");
  const history = o.history as StepRecord[];
  if (o.nextStep !== history.length + 1) bad("nextStep");
  if (!isObject(o.loop)) bad("loop");
  if (!Array.isArray(o.kept)) bad("kept");
  if (o.trained !== undefined && o.trained !== true) bad("trained");
  const kept = (o.kept as unknown[]).map((c) => {
    if (!isObject(c) || !isObject(c.est) || typeof c.label !== "string") bad("kept");
    const k = c as Record<string, unknown>;
    return { ...k, theta: params(k.theta, shapes.theta, "kept.theta") } as Candidate;
  });
  return {
    nextStep: o.nextStep as number,
    game,
    oracle: o.oracle,
    loop: o.loop as object,
    history,
    kept,
    ...(o.trained === true ? { trained: true as const } : {}),
  };
}
