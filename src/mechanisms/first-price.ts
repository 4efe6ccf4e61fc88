// First-price auction per good and per period: the highest report at or above the reserve
// wins (ties split equally) and pays its report × its allocation.
import { formatName, type ParamSpecs } from "../core/spec.js";
import type { MechanismFactory } from "./types.js";
import { perGoodMechanism, winnersAbove } from "./static-auction.js";

export const firstPriceParams: ParamSpecs = {
  reserve: { type: "number", default: 0, min: 0, doc: "reserve price r (no sale below it)" },
};

export const firstPrice: MechanismFactory = (problem, params) => {
  const reserve = params.reserve as number;
  const n = problem.agents;
  return perGoodMechanism(
    problem,
    formatName("first-price", params),
    params,
    (bids, alloc, pay) => {
      const w = winnersAbove(bids, reserve);
      if (w.length === 0) {
        alloc[n] = 1;
        return;
      }
      for (const i of w) {
        alloc[i] = 1 / w.length;
        pay[i] = bids[i] / w.length;
      }
    },
  );
};
