// Comparator: single-sample dynamic exponential pricing in the style of Ghuge–Singla–Wang
// (GSW25, their pricing rule λ_{t,j} = λ_init · exp(δ (used_j − planned_j(t)))), as
// reconstructed here from their abstract and that rule (parameters are ours): one sample per
// agent; the LP relaxation of that sampled instance with supplies (1 − ε)B gives a plan
// (each agent's planned consumption) and duals λ̂. Knowing the arrival order, the t-th
// arrival faces λ_{t,j} = λ_init,j · exp(δ_j (used_j − planned_j(t))), where planned_j(t) sums
// the plan of the agents before it, δ_j = rate / (ε B_j) (prices change e-fold when the use
// runs ahead of the plan by ε B_j / rate), and λ_init,j = max(λ̂_j, ε Ô / (m B_j)) with Ô the
// sampled LP value (so that an unpriced resource can still rise). Agent-specific prices.
import type { Entry } from "../../core/registry.js";
import { solveRequestLp } from "../request-lp.js";
import type { PricingAlgorithm } from "./types.js";

export const exponentialPricing: Entry<PricingAlgorithm> = {
  name: "exponential-pricing",
  summary: "dynamic exponential prices from one sample per agent (GSW25-style; knows the order)",
  params: {
    epsilon: {
      type: "number",
      default: 0.1,
      min: 0,
      minExclusive: true,
      max: 1,
      maxExclusive: true,
      doc: "supplies scaled by 1 − ε; δ = rate/(ε B)",
    },
    rate: {
      type: "number",
      default: 1,
      min: 0,
      minExclusive: true,
      max: 100,
      doc: "e-folds per ε B of overuse",
    },
  },
  create: (p) => ({
    access: "samples",
    async learn(info, access) {
      const m = info.supplies.length;
      const eps = p.epsilon as number;
      const items = Array.from({ length: info.agents }, (_, i) => ({
        weight: 1,
        request: access.sample(i),
      }));
      const b = info.supplies.map((B) => (1 - eps) * B);
      const sol = await solveRequestLp(items, b, { field: "exponential-pricing" });
      const init = Float64Array.from(info.supplies, (B, j) =>
        B > 0 ? Math.max(sol.prices[j], (eps * sol.value) / (m * B)) : 0,
      );
      const delta = Float64Array.from(info.supplies, (B) =>
        B > 0 ? (p.rate as number) / (eps * B) : 0,
      );
      let planned = new Float64Array(0);
      const out = new Float64Array(m);
      return {
        anonymous: false,
        begin(order) {
          planned = new Float64Array((order.length + 1) * m);
          for (let t = 0; t < order.length; t++)
            for (let j = 0; j < m; j++)
              planned[(t + 1) * m + j] = planned[t * m + j] + sol.use[order[t] * m + j];
        },
        prices(t, _i, used) {
          for (let j = 0; j < m; j++)
            out[j] = init[j] * Math.exp(Math.min(700, delta[j] * (used[j] - planned[t * m + j])));
          return out;
        },
      };
    },
  }),
};
