// Generalized advantage estimation (Schulman et al. 2016, eq. 16) for fixed-horizon batched
// rollouts: δ_t = r_t + γ V(s_{t+1}) − V(s_t) (V = 0 after the last round),
// Â_t = Σ_l (γλ)^l δ_{t+l}; returns R_t = Â_t + V(s_t) are the value targets.
// Arrays are T × B, row t = round t.
export function gae(
  rewards: Float64Array,
  values: Float64Array,
  T: number,
  B: number,
  gamma: number,
  lambda: number,
): { advantages: Float64Array; returns: Float64Array } {
  const advantages = new Float64Array(T * B);
  const returns = new Float64Array(T * B);
  for (let b = 0; b < B; b++) {
    let next = 0;
    let acc = 0;
    for (let t = T - 1; t >= 0; t--) {
      const k = t * B + b;
      const delta = rewards[k] + gamma * next - values[k];
      acc = delta + gamma * lambda * acc;
      advantages[k] = acc;
      returns[k] = acc + values[k];
      next = values[k];
    }
  }
  return { advantages, returns };
}
