// The PPO learner's rollout buffer and the arithmetic on it: minibatches by name, advantage
// normalisation, the value-target scale, explained variance, the minibatch shuffle.
import { np, type Tensor } from "../engine/jax.js";
import type { Rng } from "../engine/rng.js";
import type { PolicyShape } from "./policy.js";

/** One rollout of B episodes × T rounds, row k = t·B + b. */
export interface Rollout {
  obs: Float32Array;
  cobs: Float32Array;
  maskAdd: Float32Array;
  onehot: Float32Array;
  u: Float32Array;
  active: Float32Array;
  logp: Float32Array;
  values: Float64Array;
  rewards: Float64Array;
}

export function newRollout(N: number, s: PolicyShape): Rollout {
  return {
    obs: new Float32Array(N * s.obsDim),
    cobs: new Float32Array(N * s.criticDim),
    maskAdd: new Float32Array(N * s.nChoices),
    onehot: new Float32Array(N * s.nChoices),
    u: new Float32Array(N * s.nContinuous),
    active: new Float32Array(N * s.nContinuous),
    logp: new Float32Array(N),
    values: new Float64Array(N),
    rewards: new Float64Array(N),
  };
}

export function gatherMinibatch(
  r: Rollout,
  adv: Float32Array,
  ret: Float32Array,
  idx: Int32Array,
  s: PolicyShape,
): Minibatch {
  const M = idx.length;
  // w = 0: a per-sample scalar (shape [M]); otherwise a row of width w (shape [M, w], also
  // for w = 1, e.g. a single price).
  const take = (src: Float32Array, w: number): Tensor => {
    const width = Math.max(1, w);
    const out = new Float32Array(M * width);
    for (let k = 0; k < M; k++)
      out.set(src.subarray(idx[k] * width, (idx[k] + 1) * width), k * width);
    return w === 0 ? np.array(out) : np.array(out).reshape([M, w]);
  };
  return {
    obs: take(r.obs, s.obsDim),
    cobs: take(r.cobs, s.criticDim),
    maskAdd: take(r.maskAdd, s.nChoices),
    onehot: take(r.onehot, s.nChoices),
    u: take(r.u, s.nContinuous),
    active: take(r.active, s.nContinuous),
    oldLogp: take(r.logp, 0),
    advantages: take(adv, 0),
    returns: take(ret, 0),
  };
}

/** A minibatch of the rollout: the PPO loss's inputs, by name. */
export interface Minibatch {
  obs: Tensor;
  cobs: Tensor;
  /** 0 for a legal choice, −1e9 for an illegal one (added to the scores). */
  maskAdd: Tensor;
  onehot: Tensor;
  /** The Gaussian samples u (before the action map). */
  u: Tensor;
  /** 1 where the continuous action counted (e.g. a price was posted). */
  active: Tensor;
  oldLogp: Tensor;
  advantages: Tensor;
  returns: Tensor;
}

/** Scale of the value targets, fixed from the first rollout: the critic predicts R / scale. */
export function returnScale(rets: Float64Array): number {
  const B = rets.length;
  let s = 0;
  let ss = 0;
  for (const r of rets) s += r;
  for (const r of rets) ss += (r - s / B) ** 2;
  return Math.max(Math.sqrt(ss / B), Math.abs(s / B), 1e-3);
}

/** (a − mean) / (sd + 1e-8) over the whole rollout. */
export function normalizeAdvantages(advantages: ArrayLike<number>): Float32Array {
  const N = advantages.length;
  let mean = 0;
  for (let k = 0; k < N; k++) mean += advantages[k] / N;
  let v = 0;
  for (let k = 0; k < N; k++) v += (advantages[k] - mean) ** 2 / N;
  const sd = Math.sqrt(v) + 1e-8;
  return Float32Array.from(advantages, (a) => (a - mean) / sd);
}

/** 1 − Var(R − V)/Var(R); NaN when the returns do not vary. */
export function explainedVariance(values: ArrayLike<number>, returns: ArrayLike<number>): number {
  const N = returns.length;
  let mr = 0;
  let md = 0;
  for (let k = 0; k < N; k++) {
    mr += returns[k] / N;
    md += (returns[k] - values[k]) / N;
  }
  let vr = 0;
  let vd = 0;
  for (let k = 0; k < N; k++) {
    vr += (returns[k] - mr) ** 2 / N;
    vd += (returns[k] - values[k] - md) ** 2 / N;
  }
  return vr === 0 ? NaN : 1 - vd / vr;
}

/** Fisher–Yates, in place. */
export function shuffle(a: Int32Array, rng: Rng): void {
  for (let k = a.length - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    const t = a[k];
    a[k] = a[j];
    a[j] = t;
  }
}
