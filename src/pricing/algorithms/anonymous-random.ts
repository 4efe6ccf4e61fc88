// Randomized anonymous pricing learned from pricing queries only (the abstract's second
// result; reconstruction): stochastic subgradient descent on the dual g(λ) of the ex-ante LP
// with supplies b = (1 − ε)B. At λ_t a batch of agents is queried; d_t = (n / batch) × their
// chosen consumption is an unbiased estimate of the expected demand, so b − d_t is a
// subgradient of g. Update λ_{t+1} = max(0, λ_t + η (d_t − b) ⊘ b), λ_1 = 0, constant step
// η = step × P. Values are never seen, so the price scale P is found by queries: the
// smallest power of two p at which a batch queried at λ = p·1 demands nothing. Every agent
// then faces an iterate drawn uniformly from those after burn-in: one fixed distribution,
// the same for all agents (anonymous). Averaged iterates balance demand and supply on
// average even when requests tie at the dual prices, where one deterministic price cannot.
import type { Entry } from "../../core/registry.js";
import type { PublicInfo, QueryAccess } from "../access.js";
import type { Rng } from "../../engine/rng.js";
import { epsilonParam, type PricingAlgorithm } from "./types.js";

/** Demand estimate at λ from `batch` uniformly drawn agents (with replacement). */
function demand(info: PublicInfo, q: QueryAccess, lambda: Float64Array, batch: number, rng: Rng) {
  const d = new Float64Array(lambda.length);
  for (let s = 0; s < batch; s++) {
    const a = q.query(rng.int(info.agents), lambda);
    for (let j = 0; j < d.length; j++) d[j] += a[j];
  }
  for (let j = 0; j < d.length; j++) d[j] *= info.agents / batch;
  return d;
}

/** Smallest power of two p (from 2^−20 to 2^40) with zero demand at p·1 on a batch. */
function priceScale(info: PublicInfo, q: QueryAccess, batch: number, rng: Rng): number {
  const m = info.supplies.length;
  const positive = (p: number) =>
    demand(info, q, new Float64Array(m).fill(p), batch, rng).some((x) => x > 0);
  let p = 1;
  if (positive(p)) {
    while (p < 2 ** 40 && positive(p)) p *= 2;
  } else {
    while (p > 2 ** -20 && !positive(p / 2)) p /= 2;
  }
  return p;
}

export const anonymousRandom: Entry<PricingAlgorithm> = {
  name: "anonymous-random",
  summary: "anonymous price distribution: subgradient iterates on the LP dual (pricing queries)",
  params: {
    queries: {
      type: "number",
      default: 50_000,
      min: 100,
      max: 1e9,
      integer: true,
      doc: "pricing queries in total",
    },
    epsilon: epsilonParam,
    step: {
      type: "number",
      default: 0.02,
      min: 0,
      minExclusive: true,
      max: 10,
      doc: "step η as a fraction of the price scale",
    },
    burnin: {
      type: "number",
      default: 0.5,
      min: 0,
      max: 1,
      maxExclusive: true,
      doc: "fraction of iterates discarded",
    },
    batch: {
      type: "number",
      default: 50,
      min: 1,
      max: 1e6,
      integer: true,
      doc: "agents queried per iterate",
    },
  },
  create: (p) => ({
    access: "queries",
    async learn(info, q, rng) {
      const m = info.supplies.length;
      const batch = p.batch as number;
      const b = info.supplies.map((B) => (1 - (p.epsilon as number)) * B);
      const scale = priceScale(info, q, batch, rng);
      const eta = (p.step as number) * scale;
      const T = Math.max(1, Math.floor(((p.queries as number) - q.queries) / batch));
      const keepFrom = Math.floor(T * (p.burnin as number));
      const iterates = new Float64Array((T - keepFrom) * m);
      const lambda = new Float64Array(m);
      for (let t = 0; t < T; t++) {
        if (t >= keepFrom) iterates.set(lambda, (t - keepFrom) * m);
        const d = demand(info, q, lambda, batch, rng);
        for (let j = 0; j < m; j++) {
          // A resource with no supply is priced out at once (any demand overuses it).
          const g = b[j] > 0 ? (d[j] - b[j]) / b[j] : d[j] > 0 ? 1 : -1;
          lambda[j] = Math.max(0, lambda[j] + eta * g);
        }
      }
      const K = T - keepFrom;
      return {
        anonymous: true,
        prices: (_t, _i, _used, r) => {
          const k = r.int(K);
          return iterates.subarray(k * m, (k + 1) * m);
        },
      };
    },
  }),
};
