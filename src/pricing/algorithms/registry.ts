// Every pricing algorithm by name. Add one: a file in this folder plus one line here.
import { Registry } from "../../core/registry.js";
import { anonymousRandom } from "./anonymous-random.js";
import { dualPrices } from "./dual-prices.js";
import { exponentialPricing } from "./exponential-pricing.js";
import { firstComeFirstServed } from "./first-come-first-served.js";
import { fixedPrice } from "./fixed-price.js";
import type { PricingAlgorithm } from "./types.js";

export const pricingAlgorithms = new Registry<PricingAlgorithm>("pricing algorithm")
  .add(dualPrices)
  .add(anonymousRandom)
  .add(exponentialPricing)
  .add(fixedPrice)
  .add(firstComeFirstServed);
