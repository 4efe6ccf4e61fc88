// The environment contract the PPO learner needs: B episodes in lock step, a fixed horizon
// (shapes stay fixed for jit), and per round one masked categorical choice plus a vector of
// bounded continuous actions in [0, 1]. The actor and critic may see different observations:
// the critic is only a baseline, so it may see more of the public state than the policy
// (e.g. the full history while the policy sees a restricted statistic) without changing the
// class of policies learned.
export interface BatchedEnv {
  readonly batch: number;
  readonly horizon: number;
  readonly obsDim: number;
  readonly criticDim: number;
  /** Size of the categorical choice. */
  readonly nChoices: number;
  /** Number of continuous actions, each in [0, 1]. */
  readonly nContinuous: number;
  /** Start B episodes from a seed. */
  reset(seed: number): void;
  /**
   * Fill the current observations (B × obsDim, B × criticDim), the legal choices (B × nChoices,
   * 1 = legal) and which continuous actions matter (B × nContinuous, 1 = matters).
   */
  observe(obs: Float32Array, critic: Float32Array, legal: Uint8Array, active: Uint8Array): void;
  /** One round; rewards per episode; `done` after `horizon` rounds. */
  step(choice: Int32Array, continuous: Float64Array): { reward: Float64Array; done: boolean };
}
