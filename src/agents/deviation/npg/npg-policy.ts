// Natural policy gradient for a tabular softmax deviation policy on a finite MDP
// (finite-mdp.ts). For the softmax parameterization the NPG direction is the advantage
// itself (Kakade 2001; Agarwal et al. 2021, NPG for softmax policies: the Fisher-preconditioned gradient of
// the value is A^π / (1 − γ) per state, the occupancy cancels), so one step is the
// multiplicative-weights / policy-mirror-descent update, state by state,
//   π_{t+1}(a|s) ∝ π_t(a|s)·exp(η·A^{π_t}(s, a)),
// written here on the logits: z(s, a) += η·(Q(s, a) − V(s)). With exact Q (enumerable games)
// this is the deterministic NPG; `sampledStep` is the stochastic version the Inverse Games
// abstract analyses, with Monte Carlo estimates of Q from trajectories of the current policy.
import type { Rng } from "../../../engine/rng.js";
import { evaluatePolicy, rootValue, type FiniteMdp } from "./finite-mdp.js";

export interface NpgOptions {
  /** Step size η of the mirror-descent step. */
  eta: number;
  /** Initial logits: `truthBias` on the truthful report, 0 elsewhere (0 = uniform policy). */
  truthBias: number;
  /**
   * Logits are kept within `logitRange` of their node's maximum (every report keeps
   * probability ≥ e^(−range)/A relative to the best): a policy tracking a MOVING mechanism must
   * be able to leave a report that has stopped paying; unbounded mirror-descent logits
   * saturate and take as many steps to unlearn as they took to learn. Infinity: no bound.
   */
  logitRange?: number;
}

export const DEFAULT_NPG: NpgOptions = { eta: 10, truthBias: 0 };

export class NpgDeviation {
  readonly logits: Float64Array;
  readonly pi: Float64Array;
  private Q: Float64Array;
  private V: Float64Array;

  constructor(
    public mdp: FiniteMdp,
    readonly opts: NpgOptions = DEFAULT_NPG,
  ) {
    const A = mdp.actions;
    this.logits = new Float64Array(mdp.nodes * A);
    for (let node = 0; node < mdp.nodes; node++)
      this.logits[node * A + mdp.truth[node]] = opts.truthBias;
    this.pi = new Float64Array(mdp.nodes * A);
    this.Q = new Float64Array(mdp.nodes * A);
    this.V = new Float64Array(mdp.nodes);
    this.normalize();
  }

  /** π = softmax of the logits per node (logits re-centred so they stay bounded). */
  private normalize(): void {
    const A = this.mdp.actions;
    const z = this.logits;
    for (let node = 0; node < this.mdp.nodes; node++) {
      const at = node * A;
      let mx = -Infinity;
      for (let a = 0; a < A; a++) mx = Math.max(mx, z[at + a]);
      let s = 0;
      const floor = -(this.opts.logitRange ?? Infinity);
      for (let a = 0; a < A; a++) {
        z[at + a] = Math.max(z[at + a] - mx, floor);
        s += this.pi[at + a] = Math.exp(z[at + a]);
      }
      for (let a = 0; a < A; a++) this.pi[at + a] /= s;
    }
  }

  /** Exact Q and V of the current policy, and its ex-ante value Σ_k P(k)·V(root_k). */
  evaluate(): { Q: Float64Array; V: Float64Array; value: number } {
    const { Q, V } = evaluatePolicy(this.mdp, this.pi, { Q: this.Q, V: this.V });
    return { Q, V, value: rootValue(this.mdp, V) };
  }

  /** One exact NPG step; returns the value of the policy BEFORE the step. */
  step(eta = this.opts.eta): number {
    const { Q, V, value } = this.evaluate();
    const A = this.mdp.actions;
    for (let node = 0; node < this.mdp.nodes; node++)
      for (let a = 0; a < A; a++) this.logits[node * A + a] += eta * (Q[node * A + a] - V[node]);
    this.normalize();
    return value;
  }

  /**
   * One stochastic NPG step from `episodes` trajectories of the current policy: Q̂(s, a) and
   * V̂(s) are the mean returns-to-go after (s, a) and after visits of s (unbiased for Q^π and
   * V^π on the visited states); unvisited pairs keep their logits (advantage estimate 0).
   * Returns the mean sampled return (an unbiased estimate of the policy's value).
   */
  sampledStep(rng: Rng, episodes: number, eta = this.opts.eta): number {
    const mdp = this.mdp;
    const A = mdp.actions;
    const sumQ = new Map<number, number>();
    const cntQ = new Map<number, number>();
    const path: number[] = [];
    const rewards: number[] = [];
    let total = 0;
    for (let e = 0; e < episodes; e++) {
      path.length = 0;
      rewards.length = 0;
      let node = mdp.roots[pick(rng, mdp.rootProb, 0, mdp.roots.length)];
      for (;;) {
        const a = pick(rng, this.pi, node * A, A);
        const na = node * A + a;
        path.push(na);
        rewards.push(mdp.reward[na]);
        const t0 = mdp.transStart[na];
        const t1 = mdp.transStart[na + 1];
        if (t1 === t0) break;
        node = mdp.transChild[t0 + pick(rng, mdp.transProb, t0, t1 - t0)];
      }
      let g = 0;
      for (let h = path.length - 1; h >= 0; h--) {
        g = rewards[h] + mdp.gamma * g;
        sumQ.set(path[h], (sumQ.get(path[h]) ?? 0) + g);
        cntQ.set(path[h], (cntQ.get(path[h]) ?? 0) + 1);
      }
      total += g;
    }
    // V̂(s): mean return over all visits of s (whatever action was taken).
    const sumV = new Map<number, number>();
    const cntV = new Map<number, number>();
    for (const [na, s] of sumQ) {
      const node = Math.floor(na / A);
      sumV.set(node, (sumV.get(node) ?? 0) + s);
      cntV.set(node, (cntV.get(node) ?? 0) + cntQ.get(na)!);
    }
    for (const [na, s] of sumQ) {
      const node = Math.floor(na / A);
      this.logits[na] += eta * (s / cntQ.get(na)! - sumV.get(node)! / cntV.get(node)!);
    }
    this.normalize();
    return total / episodes;
  }
}

/** An index in [0, len) drawn with probabilities p[at … at+len) (which sum to ≈ 1). */
function pick(rng: Rng, p: ArrayLike<number>, at: number, len: number): number {
  let u = rng.uniform();
  for (let k = 0; k < len - 1; k++) {
    u -= p[at + k];
    if (u < 0) return k;
  }
  return len - 1;
}
