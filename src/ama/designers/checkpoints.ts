// Best-iterate selection on held-out validation profiles (the "return argmin over starts"
// step of Curry et al. 2024 Algorithm 1, applied to checkpoints): stochastic ascent is noisy, so every
// few steps the iterate is scored exactly on a fixed validation bank and the best is kept.
// VCG is the first candidate, so a designer never returns something worse than VCG on
// validation.
import type { AmaEnvironment } from "../environment.js";
import { meanObjective, ProfileBank } from "../evaluate.js";
import { fromVector, vcgParams, type AmaParams } from "../params.js";
import { scoreSign, type DesignTracePoint } from "./designer.js";

export class Checkpoints {
  readonly bank: ProfileBank;
  best: AmaParams;
  bestScore: number;
  readonly trace: DesignTracePoint[] = [];
  private readonly sign: number;

  constructor(
    readonly env: AmaEnvironment,
    samples: number,
    seed: number,
  ) {
    this.bank = new ProfileBank(env, samples, seed);
    this.sign = scoreSign(env);
    this.best = vcgParams(env);
    this.bestScore = this.sign * meanObjective(this.bank, this.best);
    this.trace.push({ step: 0, validation: this.sign * this.bestScore });
  }

  /** Score θ exactly; keep it if it beats the best so far. Returns its objective. */
  offer(step: number, theta: Float64Array): number {
    const p = fromVector(this.env, theta);
    const obj = meanObjective(this.bank, p);
    this.trace.push({ step, validation: obj });
    if (this.sign * obj > this.bestScore) {
      this.bestScore = this.sign * obj;
      this.best = p;
    }
    return obj;
  }
}
