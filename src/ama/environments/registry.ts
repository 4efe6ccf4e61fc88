// Every AMA environment by name. Add one: a file in this folder plus one line here.
import { Registry } from "../../core/registry.js";
import type { AmaEnvironment } from "../environment.js";
import { gridworld, gridworldParams } from "./gridworld.js";
import { scheduling, schedulingParams } from "./scheduling.js";
import { sequentialSales, sequentialSalesParams } from "./sequential-sales.js";

export const amaEnvironments = new Registry<AmaEnvironment>("AMA environment")
  .add({
    name: "sequential-sales",
    summary:
      "m identical items sold one per round to n unit-demand bidders (Curry et al. 2024 Tables 1–2)",
    params: sequentialSalesParams,
    create: sequentialSales,
  })
  .add({
    name: "scheduling",
    summary:
      "m tasks assigned one per round to n workers, minimize makespan (Curry et al. 2024 Tables 3–4)",
    params: schedulingParams,
    create: scheduling,
  })
  .add({
    name: "gridworld",
    summary: "N×N wrap-around grid, agents value cells, discounted (Curry et al. 2024 Table 5)",
    params: gridworldParams,
    create: gridworld,
  });

export function buildAmaEnvironment(text: string, field = "--env"): AmaEnvironment {
  return amaEnvironments.build(text, field).value;
}
