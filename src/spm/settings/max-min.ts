// max-min (the extended version of Brero et al. 2021, listed in docs/spm.md; Brero et al. 2021 Part 3): 9 agents (1 orange, 4 blue, 4 red),
// 5 black and 5 white items, unit demand, objective min_i v_i(x_i). With probability ½:
// orange values black U[.5,1], white 0; blue values black U[.4,.5], white U[0,.25]; red values
// black U[.9,1], white U[.4,.5]. Otherwise blue and red swap roles and orange values white
// U[.5,1] (black 0). The optimal SPM needs an adaptive order and reaches at least 0.4;
// static SPMs reach at most 0.25.
import type { Entry } from "../../core/registry.js";
import type { Rng } from "../../engine/rng.js";
import type { SpmSetting } from "../types.js";

export function maxMin(): SpmSetting {
  const n = 9;
  const m = 10;
  const group = new Int32Array(m);
  return {
    name: "max-min",
    n,
    m,
    group,
    // Every agent values all black items alike and all white items alike: two classes.
    itemClass: Int32Array.from({ length: m }, (_, j) => (j < 5 ? 0 : 1)),
    objective: "maxmin",
    note: "adaptive order",
    sample(rng: Rng, out: Float64Array) {
      const swap = rng.uniform() >= 0.5;
      const set = (i: number, black: number, white: number) => {
        for (let j = 0; j < m; j++) out[i * m + j] = j < 5 ? black : white;
      };
      const orange = rng.uniformIn(0.5, 1);
      if (swap) set(0, 0, orange);
      else set(0, orange, 0);
      for (let i = 1; i < n; i++) {
        const blue = i <= 4;
        // "blue" role in the first world, "red" role otherwise; the second world swaps them.
        const blueRole = blue !== swap;
        if (blueRole) set(i, rng.uniformIn(0.4, 0.5), rng.uniformIn(0, 0.25));
        else set(i, rng.uniformIn(0.9, 1), rng.uniformIn(0.4, 0.5));
      }
    },
  };
}

export const maxMinEntry: Entry<SpmSetting> = {
  name: "max-min",
  summary: "9 agents, 5 black + 5 white items, objective max-min fairness",
  params: {},
  create: () => maxMin(),
};
