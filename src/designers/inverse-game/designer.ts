// What every inverse-game designer gets and reports. A designer owns the schedule (which loss,
// which target δ, when to keep a candidate); the Game does the SGDA steps, and the certifier
// (certify.ts) — not the designer — decides which kept candidate is reported.
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
  /** Record one iteration (metrics, progress); returns the step's record. */
  record(delta: number, est: Estimates, loss: number): StepRecord;
  keep(candidate: Candidate): void;
}

export interface InverseGameDesigner {
  name: string;
  summary: string;
  params: ParamSpecs;
  run(ctx: DesignerContext, params: Record<string, ParamValue>): void;
}

/** Σψ and the IR violation within tolerance (the profit target is the acceptance method's). */
export function withinTolerance(ctx: DesignerContext, est: Estimates): boolean {
  return (
    est.regret.reduce((a, b) => a + Math.max(b, 0), 0) <= ctx.tolerance.regret &&
    irViolation(est, ctx.irNotion) <= ctx.tolerance.ir
  );
}
