// Exact inner solve of the affine maximizer (Curry et al. 2024 Def. 3.1 / Eq. (1)): a deterministic
// optimal policy for reward table R(s, a) = Σ_i w_i r_i(s, a) + b(s, a).
// - acyclic MDPs (finite-horizon history trees): backward induction, one sweep;
// - cyclic discounted MDPs (gridworld): policy iteration with exact policy evaluation. With
//   deterministic transitions a policy's successor map is a functional graph, so each state's
//   value is a finite path sum plus a geometric series around the cycle it falls into —
//   exact, no tolerance, unlike value iteration.
// Ties are broken towards the lowest action index, so the policy is a function of R alone.
import type { TabularMdp } from "./mdp.js";

export class ExactSolver {
  readonly V: Float64Array;
  readonly policy: Int32Array;
  private readonly mark: Uint8Array;
  private readonly path: Int32Array;

  constructor(readonly mdp: TabularMdp) {
    this.V = new Float64Array(mdp.nStates);
    this.policy = new Int32Array(mdp.nStates);
    this.mark = new Uint8Array(mdp.nStates);
    this.path = new Int32Array(mdp.nStates + 1);
  }

  /** Solve for R (length S·A); returns the optimal value at the start state. */
  solve(R: Float64Array): number {
    return this.mdp.acyclic ? this.backward(R) : this.policyIteration(R);
  }

  private backward(R: Float64Array): number {
    const { nStates: S, nActions: A, next, gamma } = this.mdp;
    const V = this.V;
    for (let s = S - 1; s >= 0; s--) {
      let best = -Infinity;
      let arg = 0;
      const row = s * A;
      for (let a = 0; a < A; a++) {
        const nx = next[row + a];
        const q = R[row + a] + (nx >= 0 ? gamma * V[nx] : 0);
        if (q > best) {
          best = q;
          arg = a;
        }
      }
      V[s] = best;
      this.policy[s] = arg;
    }
    return V[this.mdp.start];
  }

  private policyIteration(R: Float64Array): number {
    const { nStates: S, nActions: A, next, gamma } = this.mdp;
    const V = this.V;
    const pol = this.policy;
    // Start from the myopically best action.
    for (let s = 0; s < S; s++) {
      let best = -Infinity;
      for (let a = 0; a < A; a++) {
        if (R[s * A + a] > best) {
          best = R[s * A + a];
          pol[s] = a;
        }
      }
    }
    for (let iter = 0; iter < 10_000; iter++) {
      this.evaluatePolicy(R);
      let changed = false;
      for (let s = 0; s < S; s++) {
        const row = s * A;
        const cur = pol[s];
        const nxc = next[row + cur];
        const qCur = R[row + cur] + (nxc >= 0 ? gamma * V[nxc] : 0);
        let best = qCur;
        let arg = cur;
        for (let a = 0; a < A; a++) {
          const nx = next[row + a];
          const q = R[row + a] + (nx >= 0 ? gamma * V[nx] : 0);
          if (q > best + 1e-12 * (1 + Math.abs(best))) {
            best = q;
            arg = a;
          }
        }
        if (arg !== cur) {
          pol[s] = arg;
          changed = true;
        }
      }
      if (!changed) break;
    }
    return V[this.mdp.start];
  }

  /** Exact V for the current deterministic policy on a functional graph. */
  private evaluatePolicy(R: Float64Array): void {
    const { nStates: S, nActions: A, next, gamma } = this.mdp;
    const V = this.V;
    const pol = this.policy;
    const mark = this.mark; // 0 unvisited, 1 on the current path, 2 done
    const path = this.path;
    mark.fill(0);
    for (let s0 = 0; s0 < S; s0++) {
      if (mark[s0] === 2) continue;
      let len = 0;
      let s = s0;
      while (s >= 0 && mark[s] === 0) {
        mark[s] = 1;
        path[len++] = s;
        s = next[s * A + pol[s]];
      }
      let end = len;
      if (s >= 0 && mark[s] === 1) {
        // A new cycle path[p..len): value of its head by the geometric series.
        let p = end - 1;
        while (path[p] !== s) p--;
        let sum = 0;
        let disc = 1;
        for (let k = p; k < len; k++) {
          sum += disc * R[path[k] * A + pol[path[k]]];
          disc *= gamma;
        }
        V[s] = sum / (1 - disc);
        mark[s] = 2;
        for (let k = len - 1; k > p; k--) {
          const u = path[k];
          const nx = next[u * A + pol[u]];
          V[u] = R[u * A + pol[u]] + gamma * V[nx];
          mark[u] = 2;
        }
        end = p;
      }
      for (let k = end - 1; k >= 0; k--) {
        const u = path[k];
        const nx = next[u * A + pol[u]];
        V[u] = R[u * A + pol[u]] + (nx >= 0 ? gamma * V[nx] : 0);
        mark[u] = 2;
      }
    }
  }
}

/**
 * The (s, a) entries visited from the start under a deterministic policy with their exact
 * discount weights (a cycle's entries carry γ^t / (1 − γ^L)), so that the expected
 * discounted sum of any table c is Σ_k weight[k] · c[index[k]].
 */
export class Trajectory {
  readonly index: Int32Array;
  readonly weight: Float64Array;
  length = 0;
  private readonly seen: Int32Array;

  constructor(readonly mdp: TabularMdp) {
    this.index = new Int32Array(mdp.nStates);
    this.weight = new Float64Array(mdp.nStates);
    this.seen = new Int32Array(mdp.nStates);
  }

  follow(policy: Int32Array): this {
    const { nActions: A, next, gamma, start } = this.mdp;
    this.seen.fill(-1);
    let s = start;
    let t = 0;
    let disc = 1;
    while (s >= 0 && this.seen[s] < 0) {
      this.seen[s] = t;
      this.index[t] = s * A + policy[s];
      this.weight[t] = disc;
      disc *= gamma;
      t++;
      s = next[s * A + policy[s]];
    }
    if (s >= 0) {
      const k0 = this.seen[s];
      const cycleFactor = 1 / (1 - gamma ** (t - k0));
      for (let k = k0; k < t; k++) this.weight[k] *= cycleFactor;
    }
    this.length = t;
    return this;
  }

  /** Σ_t γ^t c(s_t, a_t) along the trajectory; `offset` selects one agent's table. */
  sum(c: Float64Array, offset = 0): number {
    let v = 0;
    for (let k = 0; k < this.length; k++) v += this.weight[k] * c[offset + this.index[k]];
    return v;
  }
}
