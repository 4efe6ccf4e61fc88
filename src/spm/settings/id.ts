// id (the extended version of Brero et al. 2021, listed in docs/spm.md): 6 agents, 2 identical items, raw values divided by 60. Agents
// 1–3 i.i.d. uniform on {0, 60}; if exactly one agent k ∈ {1,2,3} has 60, agent k+3 is
// uniform on {0, 40} and the other two of agents 4–6 uniform on {0, 21}; otherwise agents
// 4–6 value 0. The policy must see *who* bought, not only how many items are left.
// As a finite model: one world per configuration of agents 1–3 (probability 1/8 each).
import type { Entry } from "../../core/registry.js";
import {
  discreteSampler,
  row,
  uniformOver,
  type DiscreteModel,
  type World,
} from "../discrete-model.js";
import type { SpmSetting } from "../types.js";

export function idSetting(): SpmSetting {
  const m = 2;
  const worlds: World[] = [];
  for (let c = 0; c < 8; c++) {
    const high = [0, 1, 2].map((k) => (c >> k) & 1);
    const count = high[0] + high[1] + high[2];
    const agents = high.map((h) => [{ values: row(h, m), prob: 1 }]);
    for (let k = 0; k < 3; k++) {
      if (count !== 1) agents.push([{ values: row(0, m), prob: 1 }]);
      else agents.push(uniformOver([row(0, m), row(high[k] ? 40 / 60 : 21 / 60, m)]));
    }
    worlds.push({ prob: 1 / 8, agents });
  }
  const discrete: DiscreteModel = { worlds };
  return {
    name: "id",
    n: 6,
    m,
    group: new Int32Array(m),
    objective: "welfare",
    discrete,
    sample: discreteSampler(discrete, m),
    note: "needs to know who bought (allocation), not only items/agents left",
  };
}

export const idEntry: Entry<SpmSetting> = {
  name: "id",
  summary: "6 agents, 2 identical items; who bought matters",
  params: {},
  create: () => idSetting(),
};
