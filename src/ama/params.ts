// Parameters of a dynamic affine maximizer (Curry et al. 2024 Def. 3.1): weights w ∈ R^n_+ and boosts
// b ∈ R^{|S|×|A|}. Weights are stored as logs, w = exp(ω), so every parameter vector a
// designer can produce is a valid AMA (w > 0 by construction). VCG is ω = 0, b = 0.
import type { AmaEnvironment } from "./environment.js";

export interface AmaParams {
  /** ω with w_i = exp(ω_i), length n. */
  logWeights: Float64Array;
  /** b(s, a) at index s·|A| + a. */
  boosts: Float64Array;
}

export function vcgParams(env: AmaEnvironment): AmaParams {
  return {
    logWeights: new Float64Array(env.nAgents),
    boosts: new Float64Array(env.mdp.nStates * env.mdp.nActions),
  };
}

export function weightsOf(p: AmaParams): Float64Array {
  return p.logWeights.map(Math.exp);
}

/** Number of free parameters a designer moves: boosts, plus log-weights when trained. */
export function paramDim(env: AmaEnvironment): number {
  return env.mdp.nStates * env.mdp.nActions + (env.trainWeights ? env.nAgents : 0);
}

/** Flat vector θ = [b, ω (if trained)] ↔ AmaParams. */
export function fromVector(env: AmaEnvironment, theta: ArrayLike<number>): AmaParams {
  const nb = env.mdp.nStates * env.mdp.nActions;
  const p = vcgParams(env);
  for (let k = 0; k < nb; k++) p.boosts[k] = theta[k];
  if (env.trainWeights) for (let i = 0; i < env.nAgents; i++) p.logWeights[i] = theta[nb + i];
  return p;
}

export function toVector(env: AmaEnvironment, p: AmaParams): Float64Array {
  const nb = env.mdp.nStates * env.mdp.nActions;
  const theta = new Float64Array(paramDim(env));
  theta.set(p.boosts);
  if (env.trainWeights) theta.set(p.logWeights, nb);
  return theta;
}

export function paramsToJson(p: AmaParams): { weights: number[]; boosts: number[] } {
  return { weights: Array.from(weightsOf(p)), boosts: Array.from(p.boosts) };
}
