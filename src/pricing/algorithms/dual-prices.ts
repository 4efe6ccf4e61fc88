// Dual pricing learned from samples (the abstract's first result; reconstruction): draw
// `samples` requests of every agent, solve the empirical ex-ante LP with supplies (1 − ε)B
// (request-lp.ts), post its supply duals λ to every agent. Identical sampled requests (same
// support point) are merged into one weighted LP row, which changes nothing but the size.
import type { Entry } from "../../core/registry.js";
import type { Request } from "../model.js";
import { solveRequestLp } from "../request-lp.js";
import { epsilonParam, postedPrices, type PricingAlgorithm } from "./types.js";

export const dualPrices: Entry<PricingAlgorithm> = {
  name: "dual-prices",
  summary: "one anonymous price vector: duals of the empirical ex-ante LP (sample access)",
  params: {
    samples: {
      type: "number",
      default: 20,
      min: 1,
      max: 100_000,
      integer: true,
      doc: "samples per agent",
    },
    epsilon: epsilonParam,
  },
  create: (p) => ({
    access: "samples",
    async learn(info, access) {
      const S = p.samples as number;
      const weights = new Map<Request, number>();
      for (let i = 0; i < info.agents; i++)
        for (let s = 0; s < S; s++) {
          const r = access.sample(i);
          weights.set(r, (weights.get(r) ?? 0) + 1 / S);
        }
      const items = [...weights].map(([request, weight]) => ({ weight, request }));
      const b = info.supplies.map((B) => (1 - (p.epsilon as number)) * B);
      const sol = await solveRequestLp(items, b, { field: "dual-prices(samples)" });
      return postedPrices(sol.prices);
    },
  }),
};
