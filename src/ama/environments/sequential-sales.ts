// Sequential sales (Curry et al. 2024 §5, Tables 1–2; details from the authors' released code of Curry et al. 2024, listed in docs/ama.md):
// m identical items, one offered per round, n unit-demand bidders. State = the history of
// who received each past item; action = give this round's item to bidder 1..n or keep it
// (action n). A bidder earns its single value v_i the first time it receives an item.
// Values: symmetric v_i ~ U[0,1]; asymmetric v_i ~ U[0, 1/i] for bidder i = 1..n.
import type { Rng } from "../../engine/rng.js";
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import type { AmaEnvironment } from "../environment.js";
import { historyOf, historyTree, type HistoryTree } from "../mdp.js";

export const sequentialSalesParams: ParamSpecs = {
  agents: { type: "number", default: 3, min: 1, max: 8, integer: true, doc: "bidders n" },
  items: { type: "number", default: 2, min: 1, max: 5, integer: true, doc: "items m (rounds)" },
  dist: {
    type: "enum",
    default: "symmetric",
    values: ["symmetric", "asymmetric"],
    doc: "values U[0,1] (symmetric) or U[0,1/i] for bidder i (asymmetric)",
  },
};

export function sequentialSales(p: Record<string, ParamValue>): AmaEnvironment {
  const n = p.agents as number;
  const m = p.items as number;
  const dist = p.dist as string;
  const tree: HistoryTree = historyTree(n + 1, m);
  const A = n + 1;
  const SA = tree.nStates * A;
  // For each bidder, the (s, a) entries where it receives its first item: the only places
  // its reward table is non-zero.
  const firstItem: number[][] = Array.from({ length: n }, () => []);
  const hist = new Int32Array(m);
  for (let s = 0; s < tree.nStates; s++) {
    const h = historyOf(tree, s, hist);
    for (let i = 0; i < n; i++) {
      let had = false;
      for (let k = 0; k < tree.depth[s]; k++) if (h[k] === i) had = true;
      if (!had) firstItem[i].push(s * A + i);
    }
  }
  const cells = firstItem.map((xs) => Int32Array.from(xs));
  const upper = Array.from({ length: n }, (_, i) => (dist === "asymmetric" ? 1 / (i + 1) : 1));
  return {
    name: `sequential-sales(agents=${n},items=${m},dist=${dist})`,
    mdp: tree,
    nAgents: n,
    typeSize: n,
    objective: "revenue",
    objectiveName: "revenue",
    trainWeights: dist === "asymmetric",
    boostScale: 1,
    sampleTypes(rng: Rng, out: Float64Array) {
      for (let i = 0; i < n; i++) out[i] = rng.uniform() * upper[i];
    },
    fillRewards(types: Float64Array, out: Float64Array) {
      out.fill(0, 0, n * SA);
      for (let i = 0; i < n; i++) {
        const c = cells[i];
        const base = i * SA;
        const v = types[i];
        for (let k = 0; k < c.length; k++) out[base + c[k]] = v;
      }
    },
    counterfactualReward: () => null,
  };
}
