// What every inverse-game designer gets and reports. A designer owns the schedule (which loss,
// which target δ, when to keep a candidate); the Game does the SGDA steps, and the certifier
// (certify.ts) — not the designer — decides which kept candidate is reported. A designer's loop
// state is explicit so that runs can stop and resume (see InverseGameDesigner).
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import { irViolation, type IrNotion } from "./losses.js";
import type { Estimates } from "./oracle.js";
import type { Game } from "./sgda.js";

export interface Tolerances {
  /** |v − δ| for the acceptance method. */
  profit: number;
  /** Σ_i ψ_i. */
  regret: number;
  /** IR violation (irViolation in losses.ts). */
  ir: number;
}

export interface StepRecord {
  step: number;
  /** Target δ (acceptance method) — NaN for the others. */
  delta: number;
  revenue: number;
  regret: number;
  irViolation: number;
  minInterim: number;
  loss: number;
  seconds: number;
  /** Sampled oracle: standard errors of `revenue` and `regret` across its scenarios. */
  revenueStderr?: number;
  regretStderr?: number;
}

export interface Candidate {
  label: string;
  step: number;
  theta: Float32Array[];
  est: Estimates;
}

export interface DesignerContext {
  game: Game;
  /** Total SGDA iterations. */
  budget: number;
  irNotion: IrNotion;
  kappa: number;
  tolerance: Tolerances;
  /** An upper bound on revenue (the acceptance method's initial interval). */
  revenueUpperBound: number;
  /**
   * Record one iteration (metrics, progress, checkpoint; a stop request throws Interrupted);
   * returns the step's record. Awaiting it gives signal handlers (Ctrl-C) their turn.
   */
  record(delta: number, est: Estimates, loss: number): Promise<StepRecord>;
  keep(candidate: Candidate): void;
}

/**
 * A designer's loop keeps everything it carries between iterations (counters, targets,
 * multipliers, the last candidate) in one plain object `S`, created by `init` and updated in
 * place; `run` continues from whatever state it is given and brings `state` up to date BEFORE
 * each `ctx.record` — so that a checkpoint written at a record (which saves `S` with the Game)
 * resumes bit-identically. Typed arrays and numbers only, no class instances.
 */
export interface InverseGameDesigner<S extends object = object> {
  name: string;
  summary: string;
  params: ParamSpecs;
  init(ctx: DesignerContext, params: Record<string, ParamValue>): S;
  run(ctx: DesignerContext, params: Record<string, ParamValue>, state: S): Promise<void>;
}

/** Σψ and the IR violation within tolerance (the profit target is the acceptance method's). */
export function withinTolerance(ctx: DesignerContext, est: Estimates): boolean {
  return (
    est.regret.reduce((a, b) => a + Math.max(b, 0), 0) <= ctx.tolerance.regret &&
    irViolation(est, ctx.irNotion) <= ctx.tolerance.ir
  );
}
