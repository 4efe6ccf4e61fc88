// How an agent facing item prices λ chooses (the one rule used in learning, in pricing
// queries and in deployment): among the options that still fit the remaining supply, the one
// of largest utility v − λ·a; the null option (utility 0) wins ties, so an agent buys only at
// strictly positive utility; among tied options the lowest index wins. Utilities within
// TIE_TOLERANCE (relative to the value) count as equal, so that prices from an LP solver that
// differ from a value by rounding still produce the tie they stand for.
import type { Request } from "./model.js";

export const TIE_TOLERANCE = 1e-9;

/** Index of the chosen option, or −1 for the null option. `remaining` may be omitted (no limit). */
export function chooseOption(
  request: Request,
  prices: ArrayLike<number>,
  remaining?: ArrayLike<number>,
): number {
  let best = -1;
  let bestU = 0;
  const opts = request.options;
  for (let k = 0; k < opts.length; k++) {
    const a = opts[k].consumption;
    let cost = 0;
    let fits = true;
    for (let j = 0; j < a.length; j++) {
      cost += prices[j] * a[j];
      if (remaining && a[j] > remaining[j] + 1e-12) fits = false;
    }
    if (!fits) continue;
    const u = opts[k].value - cost;
    if (u > bestU + TIE_TOLERANCE * (1 + Math.abs(opts[k].value))) {
      best = k;
      bestU = u;
    }
  }
  return best;
}

/** Price paid for an option: λ·a. */
export function payment(prices: ArrayLike<number>, a: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += prices[j] * a[j];
  return s;
}
