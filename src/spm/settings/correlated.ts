// correlated(δ) (Brero et al. 2021, Part 1; the extended version of Brero et al. 2021, listed in docs/spm.md): identical items, unit demand,
// z ~ U[(1−δ)/2, (1+δ)/2] and v_i ~ U[z − (1−δ)/2, z + (1−δ)/2] independently given z.
// δ = 0 gives i.i.d. U[0,1]; δ = 1 identical values z.
import type { Rng } from "../../engine/rng.js";
import type { Entry } from "../../core/registry.js";
import type { Objective, SpmSetting } from "../types.js";

export function correlated(
  delta: number,
  n: number,
  m: number,
  objective: Objective = "welfare",
): SpmSetting {
  const half = (1 - delta) / 2;
  return {
    name: `correlated(delta=${delta},agents=${n},items=${m})`,
    n,
    m,
    group: new Int32Array(m),
    // Identical items: one class.
    itemClass: new Int32Array(m),
    objective,
    note: "adaptivity helps more as δ grows",
    sample(rng: Rng, out: Float64Array) {
      const z = rng.uniformIn(half, 1 - half);
      for (let i = 0; i < n; i++) {
        const v = rng.uniformIn(z - half, z + half);
        for (let j = 0; j < m; j++) out[i * m + j] = v;
      }
    },
  };
}

export const correlatedEntry: Entry<SpmSetting> = {
  name: "correlated",
  summary: "n agents, m identical items, unit demand, values correlated through a common z",
  params: {
    delta: { type: "number", default: 0, min: 0, max: 1, doc: "correlation δ ∈ [0, 1]" },
    agents: { type: "number", default: 20, min: 1, max: 64, integer: true, doc: "agents n" },
    items: { type: "number", default: 5, min: 1, max: 64, integer: true, doc: "identical items m" },
  },
  create: (p) => correlated(p.delta as number, p.agents as number, p.items as number),
};

/** The revenue experiment of Brero et al. 2021 Part 3: correlated(0.5), 20 agents, 5 items, revenue. */
export const revenueEntry: Entry<SpmSetting> = {
  name: "revenue",
  summary: "correlated(δ=0.5), 20 agents, 5 items, objective revenue",
  params: {},
  create: () => ({ ...correlated(0.5, 20, 5, "revenue"), name: "revenue" }),
};
