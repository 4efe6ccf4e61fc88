// colors (the extended version of Brero et al. 2021, listed in docs/spm.md): 30 agents (10 red, 10 yellow, 10 blue), 20 items (10 red,
// 10 yellow). Raw values: red agents value red items 1 and yellow 0, yellow agents the
// reverse; a blue agent draws x ~ U[0,1] and with probability x values red 2 (yellow 0),
// otherwise yellow 2. Normalised by 2. The optimal SPM is an anonymous static price in
// (0, ½) (raw (0, 1)) with blue agents first; optimal welfare 30 raw = 15 normalised.
// Marginally each blue agent is red-loving with probability ∫x dx = ½, independently, which
// is the finite model used for exact search.
import type { Entry } from "../../core/registry.js";
import type { Rng } from "../../engine/rng.js";
import type { DiscreteModel } from "../discrete-model.js";
import type { SpmSetting } from "../types.js";

export function colors(k = 10): SpmSetting {
  const n = 3 * k;
  const m = 2 * k;
  const redRow = (v: number) => Array.from({ length: m }, (_, j) => (j < k ? v : 0));
  const yellowRow = (v: number) => Array.from({ length: m }, (_, j) => (j < k ? 0 : v));
  const agents = Array.from({ length: n }, (_, i) =>
    i < k
      ? [{ values: redRow(0.5), prob: 1 }]
      : i < 2 * k
        ? [{ values: yellowRow(0.5), prob: 1 }]
        : [
            { values: redRow(1), prob: 0.5 },
            { values: yellowRow(1), prob: 0.5 },
          ],
  );
  const discrete: DiscreteModel = { worlds: [{ prob: 1, agents }] };
  return {
    name: k === 10 ? "colors" : `colors(k=${k})`,
    n,
    m,
    group: new Int32Array(m),
    objective: "welfare",
    discrete,
    note: "anonymous static price with blue agents first",
    sample(rng: Rng, out: Float64Array) {
      out.fill(0);
      for (let i = 0; i < n; i++) {
        let red: boolean;
        let v = 0.5;
        if (i < k) red = true;
        else if (i < 2 * k) red = false;
        else {
          const x = rng.uniform();
          red = rng.uniform() < x;
          v = 1;
        }
        for (let j = red ? 0 : k; j < (red ? k : m); j++) out[i * m + j] = v;
      }
    },
  };
}

export const colorsEntry: Entry<SpmSetting> = {
  name: "colors",
  summary: "3k agents (red, yellow, blue), 2k items (red, yellow); default k = 10",
  params: {
    k: { type: "number", default: 10, min: 1, max: 20, integer: true, doc: "agents per colour" },
  },
  create: (p) => colors(p.k as number),
};
