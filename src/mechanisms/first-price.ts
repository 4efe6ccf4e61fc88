// First-price auction per good and per period: the highest report at or above the reserve
// wins (ties split equally) and pays its report × its allocation.
import { formatName, type ParamSpecs } from "../core/spec.js";
import type { MechanismFactory } from "./types.js";
import { perGoodMechanism, splitAmong, winnersAbove } from "./static-auction.js";

export const firstPriceParams: ParamSpecs = {
  reserve: { type: "number", default: 0, min: 0, doc: "reserve price r (no sale below it)" },
};

export const firstPrice: MechanismFactory = (problem, params) =>
  perGoodMechanism(problem, formatName("first-price", params), params, (bids, alloc, pay) =>
    splitAmong(winnersAbove(bids, params.reserve as number), alloc, pay, (i) => bids[i]),
  );
