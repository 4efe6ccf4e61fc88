// An agent's dominant strategy in an SPM: take a utility-maximising bundle at the posted
// prices (Brero et al. 2021, "Sequential Price Mechanisms"). For valuations that are unit demand within
// a group and additive across groups, utility separates across groups, so the best bundle is
// the best single item of each group (or none of it).
//
// Tie rule (stated once, tested): within a group the agent takes the available item with the
// largest utility v_j − p_j, the lowest index among equals, and only if that utility is
// strictly positive — an agent indifferent between buying and not buying does not buy. So a
// price equal to the agent's value is a refusal, and a price of 1 (the largest normalised
// value) is a "skip".

/**
 * Writes the chosen item per group into `pick` (−1 = none) and returns the number of items
 * taken. `values` and `prices` are the agent's row (length m); `available[j]` is 1 if item j is
 * still unsold.
 */
export function chooseBundle(
  values: ArrayLike<number>,
  prices: ArrayLike<number>,
  available: ArrayLike<number>,
  group: Int32Array,
  pick: Int32Array,
): number {
  pick.fill(-1);
  for (let j = 0; j < group.length; j++) {
    if (!available[j]) continue;
    const u = values[j] - prices[j];
    if (u <= 0) continue;
    const g = group[j];
    const k = pick[g];
    if (k < 0 || u > values[k] - prices[k]) pick[g] = j;
  }
  let count = 0;
  for (let g = 0; g < pick.length; g++) if (pick[g] >= 0) count++;
  return count;
}
