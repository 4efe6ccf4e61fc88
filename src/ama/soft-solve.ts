// Entropy-smoothed inner solve and its hand-written reverse mode (Curry et al. 2024 §4, "Regularized
// linear program"). Used only by the smooth designer to get gradients; mechanisms are always
// evaluated with the exact solve (exact-solve.ts), so they stay exactly truthful.
//
// Soft Bellman recursion with a per-state temperature τ_s = α · h_s:
//   Q(s,a) = R(s,a) + γ V(s'),   V(s) = τ_s log Σ_a exp(Q(s,a)/τ_s),
//   π(a|s) = exp((Q(s,a) − V(s))/τ_s).
// On trees h_s = steps left, which is what entropy smoothing of the occupancy measure with
// strength α reduces to (the authors' released code of Curry et al. 2024, listed in docs/ama.md); on the cyclic gridworld we use soft value
// iteration with h_s = 1/(1−γ), the effective horizon (an analogue, not an exact equivalence).
// As α → 0, V → the exact optimal value and π → the (unique) optimal policy.
//
// Gradients: implicit differentiation of the fixed point, written by hand (no autodiff
// tape): for J = κ_V V(start) + κ_W W(start), with W the expected discounted sum of a table c
// under π,
//   ∂V(start)/∂R = ν (discounted occupancy from the start under π — envelope theorem),
//   ∂W/∂Q(s,a)   = d(s) π(a|s) (c(s,a) + γW(s') − W(s)) / τ_s =: G(s,a)  (softmax derivative),
//   ∂J/∂R        = G + occupancy under π from the signed initial measure
//                  κ_V δ_start + γ Σ_{(s,a)→s'} G(s,a).
// On trees all recursions are single sweeps (exact); on cyclic MDPs they are contractions
// iterated to convergence. This is why we do not unroll value iteration: the implicit
// gradient costs two extra linear solves and no memory for the iterates.
import type { TabularMdp } from "./mdp.js";

const TOL = 1e-12;
const MAX_SWEEPS = 100_000;

export class SoftSolver {
  readonly V: Float64Array;
  readonly pi: Float64Array;
  private readonly tau: Float64Array;
  private readonly W: Float64Array;
  private readonly d: Float64Array;
  private readonly mu: Float64Array;
  private readonly tmp: Float64Array;
  private readonly G: Float64Array;
  private readonly q: Float64Array;

  constructor(readonly mdp: TabularMdp) {
    const S = mdp.nStates;
    const SA = S * mdp.nActions;
    this.V = new Float64Array(S);
    this.pi = new Float64Array(SA);
    this.tau = new Float64Array(S);
    this.W = new Float64Array(S);
    this.d = new Float64Array(S);
    this.mu = new Float64Array(S);
    this.tmp = new Float64Array(S);
    this.G = new Float64Array(SA);
    this.q = new Float64Array(mdp.nActions);
  }

