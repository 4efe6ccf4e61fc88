// Baseline: price zero, so every agent takes its most valuable option that still fits.
import type { Entry } from "../../core/registry.js";
import { postedPrices, type PricingAlgorithm } from "./types.js";

export const firstComeFirstServed: Entry<PricingAlgorithm> = {
  name: "first-come-first-served",
  summary: "no prices: each agent takes its most valuable option that still fits",
  params: {},
  create: () => ({
    access: "none",
    learn: (info) => Promise.resolve(postedPrices(new Float64Array(info.supplies.length))),
  }),
};
