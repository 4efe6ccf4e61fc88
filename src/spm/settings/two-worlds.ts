// two-worlds (the extended version of Brero et al. 2021, listed in docs/spm.md): 10 agents, 1 item; with probability ½ all values are
// i.i.d. uniform on {0.6, 1}, otherwise on {0.1, 0.4}. The optimal SPM needs personalized
// static prices (e.g. 0.9 for agents 1–5, 0.2 for 6–10).
import type { Entry } from "../../core/registry.js";
import { discreteSampler, uniformOver, type DiscreteModel } from "../discrete-model.js";
import type { SpmSetting } from "../types.js";

export function twoWorlds(n = 10): SpmSetting {
  const world = (lo: number, hi: number) => ({
    prob: 0.5,
    agents: Array.from({ length: n }, () => uniformOver([[lo], [hi]])),
  });
  const discrete: DiscreteModel = { worlds: [world(0.6, 1), world(0.1, 0.4)] };
  return {
    name: n === 10 ? "two-worlds" : `two-worlds(agents=${n})`,
    n,
    m: 1,
    group: new Int32Array(1),
    objective: "welfare",
    discrete,
    sample: discreteSampler(discrete, 1),
    note: "personalized static prices",
  };
}

export const twoWorldsEntry: Entry<SpmSetting> = {
  name: "two-worlds",
  summary: "10 agents, 1 item, values i.i.d. on {0.6,1} or on {0.1,0.4} (one world each)",
  params: {
    agents: { type: "number", default: 10, min: 1, max: 64, integer: true, doc: "agents n" },
  },
  create: (p) => twoWorlds(p.agents as number),
};
