// additive (the extended version of Brero et al. 2021, listed in docs/spm.md; Brero et al. 2021 Part 3): 10 agents; 2 units of item A and 4 of
// item B; valuations additive across the two types and unit demand within a type; each type's
// values follow correlated(0.5) (an independent common shock z per type).
import type { Entry } from "../../core/registry.js";
import type { Rng } from "../../engine/rng.js";
import type { SpmSetting } from "../types.js";

export function additive(n = 10, unitsA = 2, unitsB = 4, delta = 0.5): SpmSetting {
  const m = unitsA + unitsB;
  const group = Int32Array.from({ length: m }, (_, j) => (j < unitsA ? 0 : 1));
  const half = (1 - delta) / 2;
  return {
    name: "additive",
    n,
    m,
    group,
    // The units of a type are identical (one value per agent and type): one class per type.
    itemClass: group.slice(),
    objective: "welfare",
    note: "price history speeds learning",
    sample(rng: Rng, out: Float64Array) {
      for (let g = 0; g < 2; g++) {
        const z = rng.uniformIn(half, 1 - half);
        for (let i = 0; i < n; i++) {
          const v = rng.uniformIn(z - half, z + half);
          for (let j = 0; j < m; j++) if (group[j] === g) out[i * m + j] = v;
        }
      }
    },
  };
}

export const additiveEntry: Entry<SpmSetting> = {
  name: "additive",
  summary: "10 agents; 2 units of A, 4 of B; additive across types, correlated(0.5) values",
  params: {},
  create: () => additive(),
};
