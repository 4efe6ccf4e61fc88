// Control-variate estimates for a residual mechanism (the SGDA designers' start=handicap,
// mechanisms/neural/residual.ts). The sampled oracle's plain estimates of the interim utilities
// h_ik and the revenue v are means over one call's K scenarios of very noisy per-scenario
// utilities; where the base mechanism leaves the lowest initial types at zero utility (interim
// IR binds there by design), the one-sided IR hinge sees a bin mean below zero about half the
// time and pushes payments down on every such call. The same trees, swept again under the base
// mechanism's outcomes (the sampled tree carries them per node), give a control variate whose
// mean is computed once, accurately, at construction:
//   ĥ_ik = h̄_ik(base) + mean over bin k of [u_i(θ) − u_i(base)],
//   v̂    = v̄(base)    + mean over the scenarios of [v(θ) − v(base)]    (and Û_i likewise),
// h̄ and v̄ the means of the SAME per-call estimator over many independent calls (same K, same
// quantile bins), so ĥ is unbiased for what the plain estimator estimates. At θ₀ the residual IS
// the base, the differences are identically zero and ĥ = h̄ on every call; while the network
// moves payments only, the difference is the discounted payment adjustment, of low variance.
// The base terms do not depend on θ: the θ-gradients of the estimates are the plain ones.
//
// Regret (mode "full"): ψ̃_i = ψ_i(θ) − ψ_i(base), the deviator's tree and the truthful tree
// both swept under the base too (the same scenarios and the same deviation reports). It is an
// upper bound in expectation, not unbiased: E ψ̃_i = E ψ_i(θ) − E ψ_i(base) ≥ E ψ_i(θ) whenever
// the base is incentive compatible (E ψ_i(base) ≤ 0 for every deviation policy), and in general
// E ψ_i(θ) ≤ E ψ̃_i + ε_base, ε_base the base's own exploitability. Mode "truthful" keeps the
// plain ψ_i.
import type { FeatureLayout } from "../../mechanisms/neural/features.js";
import type { Mechanism } from "../../mechanisms/types.js";
import type { DynamicProblem } from "../../problems/types.js";
import { buildSampledTree, type SampledTree } from "../compiled-game/sampled-tree.js";
import type { Estimates } from "./oracle.js";
import { scenarioStderr } from "./scenario-stderr.js";
import { sweep, type TreeSums } from "./tree-sweep.js";

/** off: the plain estimates; truthful: control variates on v, U_i, h_ik; full: and on ψ_i. */
export type BaselineMode = "off" | "truthful" | "full";

export const BASELINE_MODES: readonly BaselineMode[] = ["off", "truthful", "full"];

/** What the SGDA designers' `baseline=auto` means with start=handicap (docs/inverse-game.md). */
export const AUTO_BASELINE: BaselineMode = "full";

/** The base mechanism's per-call estimates averaged over independent calls. */
export interface BaseMoments {
  revenue: number;
  utility: number[];
  interim: number[][];
  /** Standard errors of the means above (across the independent calls). */
  stderr: { revenue: number; utility: number[]; interim: number[][] };
  /** Scenarios in all (calls × K). */
  scenarios: number;
}

/** A sampled tree swept under its base mechanism's outcomes (`tree.base`). */
export function baseSums(
  tree: SampledTree,
  gamma: number,
  initProbs: readonly (readonly number[])[],
): TreeSums {
  if (!tree.base) throw new Error("the sampled tree carries no base outcomes");
  return sweep(tree, { alloc: tree.base.alloc, pay: tree.base.pay }, gamma, initProbs).sums;
}

/**
 * Mean and standard error of the base mechanism's truthful estimates over `calls` independent
 * trees of the oracle's own size and bins (seeds drawn independently of the oracle's calls).
 */
export function baseMoments(
  problem: DynamicProblem,
  layout: FeatureLayout,
  base: Mechanism,
  spec: { scenarios: number; bins: number; seed: number },
  calls: number,
  initProbs: readonly (readonly number[])[],
): BaseMoments {
  const rows: TreeSums[] = [];
  for (let j = 0; j < calls; j++) {
    const seed = (Math.imul(spec.seed ^ 0x7feb352d, 0x846ca68b) + j) | 0;
    const tree = buildSampledTree(problem, layout, { ...spec, seed }, null, undefined, base);
    rows.push(baseSums(tree, problem.discount, initProbs));
  }
  const stat = (f: (s: TreeSums) => number) => {
    const xs = rows.map(f);
    const mean = xs.reduce((a, b) => a + b, 0) / calls;
    const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
    return { mean, se: calls > 1 ? Math.sqrt(ss / (calls - 1) / calls) : NaN };
  };
  const rev = stat((s) => s.revenue);
  const util = rows[0].utility.map((_, i) => stat((s) => s.utility[i]));
  const interim = rows[0].interim.map((hs, i) => hs.map((_, k) => stat((s) => s.interim[i][k])));
  return {
    revenue: rev.mean,
    utility: util.map((u) => u.mean),
    interim: interim.map((hs) => hs.map((h) => h.mean)),
    stderr: {
      revenue: rev.se,
      utility: util.map((u) => u.se),
      interim: interim.map((hs) => hs.map((h) => h.se)),
    },
    scenarios: calls * spec.scenarios,
  };
}

/** One call's trees with their sweeps' sums at θ. */
export interface SweptTree {
  tree: SampledTree;
  sums: TreeSums;
}

export class BaseControlVariate {
  readonly moments: BaseMoments;

  constructor(
    private readonly problem: DynamicProblem,
    layout: FeatureLayout,
    base: Mechanism,
    spec: { scenarios: number; bins: number; seed: number },
    calls: number,
    private readonly initProbs: readonly (readonly number[])[],
    readonly mode: Exclude<BaselineMode, "off">,
  ) {
    this.moments = baseMoments(problem, layout, base, spec, calls, initProbs);
  }

  /** The control-variate estimates from one call's truthful tree and deviators' trees. */
  estimates(tr: SweptTree, devs: SweptTree[]): Estimates {
    const g = this.problem.discount;
    const bt = baseSums(tr.tree, g, this.initProbs);
    const bd = this.mode === "full" ? devs.map((d) => baseSums(d.tree, g, this.initProbs)) : null;
    const M = this.moments;
    const s = tr.sums;
    const se = scenarioStderr(
      s,
      devs.map((d) => d.sums),
      { truthful: bt, ...(bd ? { deviators: bd } : {}) },
    )!;
    return {
      revenue: M.revenue + (s.revenue - bt.revenue),
      utility: M.utility.map((u, i) => u + (s.utility[i] - bt.utility[i])),
      interim: M.interim.map((hs, i) => hs.map((h, k) => h + (s.interim[i][k] - bt.interim[i][k]))),
      interimProb: this.initProbs.map((ps) => ps.slice()),
      regret: devs.map(
        (d, i) => d.sums.utility[i] - s.utility[i] - (bd ? bd[i].utility[i] - bt.utility[i] : 0),
      ),
      exact: false,
      // The per-call spread of the differences and the constant's own error, independent.
      stderr: { revenue: Math.hypot(se.revenue, M.stderr.revenue), regret: se.regret },
    };
  }
}
