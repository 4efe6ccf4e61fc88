// Second-price auction with a reserve, per good and per period: the highest report at or
// above the reserve wins (ties split equally); the price is the larger of the reserve and the
// highest other report; a winner pays price × its allocation.
import { formatName, type ParamSpecs } from "../core/spec.js";
import type { MechanismFactory } from "./types.js";
import { perGoodMechanism, splitAmong, winnersAbove } from "./static-auction.js";

export const secondPriceParams: ParamSpecs = {
  reserve: { type: "number", default: 0, min: 0, doc: "reserve price r (no sale below it)" },
};

export const secondPrice: MechanismFactory = (problem, params) => {
  const reserve = params.reserve as number;
  const n = problem.agents;
  const name = formatName("second-price", params);
  return perGoodMechanism(problem, name, params, (bids, alloc, pay) =>
    splitAmong(winnersAbove(bids, reserve), alloc, pay, (i) => {
      let other = reserve;
      for (let k = 0; k < n; k++) if (k !== i && bids[k] > other) other = bids[k];
      return other;
    }),
  );
};
