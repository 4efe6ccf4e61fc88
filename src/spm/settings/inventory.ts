// inventory (the extended version of Brero et al. 2021, listed in docs/spm.md): 20 agents, 10 identical items, values i.i.d. uniform on
// {½, 1}. The optimal SPM adapts prices: a price in (½, 1) until the remaining items equal
// the remaining agents, then below ½.
import type { Entry } from "../../core/registry.js";
import { discreteSampler, row, uniformOver, type DiscreteModel } from "../discrete-model.js";
import type { SpmSetting } from "../types.js";

export function inventory(n = 20, m = 10): SpmSetting {
  const discrete: DiscreteModel = {
    worlds: [
      { prob: 1, agents: Array.from({ length: n }, () => uniformOver([row(0.5, m), row(1, m)])) },
    ],
  };
  return {
    name: n === 20 && m === 10 ? "inventory" : `inventory(agents=${n},items=${m})`,
    n,
    m,
    group: new Int32Array(m),
    objective: "welfare",
    discrete,
    sample: discreteSampler(discrete, m),
    note: "adaptive prices",
  };
}

export const inventoryEntry: Entry<SpmSetting> = {
  name: "inventory",
  summary: "20 agents, 10 identical items, values i.i.d. on {1/2, 1}",
  params: {
    agents: { type: "number", default: 20, min: 1, max: 64, integer: true, doc: "agents n" },
    items: {
      type: "number",
      default: 10,
      min: 1,
      max: 64,
      integer: true,
      doc: "identical items m",
    },
  },
  create: (p) => inventory(p.agents as number, p.items as number),
};
