// The natural-gradient step of a Gaussian deviation policy (Kakade 2001), the continuous-type
// counterpart of the tabular NPG oracle (npg/npg-policy.ts). The policy plays r_c = a_c(θ) + σε
// at decisions c (a_c the mean residual, log σ the LAST parameter, shared by all decisions);
// the score-function gradient g comes from sampled decisions, and the Fisher is estimated at
// the SAME decisions, weighted as the gradient weights their states (`weights`: reach
// probabilities on a tree, 1 per decision on trajectories):
//
//   F̄ = Σ_c w_c F_c / Σ_c w_c,   F_c = ∇a_c ∇a_cᵀ / σ² + 2·e_σ e_σᵀ,
//
// F_c being the Fisher of N(a_c, σ²) in (a_c, log σ) pulled back to θ — the Hessian of the
// per-decision KL, as TRPO (Schulman et al. 2015 App. C) computes it: exact in ε, so the only
// sampling noise is in the states. The step solves (F̄ + λI)x = g by conjugate gradient on
// Fisher–vector products F̄v = Jᵀ(w ⊙ Jv)/(σ² Σw) + 2 v_σ e_σ (J = ∂a/∂θ: one forward-mode and
// one reverse-mode pass over the decisions, never the P × P matrix), then scales it to the
// trust region ½ xᵀF̄x = δ and halves it until the measured mean KL between the old and the new
// policy at the decisions is ≤ δ (TRPO's natural step and line search, Schulman et al. 2015 §6).
// Why CG and not a Cholesky solve: docs/npg.md, "Continuous types".

/** Decisions of a Gaussian policy with mean residuals a_c(θ) and a shared log σ = θ[last]. */
/** The npg update's default trust region (docs/npg.md, "Continuous types"). */
export const DEFAULT_MAX_KL = 0.1;

export interface GaussianDecisions {
  /** Parameters P (the last is log σ). */
  readonly size: number;
  /** Decisions N. */
  readonly count: number;
  /** a_c under parameters `theta` (the states held fixed: the recorded inputs). */
  means(theta: Float64Array): Float64Array;
  /** J v = (∂a_c/∂θ · v)_c at the recorded parameters. */
  jvp(v: Float64Array): Float64Array;
  /** Jᵀu = Σ_c u_c ∂a_c/∂θ at the recorded parameters (0 in the log σ entry). */
  vjp(u: Float64Array): Float64Array;
}

export interface CgResult {
  x: Float64Array;
  iterations: number;
  /** ‖b − A x‖ at the end. */
  residual: number;
}

/** Conjugate gradient for A x = b, A symmetric positive definite, given as v ↦ A v. */
export function conjugateGradient(
  apply: (v: Float64Array) => Float64Array,
  b: Float64Array,
  opts: { iterations?: number; tolerance?: number } = {},
): CgResult {
  const n = b.length;
  const maxIt = opts.iterations ?? n;
  const x = new Float64Array(n);
  const r = Float64Array.from(b);
  const p = Float64Array.from(b);
  let rr = dot(r, r);
  const stop = (opts.tolerance ?? 1e-10) ** 2 * Math.max(rr, Number.MIN_VALUE);
  let it = 0;
  while (it < maxIt && rr > stop) {
    const Ap = apply(p);
    const pAp = dot(p, Ap);
    if (!(pAp > 0)) break; // not positive definite along p (or p = 0): stop where we are
    const alpha = rr / pAp;
    for (let k = 0; k < n; k++) {
      x[k] += alpha * p[k];
      r[k] -= alpha * Ap[k];
    }
    const rr2 = dot(r, r);
    for (let k = 0; k < n; k++) p[k] = r[k] + (rr2 / rr) * p[k];
    rr = rr2;
    it++;
  }
  return { x, iterations: it, residual: Math.sqrt(rr) };
}

/** v ↦ (F̄ + λI) v at log σ = `logStd` (module comment). */
export function fisherProduct(
  d: GaussianDecisions,
  weights: ArrayLike<number>,
  logStd: number,
  damping = 0,
): (v: Float64Array) => Float64Array {
  const W = totalWeight(weights);
  const c = 1 / (Math.exp(2 * logStd) * W);
  const last = d.size - 1;
  return (v) => {
    const Jv = d.jvp(v);
    for (let k = 0; k < Jv.length; k++) Jv[k] *= c * weights[k];
    const out = d.vjp(Jv);
    out[last] += 2 * v[last];
    if (damping !== 0) for (let k = 0; k < out.length; k++) out[k] += damping * v[k];
    return out;
  };
}

