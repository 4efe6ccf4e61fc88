// Every reproduction by name. A family of reproductions adds one spread line here.
import { unknownName } from "../core/suggest.js";
import { amaReproductions } from "../ama/reproductions.js";
import { spmReproductions } from "../spm/reproductions.js";
import { inverseGameReproductions } from "./inverse-game-table-1.js";
import { clockReproductions } from "../clock/reproductions.js";
import { pricingReproductions } from "../pricing/reproductions.js";
import type { Reproduction } from "./reproduction.js";

export const reproductions: Reproduction[] = [
  ...amaReproductions,
  ...spmReproductions,
  ...inverseGameReproductions,
  ...clockReproductions,
  ...pricingReproductions,
];

export function findReproduction(name: string, field = "name"): Reproduction {
  const r = reproductions.find((x) => x.name === name);
  if (!r) {
    throw unknownName(
      field,
      "reproduction",
      name,
      reproductions.map((x) => x.name),
    );
  }
  return r;
}
