// Instance generators by name (`mechlab pricing --instance cloud(scale=20)`). Add one: a file
// in this folder plus one line here.
import { Registry } from "../../core/registry.js";
import type { PricingInstance } from "../model.js";
import { ads } from "./ads.js";
import { cloud } from "./cloud.js";
import { tie, tiny } from "./small.js";

export const pricingInstances = new Registry<PricingInstance>("pricing instance")
  .add(cloud)
  .add(ads)
  .add(tiny)
  .add(tie);
