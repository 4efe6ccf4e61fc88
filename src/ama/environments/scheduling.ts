// Dynamic task scheduling (Curry et al. 2024 §5, Tables 3–4; the authors' released code of Curry et al. 2024, listed in docs/ama.md): n workers,
// m tasks arriving one per round, each assigned to one worker (action = worker). Worker i's
// type is its cost vector; its reward for being assigned task τ is −t_{i,τ}. Costs are
// U[0,3] (symmetric) or U[0,3i] for worker i (asymmetric). The principal minimizes the
// makespan (makespan.ts). Counterfactual for the Clarke-like payment, as in the authors'
// code: worker i's costs replaced by a sentinel (5 per task) rather than removing it.
import type { Rng } from "../../engine/rng.js";
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import type { AmaEnvironment } from "../environment.js";
import { historyOf, historyTree } from "../mdp.js";
import { makespan, type MakespanVariant } from "../makespan.js";

export const schedulingParams: ParamSpecs = {
  agents: { type: "number", default: 2, min: 1, max: 5, integer: true, doc: "workers n" },
  items: { type: "number", default: 4, min: 1, max: 7, integer: true, doc: "tasks m (rounds)" },
  dist: {
    type: "enum",
    default: "symmetric",
    values: ["symmetric", "asymmetric"],
    doc: "costs U[0,3] (symmetric) or U[0,3i] for worker i (asymmetric)",
  },
  makespan: {
    type: "enum",
    default: "authors",
    values: ["authors", "clean"],
    doc: "authors: loads in (0,1) may go negative (their code); clean: loads floored at 0",
  },
  sentinel: {
    type: "number",
    default: 5,
    min: 0,
    doc: "cost per task given to worker i in the counterfactual 'without i' (authors: 5)",
  },
};

export function scheduling(p: Record<string, ParamValue>): AmaEnvironment {
  const n = p.agents as number;
  const m = p.items as number;
  const dist = p.dist as string;
  const variant = p.makespan as MakespanVariant;
  const sentinel = p.sentinel as number;
  if (n ** m > 200_000) throw new RangeError("scheduling tree too large (n^m > 200000)");
  const tree = historyTree(n, m);
  const A = n;
  const S = tree.nStates;
  const SA = S * A;
  const depthOf = tree.depth;
  // Assignment sequences ending at each last-round (s, a): the makespan is a function of them.
  const lastStart = tree.levelStart[m - 1];
  const nLast = (S - lastStart) * A;
  const assignments = new Int32Array(nLast * m);
  const hist = new Int32Array(m);
  for (let s = lastStart; s < S; s++) {
    historyOf(tree, s, hist);
    for (let a = 0; a < A; a++) {
      const row = ((s - lastStart) * A + a) * m;
      for (let k = 0; k < m - 1; k++) assignments[row + k] = hist[k];
      assignments[row + m - 1] = a;
    }
  }
  const cf: Float64Array[] = Array.from({ length: n }, (_, i) => {
    const t = new Float64Array(SA);
    for (let s = 0; s < S; s++) t[s * A + i] = -sentinel;
    return t;
  });
  const loads = new Float64Array(n);
  return {
    name: `scheduling(agents=${n},items=${m},dist=${dist},makespan=${variant},sentinel=${sentinel})`,
    mdp: tree,
    nAgents: n,
    typeSize: n * m,
    objective: "loss",
    objectiveName: "makespan",
    trainWeights: dist === "asymmetric",
    boostScale: 3,
    sampleTypes(rng: Rng, out: Float64Array) {
      for (let i = 0; i < n; i++) {
        const hi = dist === "asymmetric" ? 3 * (i + 1) : 3;
        for (let t = 0; t < m; t++) out[i * m + t] = rng.uniform() * hi;
      }
    },
    fillRewards(types: Float64Array, out: Float64Array) {
      out.fill(0, 0, n * SA);
      for (let s = 0; s < S; s++) {
        const t = depthOf[s];
        for (let i = 0; i < n; i++) out[i * SA + s * A + i] = -types[i * m + t];
      }
    },
    counterfactualReward: (i) => cf[i],
    fillLoss(types: Float64Array, out: Float64Array) {
      out.fill(0, 0, lastStart * A);
      for (let k = 0; k < nLast; k++) {
        out[lastStart * A + k] = makespan(types, n, m, assignments, variant, loads, k * m);
      }
    },
  };
}
