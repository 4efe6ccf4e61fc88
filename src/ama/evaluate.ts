// Evaluation with common random numbers: every mechanism is run on the same
// K freshly drawn type profiles, so the paired differences (AMA − VCG) carry their own,
// usually much smaller, standard error. Always unsmoothed: the exact inner solve, hence
// exactly truthful mechanisms.
import { Rng } from "../engine/rng.js";
import { meanStderr, type Measured } from "../core/measured.js";
import type { AmaEnvironment } from "./environment.js";
import { AmaMechanism, truthfulProfile, type ProfileResult } from "./mechanism.js";
import type { AmaParams } from "./params.js";

/** K type profiles drawn from a recorded seed (the common random numbers). */
export class ProfileBank {
  readonly types: Float64Array;
  constructor(
    readonly env: AmaEnvironment,
    readonly size: number,
    readonly seed: number,
  ) {
    const rng = new Rng(seed);
    this.types = new Float64Array(size * env.typeSize);
    for (let k = 0; k < size; k++) {
      env.sampleTypes(rng, this.types.subarray(k * env.typeSize, (k + 1) * env.typeSize));
    }
  }

  profile(k: number): Float64Array {
    return this.types.subarray(k * this.env.typeSize, (k + 1) * this.env.typeSize);
  }
}

export interface MechanismEvaluation {
  objective: Measured;
  welfare: Measured;
  /** Revenue (NaN-free only for revenue objectives). */
  revenue?: Measured;
  /** Per-profile objective values, for paired comparisons. */
  perProfile: Float64Array;
}

/** Evaluate several mechanisms on the same profiles (indices [from, to) of the bank). */
export function evaluateOnBank(
  bank: ProfileBank,
  mechanisms: AmaParams[],
  onProgress?: (done: number, total: number) => void,
  from = 0,
  to = bank.size,
): MechanismEvaluation[] {
  const env = bank.env;
  const SA = env.mdp.nStates * env.mdp.nActions;
  const rewards = new Float64Array(env.nAgents * SA);
  const loss = env.fillLoss ? new Float64Array(SA) : null;
  const mechs = mechanisms.map((p) => new AmaMechanism(env, p));
  const K = to - from;
  const obj = mechs.map(() => new Float64Array(K));
  const wel = mechs.map(() => new Float64Array(K));
  const rev = mechs.map(() => new Float64Array(K));
  const r: ProfileResult = { revenue: 0, welfare: 0, objective: 0 };
  for (let k = 0; k < K; k++) {
    const types = bank.profile(from + k);
    env.fillRewards(types, rewards);
    if (loss && env.fillLoss) env.fillLoss(types, loss);
    for (let j = 0; j < mechs.length; j++) {
      truthfulProfile(mechs[j], rewards, loss, r);
      obj[j][k] = r.objective;
      wel[j][k] = r.welfare;
      rev[j][k] = r.revenue;
    }
    if (onProgress && (k + 1) % 500 === 0) onProgress(k + 1, K);
  }
  onProgress?.(K, K);
  return mechs.map((_, j) => ({
    objective: meanStderr(obj[j]),
    welfare: meanStderr(wel[j]),
    ...(env.objective === "revenue" ? { revenue: meanStderr(rev[j]) } : {}),
    perProfile: obj[j],
  }));
}

/** Mean and standard error of a − b, profile by profile. */
export function pairedDifference(a: Float64Array, b: Float64Array): Measured {
  const d = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) d[k] = a[k] - b[k];
  return meanStderr(d);
}

/** Mean objective of one mechanism on bank profiles [from, to) (designers' scoring). */
export function meanObjective(
  bank: ProfileBank,
  params: AmaParams,
  from = 0,
  to = bank.size,
): number {
  const [e] = evaluateOnBank(bank, [params], undefined, from, to);
  return e.objective.value;
}
