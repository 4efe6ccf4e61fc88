// Every problem mechlab knows, by name. Add a problem: one file plus one line here.
import { Registry } from "../core/registry.js";
import { BanditAuction, banditAuctionParams } from "./bandit-auction.js";
import type { DynamicProblem } from "./types.js";

export const problems = new Registry<DynamicProblem>("problem").add({
  name: "bandit-auction",
  summary:
    "n buyers, m goods per period, values evolve when consumed (Inverse Games App. D.2, Table 2)",
  params: banditAuctionParams,
  create: (p) => new BanditAuction(p),
});

export const DEFAULT_PROBLEM = "bandit-auction";

export function buildProblem(text: string, field = "--problem"): DynamicProblem {
  return problems.build(text, field).value;
}

/**
 * Whether `text` names the problem whose canonical name is `canonical`: old canonical names
 * (which listed parameters that do not apply) in saved files and checkpoints still match.
 */
export function namesProblem(text: unknown, canonical: string): boolean {
  if (typeof text !== "string") return false;
  try {
    return problems.canonical(text, "problem") === canonical;
  } catch {
    return false;
  }
}
