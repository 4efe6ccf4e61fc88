// How the PPO learner maps its Gaussian sample u ~ N(μ, σ²) to a bounded continuous action in
// [0, 1] (for SPMs: a price). The log-likelihood is always that of the unclipped Gaussian u,
// so the PPO loss does not depend on the choice; only the action the environment sees does.
//
// - "clipped-gaussian": a = clip(u, 0, 1), as Stable Baselines' PPO does with a Box action
//   space (the policy is a diagonal Gaussian; actions are clipped to the bounds when stepping
//   the environment, the log-probability is the unclipped sample's). Clipping puts positive
//   probability exactly on 0 (give the item away) and on 1 (a skip: no value exceeds 1), which
//   Brero et al. 2021's optimal SPMs use (kitchen-sink probes agent 1 at a price below its value 0.002;
//   max-min skips agents and gives items away). The deterministic action is clip(μ, 0, 1).
// - "logit-normal": a = sigmoid(u); never exactly 0 or 1 (prices below 0.002 need u < −6.2).
export const ACTION_DISTS = ["clipped-gaussian", "logit-normal"] as const;
export type ActionDist = (typeof ACTION_DISTS)[number];

export function toAction(dist: ActionDist, u: number): number {
  if (dist === "logit-normal") return 1 / (1 + Math.exp(-u));
  return u <= 0 ? 0 : u >= 1 ? 1 : u;
}

/**
 * Initial mean bias of the price head (the head's weights start near 0, so μ ≈ this): 0.5 for
 * the clipped Gaussian, i.e. prices start centred in [0, 1]; 0 (sigmoid(0) = ½) for the
 * logit-normal.
 */
export function initialMean(dist: ActionDist): number {
  return dist === "clipped-gaussian" ? 0.5 : 0;
}

/** Default initial log σ: σ = 0.5 in price units for the clipped Gaussian, σ = 1 in logit space. */
export function defaultInitLogStd(dist: ActionDist): number {
  return dist === "clipped-gaussian" ? Math.log(0.5) : 0;
}
