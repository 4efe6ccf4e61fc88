// A finite-horizon MDP in flat arrays: the sufficient-statistics MDP of one agent's deviation
// problem (built by src/evaluation/deviation-mdp.ts for any mechanism, or from a compiled
// game for tabular ones). Nodes are numbered parents before children, so one backward loop
// over node ids is backward induction. Every node has the same action set (the report
// vectors); `truth[node]` is the truthful report there.
export interface FiniteMdp {
  nodes: number;
  actions: number;
  gamma: number;
  /** Expected immediate reward of (node, action): reward[node·actions + a]. */
  reward: Float64Array;
  /** Transitions of (node, a): transStart[node·actions + a] … transStart[node·actions + a + 1]. */
  transStart: Int32Array;
  transChild: Int32Array;
  transProb: Float64Array;
  /** One root per initial state of the agent, with its probability. */
  roots: Int32Array;
  rootProb: Float64Array;
  truth: Int32Array;
}

/** Q and V of a stochastic policy pi[node·A + a] by one backward sweep (exact evaluation). */
export function evaluatePolicy(
  mdp: FiniteMdp,
  pi: Float64Array,
  out?: { Q: Float64Array; V: Float64Array },
): { Q: Float64Array; V: Float64Array } {
  const A = mdp.actions;
  const Q = out?.Q ?? new Float64Array(mdp.nodes * A);
  const V = out?.V ?? new Float64Array(mdp.nodes);
  for (let node = mdp.nodes - 1; node >= 0; node--) {
    let v = 0;
    for (let a = 0; a < A; a++) {
      const na = node * A + a;
      let q = mdp.reward[na];
      let cont = 0;
      for (let t = mdp.transStart[na]; t < mdp.transStart[na + 1]; t++)
        cont += mdp.transProb[t] * V[mdp.transChild[t]];
      q += mdp.gamma * cont;
      Q[na] = q;
      v += pi[na] * q;
    }
    V[node] = v;
  }
  return { Q, V };
}

/** The optimal values (backward induction with max) and the first maximiser per node. */
export function solveMdp(mdp: FiniteMdp): { V: Float64Array; best: Int32Array } {
  const A = mdp.actions;
  const V = new Float64Array(mdp.nodes);
  const best = new Int32Array(mdp.nodes);
  for (let node = mdp.nodes - 1; node >= 0; node--) {
    let top = -Infinity;
    for (let a = 0; a < A; a++) {
      const na = node * A + a;
      let cont = 0;
      for (let t = mdp.transStart[na]; t < mdp.transStart[na + 1]; t++)
        cont += mdp.transProb[t] * V[mdp.transChild[t]];
      const q = mdp.reward[na] + mdp.gamma * cont;
      if (q > top + 1e-12) {
        top = q;
        best[node] = a;
      }
    }
    V[node] = top;
  }
  return { V, best };
}

/** Σ_k P(k)·V(root_k): the ex-ante value of a value vector. */
export function rootValue(mdp: FiniteMdp, V: Float64Array): number {
  let s = 0;
  for (let k = 0; k < mdp.roots.length; k++) s += mdp.rootProb[k] * V[mdp.roots[k]];
  return s;
}

/** The truthful policy (one-hot on `truth`). */
export function truthfulPolicy(mdp: FiniteMdp): Float64Array {
  const pi = new Float64Array(mdp.nodes * mdp.actions);
  for (let node = 0; node < mdp.nodes; node++) pi[node * mdp.actions + mdp.truth[node]] = 1;
  return pi;
}

/**
 * Discounted reach of every node under pi from the roots weighted by `rootWeight` (default
 * rootProb): μ(child) += μ(node)·π(a|node)·γ·P(child | node, a). The gradient of the ex-ante
 * value with respect to a node's rewards is μ(node)·π(a|node).
 */
export function occupancy(mdp: FiniteMdp, pi: Float64Array, rootWeight?: ArrayLike<number>) {
  const A = mdp.actions;
  const mu = new Float64Array(mdp.nodes);
  const w = rootWeight ?? mdp.rootProb;
  for (let k = 0; k < mdp.roots.length; k++) mu[mdp.roots[k]] += w[k];
  for (let node = 0; node < mdp.nodes; node++) {
    if (mu[node] === 0) continue;
    for (let a = 0; a < A; a++) {
      const na = node * A + a;
      const m = mu[node] * pi[na] * mdp.gamma;
      if (m === 0) continue;
      for (let t = mdp.transStart[na]; t < mdp.transStart[na + 1]; t++)
        mu[mdp.transChild[t]] += m * mdp.transProb[t];
    }
  }
  return mu;
}