/**
 * Mean KL(old ‖ new) over the decisions, weighted: KL(N(a, σ²) ‖ N(a', σ'²)) =
 * log(σ'/σ) + (σ² + (a − a')²)/(2σ'²) − ½.
 */
export function meanGaussianKl(
  oldMeans: ArrayLike<number>,
  oldLogStd: number,
  newMeans: ArrayLike<number>,
  newLogStd: number,
  weights: ArrayLike<number>,
): number {
  const s2 = Math.exp(2 * oldLogStd);
  const t2 = Math.exp(2 * newLogStd);
  let sum = 0;
  for (let c = 0; c < oldMeans.length; c++)
    sum += weights[c] * (s2 + (oldMeans[c] - newMeans[c]) ** 2);
  return newLogStd - oldLogStd + sum / totalWeight(weights) / (2 * t2) - 0.5;
}

export interface NaturalStepOptions {
  /** Trust region δ: the step's mean KL per decision is at most δ. */
  maxKl: number;
  /** λ in (F̄ + λI)x = g (default 0.1, TRPO's; docs/npg.md measures why it matters). */
  damping?: number;
  /** Conjugate-gradient iterations (default 10, TRPO's). */
  cgIterations?: number;
  /**
   * "fisher" (default): the natural gradient. "euclidean": the plain gradient, scaled and
   * line-searched to the same KL trust region — the ablation that isolates the Fisher.
   */
  metric?: "fisher" | "euclidean";
  /** Halvings of the step tried before giving up (zero step) when the KL exceeds δ (default 10). */
  backtracks?: number;
}

export interface NaturalStep {
  /** Δθ (zero when g = 0 or no halving met the trust region). */
  step: Float64Array;
  /** The natural gradient (F̄ + λI)⁻¹ g before scaling. */
  direction: Float64Array;
  /** Mean KL of the step, measured. */
  kl: number;
  cgIterations: number;
  halvings: number;
}

/** The trust-region natural step for ascent on the objective whose gradient is `grad`. */
export function naturalStep(
  d: GaussianDecisions,
  theta: Float64Array,
  grad: Float64Array,
  weights: ArrayLike<number>,
  opts: NaturalStepOptions,
): NaturalStep {
  const P = d.size;
  const logStd = theta[P - 1];
  const F =
    opts.metric === "euclidean"
      ? (v: Float64Array) => Float64Array.from(v)
      : fisherProduct(d, weights, logStd, opts.damping ?? 0.1);
  const cg = conjugateGradient(F, grad, { iterations: opts.cgIterations ?? 10 });
  const x = cg.x;
  const xFx = dot(x, F(x));
  const zero = (halvings: number): NaturalStep => ({
    step: new Float64Array(P),
    direction: x,
    kl: 0,
    cgIterations: cg.iterations,
    halvings,
  });
  if (!(xFx > 0) || d.count === 0) return zero(0);
  let scale = Math.sqrt((2 * opts.maxKl) / xFx);
  const old = d.means(theta);
  const trial = new Float64Array(P);
  const backtracks = opts.backtracks ?? 10;
  for (let h = 0; h <= backtracks; h++, scale /= 2) {
    for (let k = 0; k < P; k++) trial[k] = theta[k] + scale * x[k];
    const kl = meanGaussianKl(old, logStd, d.means(trial), trial[P - 1], weights);
    // Relative slack 1e-9: a step exactly on the boundary must not fail on rounding.
    if (kl <= opts.maxKl * (1 + 1e-9))
      return {
        step: Float64Array.from(x, (v) => scale * v),
        direction: x,
        kl,
        cgIterations: cg.iterations,
        halvings: h,
      };
  }
  return zero(backtracks + 1);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

function totalWeight(weights: ArrayLike<number>): number {
  let W = 0;
  for (let k = 0; k < weights.length; k++) W += weights[k];
  if (!(W > 0)) throw new Error("natural gradient: the decisions' weights must sum to > 0");
  return W;
}
