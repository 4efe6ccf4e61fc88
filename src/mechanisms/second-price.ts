// Second-price auction with a reserve, per good and per period: the highest report at or
// above the reserve wins (ties split equally); the price is the larger of the reserve and the
// highest other report; a winner pays price × its allocation.
import type { ParamSpecs } from "../core/spec.js";
import type { MechanismFactory } from "./types.js";
import { perGoodMechanism, winnersAbove } from "./static-auction.js";
import { formatName } from "../core/spec.js";

export const secondPriceParams: ParamSpecs = {
  reserve: { type: "number", default: 0, min: 0, doc: "reserve price r (no sale below it)" },
};

export const secondPrice: MechanismFactory = (problem, params) => {
  const reserve = params.reserve as number;
  const n = problem.agents;
  return perGoodMechanism(
    problem,
    formatName("second-price", params),
    params,
    (bids, alloc, pay) => {
      const w = winnersAbove(bids, reserve);
      if (w.length === 0) {
        alloc[n] = 1;
        return;
      }
      for (const i of w) {
        let other = reserve;
        for (let k = 0; k < n; k++) if (k !== i && bids[k] > other) other = bids[k];
        alloc[i] = 1 / w.length;
        pay[i] = other / w.length;
      }
    },
  );
};
