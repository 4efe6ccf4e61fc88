// Baseline: one uniform price per unit on every resource. price ≥ 0 posts it; price = −1
// (default) learns it from samples: `samples` simulated runs (one request per agent, random
// order) for each of grid + 1 prices evenly spaced in [0, largest sampled value]; the price
// with the largest simulated welfare wins (ties: the lowest).
import type { Entry } from "../../core/registry.js";
import { Rng } from "../../engine/rng.js";
import { deploy } from "../deploy.js";
import { maxValue, type PricingInstance, type RealizedAgent } from "../model.js";
import { arrivalOrder } from "../orders.js";
import { postedPrices, type PricingAlgorithm } from "./types.js";

export const fixedPrice: Entry<PricingAlgorithm> = {
  name: "fixed-price",
  summary: "one uniform price per unit on every resource (given, or the best on samples)",
  params: {
    price: {
      type: "number",
      default: -1,
      min: -1,
      doc: "price per unit; −1 learns it from samples",
    },
    samples: {
      type: "number",
      default: 10,
      min: 1,
      max: 10_000,
      integer: true,
      doc: "simulated runs (one sample per agent each)",
    },
    grid: {
      type: "number",
      default: 24,
      min: 1,
      max: 1000,
      integer: true,
      doc: "candidate prices",
    },
  },
  create: (p) => ({
    access: "samples",
    async learn(info, access, rng) {
      const m = info.supplies.length;
      if ((p.price as number) >= 0)
        return postedPrices(new Float64Array(m).fill(p.price as number));
      const inst: PricingInstance = { name: "samples", supplies: info.supplies, classes: [] };
      const runs: RealizedAgent[][] = [];
      let top = 0;
      for (let s = 0; s < (p.samples as number); s++) {
        const run: RealizedAgent[] = [];
        for (let i = 0; i < info.agents; i++) {
          const request = access.sample(i);
          top = Math.max(top, maxValue(request));
          run.push({ cls: info.classOfAgent[i], point: -1, request });
        }
        runs.push(run);
      }
      let best = { price: 0, welfare: -Infinity };
      const G = p.grid as number;
      const seed = rng.nextU32() | 0; // the same orders for every candidate price
      for (let g = 0; g <= G; g++) {
        const price = (top * g) / G;
        const policy = postedPrices(new Float64Array(m).fill(price));
        let w = 0;
        const r = new Rng(seed);
        for (const run of runs)
          w += deploy(inst, run, arrivalOrder("random", run, r), policy, r).welfare;
        if (w > best.welfare + 1e-9) best = { price, welfare: w };
      }
      return postedPrices(new Float64Array(m).fill(best.price));
    },
  }),
};
