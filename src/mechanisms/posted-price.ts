// Posted price per good and per period: every report at or above the price is a taker; one
// taker, chosen uniformly, gets the good and pays the price (× its allocation probability).
import { formatName, type ParamSpecs } from "../core/spec.js";
import type { MechanismFactory } from "./types.js";
import { perGoodMechanism } from "./static-auction.js";

export const postedPriceParams: ParamSpecs = {
  price: { type: "number", default: 2, min: 0, doc: "posted price" },
};

export const postedPrice: MechanismFactory = (problem, params) => {
  const price = params.price as number;
  const n = problem.agents;
  return perGoodMechanism(
    problem,
    formatName("posted-price", params),
    params,
    (bids, alloc, pay) => {
      const takers: number[] = [];
      for (let i = 0; i < n; i++) if (bids[i] >= price - 1e-12) takers.push(i);
      if (takers.length === 0) {
        alloc[n] = 1;
        return;
      }
      for (const i of takers) {
        alloc[i] = 1 / takers.length;
        pay[i] = price / takers.length;
      }
    },
  );
};
