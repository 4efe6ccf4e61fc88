// What a designer needs from the world, independent of how expectations are computed:
// estimates of v(θ), U_i, h_ik and ψ_i(θ, w) at the current parameters, and the gradients of a
// loss built from them. `exact-oracle.ts` computes them exactly over enumerated trees (discrete
// problems); `sampled-oracle.ts` estimates them on sampled scenarios (continuous types).
import type { Tensor } from "../../engine/jax.js";
import type { Rng } from "../../engine/rng.js";
import type { ParamShape } from "../../mechanisms/neural/network.js";

export interface Estimates {
  revenue: number;
  /** Truthful expected utility of each agent (ex ante). */
  utility: number[];
  /** interim[i][k]: truthful utility of agent i given initial type k (interim IR terms). */
  interim: number[][];
  /** P(initial type k) of agent i, aligned with `interim`. */
  interimProb: number[][];
  /** ψ_i(θ, w): gain of agent i's deviation policy over truth (others truthful). */
  regret: number[];
  /** Whether the numbers are exact expectations (true) or sampled estimates. */
  exact: boolean;
  /** Sampled estimates: standard errors across scenarios of the revenue and of Σ_i ψ_i. */
  stderr?: { revenue: number; regret: number };
}

/** ∂loss/∂(estimate) for every estimate the loss reads. */
export interface LossCoefficients {
  revenue: number;
  utility: number[];
  interim: number[][];
  regret: number[];
}

export interface Gradients {
  /** ∂loss/∂θ for each mechanism parameter tensor (caller owns them). */
  theta: Tensor[];
  /** ∂ψ_i/∂w_i for each agent's policy tensors (ascent direction of the adversary). */
  w: Tensor[][];
  /** ∂ψ_i/∂a_i, the policy's truthful/deviation mixing weight. */
  a: number[];
}

export interface Oracle {
  readonly agents: number;
  /** How regrets are computed: exact full trees, exact one-shot trees, or sampled trees. */
  readonly mode: "full" | "one-shot" | "sampled";
  /**
   * "step": `Gradients.w` is already the adversary's whole step Δw (a natural-gradient step with
   * its own trust region), added as is; absent or "gradient": an ascent direction for Adam.
   */
  readonly adversaryUpdate?: "gradient" | "step";
  /** Shapes of one deviation policy's parameters, and a fresh (exactly truthful) policy. */
  policyShapes(): ParamShape[];
  initPolicy(rng: Rng): Float32Array[];
  /** Node counts of the truthful tree and one regret tree (and its mechanism rows). */
  sizes(): { truthful: number; regret: number; regretRows: number };
  /** Estimates at (θ, w); `grad` gets the loss coefficients and returns the gradients. */
  evaluate(
    theta: Tensor[],
    w: Tensor[][],
    a: number[],
  ): { est: Estimates; grad(coef: LossCoefficients): Gradients };
  /**
   * What the oracle carries from one call to the next (call counters, cached regrets), for
   * checkpoints: `loadState(saveState())` continues bit-identically. Absent: no such state.
   */
  saveState?(): unknown;
  loadState?(state: unknown): void;
  /** Free compiled functions and constant tensors. */
  dispose(): void;
}