  /** Soft-solve for R with smoothing strength α > 0; returns the soft value at the start. */
  solve(R: Float64Array, alpha: number): number {
    if (!(alpha > 0)) throw new RangeError(`smoothing strength must be > 0, got ${alpha}`);
    const { nStates: S, acyclic } = this.mdp;
    for (let s = 0; s < S; s++) this.tau[s] = alpha * this.mdp.horizonScale[s];
    if (acyclic) {
      for (let s = S - 1; s >= 0; s--) this.backup(R, s);
    } else {
      this.V.fill(0);
      for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
        let delta = 0;
        let scale = 1;
        for (let s = 0; s < S; s++) {
          const old = this.V[s];
          this.backup(R, s);
          delta = Math.max(delta, Math.abs(this.V[s] - old));
          scale = Math.max(scale, Math.abs(this.V[s]));
        }
        if (delta <= TOL * scale) break;
      }
      for (let s = 0; s < S; s++) this.backup(R, s);
    }
    return this.V[this.mdp.start];
  }

  /** One soft Bellman backup of state s (sets V[s] and π(·|s)). */
  private backup(R: Float64Array, s: number): void {
    const { nActions: A, next, gamma } = this.mdp;
    const q = this.q;
    const tau = this.tau[s];
    let mx = -Infinity;
    for (let a = 0; a < A; a++) {
      const nx = next[s * A + a];
      q[a] = R[s * A + a] + (nx >= 0 ? gamma * this.V[nx] : 0);
      if (q[a] > mx) mx = q[a];
    }
    let z = 0;
    for (let a = 0; a < A; a++) {
      const e = Math.exp((q[a] - mx) / tau);
      this.pi[s * A + a] = e;
      z += e;
    }
    for (let a = 0; a < A; a++) this.pi[s * A + a] /= z;
    this.V[s] = mx + tau * Math.log(z);
  }

  /**
   * After solve(): J = κ_V · V(start) + κ_W · W(start), where W is the expected discounted
   * sum of table c under the soft policy (c may be null when κ_W = 0). Adds ∂J/∂R to gradR.
   */
  valueAndGrad(
    c: Float64Array | null,
    kappaV: number,
    kappaW: number,
    gradR: Float64Array,
  ): number {
    const { nStates: S, nActions: A, next, gamma, start } = this.mdp;
    const { pi, W, d, G, mu } = this;
    let J = kappaV * this.V[start];
    G.fill(0);
    if (kappaW !== 0 && c) {
      this.policyValue(c);
      J += kappaW * W[start];
      // d: discounted state occupancy from the start.
      d.fill(0);
      d[start] = 1;
      this.occupancy(d);
      for (let s = 0; s < S; s++) {
        const f = (kappaW * d[s]) / this.tau[s];
        if (f === 0) continue;
        for (let a = 0; a < A; a++) {
          const k = s * A + a;
          const nx = next[k];
          const C = c[k] + (nx >= 0 ? gamma * W[nx] : 0);
          G[k] = f * pi[k] * (C - W[s]);
        }
      }
    }
    mu.fill(0);
    mu[start] += kappaV;
    for (let k = 0; k < S * A; k++) {
      if (G[k] !== 0 && next[k] >= 0) mu[next[k]] += gamma * G[k];
    }
    this.occupancy(mu);
    for (let s = 0; s < S; s++) {
      for (let a = 0; a < A; a++) gradR[s * A + a] += mu[s] * pi[s * A + a] + G[s * A + a];
    }
    return J;
  }

  /** Policy evaluation of table c under π into W. */
  private policyValue(c: Float64Array): void {
    const { nStates: S, nActions: A, next, gamma, acyclic } = this.mdp;
    const { pi, W } = this;
    const sweep = (): number => {
      let delta = 0;
      for (let s = S - 1; s >= 0; s--) {
        let v = 0;
        for (let a = 0; a < A; a++) {
          const k = s * A + a;
          const nx = next[k];
          v += pi[k] * (c[k] + (nx >= 0 ? gamma * W[nx] : 0));
        }
        delta = Math.max(delta, Math.abs(v - W[s]));
        W[s] = v;
      }
      return delta;
    };
    W.fill(0);
    if (acyclic) {
      sweep();
      return;
    }
    for (let it = 0; it < MAX_SWEEPS; it++) {
      let scale = 1;
      for (let s = 0; s < S; s++) scale = Math.max(scale, Math.abs(W[s]));
      if (sweep() <= TOL * scale) break;
    }
  }

  /** In place: m ← discounted occupancy from initial (signed) measure m under π. */
  private occupancy(m: Float64Array): void {
    const { nStates: S, nActions: A, next, gamma, acyclic } = this.mdp;
    const pi = this.pi;
    if (acyclic) {
      // Parents have smaller indices: one forward sweep.
      for (let s = 0; s < S; s++) {
        const ms = m[s];
        if (ms === 0) continue;
        for (let a = 0; a < A; a++) {
          const nx = next[s * A + a];
          if (nx >= 0) m[nx] += gamma * ms * pi[s * A + a];
        }
      }
      return;
    }
    // m = ρ + γ P_πᵀ m by fixed-point iteration (a γ-contraction).
    const rho = Float64Array.from(m);
    const tmp = this.tmp;
    for (let it = 0; it < MAX_SWEEPS; it++) {
      tmp.set(rho);
      for (let s = 0; s < S; s++) {
        const ms = m[s];
        if (ms === 0) continue;
        for (let a = 0; a < A; a++) {
          const nx = next[s * A + a];
          if (nx >= 0) tmp[nx] += gamma * ms * pi[s * A + a];
        }
      }
      let delta = 0;
      let scale = 1;
      for (let s = 0; s < S; s++) {
        delta = Math.max(delta, Math.abs(tmp[s] - m[s]));
        scale = Math.max(scale, Math.abs(tmp[s]));
      }
      m.set(tmp);
      if (delta <= TOL * scale) break;
    }
  }
}
