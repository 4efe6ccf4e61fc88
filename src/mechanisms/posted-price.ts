// Posted price per good and per period: every report at or above the price is a taker; the
// good is split equally among the takers (a uniformly chosen one gets it), who pay the price
// × their allocation.
import { formatName, type ParamSpecs } from "../core/spec.js";
import type { MechanismFactory } from "./types.js";
import { perGoodMechanism, splitAmong } from "./static-auction.js";

export const postedPriceParams: ParamSpecs = {
  price: { type: "number", default: 2, min: 0, doc: "posted price" },
};

export const postedPrice: MechanismFactory = (problem, params) => {
  const price = params.price as number;
  return perGoodMechanism(
    problem,
    formatName("posted-price", params),
    params,
    (bids, alloc, pay) => {
      const takers: number[] = [];
      for (let i = 0; i < bids.length; i++) if (bids[i] >= price - 1e-12) takers.push(i);
      splitAmong(takers, alloc, pay, () => price);
    },
  );
};
