// kitchen-sink (the extended version of Brero et al. 2021, listed in docs/spm.md): 3 agents, items A, B, C, unit demand, raw values
// divided by the largest (5). With probability ½: agent 1 values A at 0.01, agent 2 values C
// at 1, agent 3 values C at 5 (prob 0.2) or 0.5 (prob 0.8); otherwise agent 1 values B at
// 0.01, agent 3 values C at 0.499, agent 2 values C at 2 (prob 0.2) or 0 (prob 0.8). All
// other values 0. Agent 1's purchase reveals the world; the optimal SPM then adapts both
// the order (who sees C first) and the prices.
import type { Entry } from "../../core/registry.js";
import { discreteSampler, type DiscreteModel } from "../discrete-model.js";
import type { SpmSetting } from "../types.js";

const S = 5; // normalisation: largest raw value
const v = (a: number, b: number, c: number) => [a / S, b / S, c / S];

export function kitchenSink(): SpmSetting {
  const discrete: DiscreteModel = {
    worlds: [
      {
        prob: 0.5,
        agents: [
          [{ values: v(0.01, 0, 0), prob: 1 }],
          [{ values: v(0, 0, 1), prob: 1 }],
          [
            { values: v(0, 0, 5), prob: 0.2 },
            { values: v(0, 0, 0.5), prob: 0.8 },
          ],
        ],
      },
      {
        prob: 0.5,
        agents: [
          [{ values: v(0, 0.01, 0), prob: 1 }],
          [
            { values: v(0, 0, 2), prob: 0.2 },
            { values: v(0, 0, 0), prob: 0.8 },
          ],
          [{ values: v(0, 0, 0.499), prob: 1 }],
        ],
      },
    ],
  };
  return {
    name: "kitchen-sink",
    n: 3,
    m: 3,
    group: new Int32Array(3),
    objective: "welfare",
    discrete,
    sample: discreteSampler(discrete, 3),
    note: "adaptive order and adaptive prices",
  };
}

export const kitchenSinkEntry: Entry<SpmSetting> = {
  name: "kitchen-sink",
  summary: "3 agents, items A, B, C; needs adaptive order and adaptive prices",
  params: {},
  create: () => kitchenSink(),
};
