// A pricing algorithm learns a price policy through exactly one access model, declared by its
// type: samples (full requests), pricing queries (consumption only) or nothing.
import type { ParamSpec } from "../../core/spec.js";
import type { Rng } from "../../engine/rng.js";
import type { PublicInfo, QueryAccess, SampleAccess } from "../access.js";
import type { PricePolicy } from "../deploy.js";

export type PricingAlgorithm =
  | {
      access: "samples";
      learn(info: PublicInfo, samples: SampleAccess, rng: Rng): Promise<PricePolicy>;
    }
  | {
      access: "queries";
      learn(info: PublicInfo, queries: QueryAccess, rng: Rng): Promise<PricePolicy>;
    }
  | { access: "none"; learn(info: PublicInfo): Promise<PricePolicy> };

/** One price vector posted to every agent. */
export function postedPrices(prices: Float64Array): PricePolicy {
  return { anonymous: true, prices: () => prices };
}

/** The supply margin ε of the learned algorithms: they plan for (1 − ε)·B. */
export const epsilonParam: ParamSpec = {
  type: "number",
  default: 0.05,
  min: 0,
  max: 1,
  maxExclusive: true,
  doc: "supplies scaled by 1 − ε",
};
