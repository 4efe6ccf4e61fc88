// Best-iterate selection on held-out validation profiles (the "return argmin over starts"
// step of Curry et al. 2024 Algorithm 1, applied to checkpoints): stochastic ascent is noisy, so every
// few steps the iterate is scored exactly on a fixed validation bank and the best is kept
// (a KeepBest callback on the `validation` metric, minimizing for loss objectives).
// VCG is the first candidate, so a designer never returns something worse than VCG on
// validation.
import { KeepBest } from "../../core/callbacks.js";
import type { AmaEnvironment } from "../environment.js";
import { meanObjective, ProfileBank } from "../evaluate.js";
import { fromVector, vcgParams, type AmaParams } from "../params.js";
import { scoreSign, type DesignTracePoint } from "./designer.js";

export class Checkpoints {
  readonly bank: ProfileBank;
  readonly trace: DesignTracePoint[] = [];
  private readonly keep: KeepBest<AmaParams, AmaParams>;

  constructor(
    readonly env: AmaEnvironment,
    samples: number,
    seed: number,
  ) {
    this.bank = new ProfileBank(env, samples, seed);
    this.keep = new KeepBest<AmaParams, AmaParams>("validation", (p) => p, {
      minimize: scoreSign(env) < 0,
    });
    const vcg = vcgParams(env);
    this.score(0, vcg);
  }

  /** The best parameters offered so far (VCG when nothing beat it). */
  get best(): AmaParams {
    return this.keep.best!.snapshot;
  }

  private score(step: number, p: AmaParams): number {
    const validation = meanObjective(this.bank, p);
    this.trace.push({ step, validation });
    this.keep.onStep({ step, metrics: { validation } }, p);
    return validation;
  }

  /** Score θ exactly; keep it if it beats the best so far. Returns its objective. */
  offer(step: number, theta: Float64Array): number {
    return this.score(step, fromVector(this.env, theta));
  }
}
