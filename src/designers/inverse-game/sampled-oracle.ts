// Sampled expectations and gradients for problems with continuous types (Inverse Games eq. 1–5 on
// sampled trees, ../compiled-game/sampled-tree.ts): every call draws K fresh scenarios of nature
// (stochastic gradient descent–ascent), enumerates the realized winners under each scenario
// exactly, and
//
// - v(θ), U_i and the interim terms come from the truthful tree;
// - ψ_i(θ, w) = U_i(deviation tree) − U_i(truthful tree) on the same scenarios, with the
//   deviator's recurrent policy played at its MEAN residual (exactly truthful at the start,
//   so ψ_i = 0 there); θ's gradient flows through both trees by sequence form;
// - the adversary's gradient is a score-function (REINFORCE) estimate of ∂U_i/∂w_i for the
//   exploring policy (residual a + σε, σ learned: the Gaussian-smoothed ψ_i), on a third tree
//   with the same scenarios: Σ_c reach(c)·(V(c) − b(c))·∇ log π(r_c), V the
//   exploring tree's continuation value at node c and the baseline b(c) the deterministic tree's
//   at the same node (same scenario and realizations, independent of every ε), backpropagated
//   through the tree of recurrent states (agents/deviation/tree-recurrent-policy.ts); with
//   `adversaryUpdate: "npg"` it is preconditioned into a natural-gradient step, the Fisher
//   estimated on the same exploring tree.
//
// Realizations are enumerated (exact expectations where they can be), the deviator's reports are
// sampled (score function with a baseline), as the "gradients through a differentiable
// simulator" asks; types only enter as data, so nothing needs reparameterizing.
import { UsageError } from "../../core/errors.js";
import { np, type Tensor } from "../../engine/jax.js";
import { Rng } from "../../engine/rng.js";
import { TreeRecurrentPolicy } from "../../agents/deviation/tree-recurrent-policy.js";
import { RecurrentDeviation } from "../../agents/recurrent-deviation.js";
import { ReportResidual } from "../../agents/report-residual.js";
import { DEFAULT_MAX_KL, naturalStep } from "../../agents/deviation/natural-gradient.js";
import { valueFeatureNorm } from "../../evaluation/fresh-adversary.js";
import type { FeatureLayout } from "../../mechanisms/neural/features.js";
import type { MechanismArch, ParamShape } from "../../mechanisms/neural/network.js";
import { allocCotangent, combineOutcome } from "../../mechanisms/neural/residual.js";
import type { Mechanism } from "../../mechanisms/types.js";
import type { DynamicProblem } from "../../problems/types.js";
import { MechanismBatch, type UploadedBatch } from "./mechanism-batch.js";
import type { Estimates, Gradients, LossCoefficients, Oracle } from "./oracle.js";
import {
  buildSampledTree,
  nodesPerScenario,
  type SampledTree,
} from "../compiled-game/sampled-tree.js";
import { sweep, type Coefficients, type Sweep } from "./tree-sweep.js";
import { BaseControlVariate, type BaselineMode } from "./base-control-variate.js";
import { scenarioStderr } from "./scenario-stderr.js";

export interface SampledOracleOptions {
  /** Scenarios of nature per call. */
  scenarios: number;
  /** Interim IR bins per agent (a divisor of `scenarios`). */
  bins: number;
  /** Hidden units of each recurrent encoder of the deviation policy. */
  hidden: number;
  seed: number;
  /** Draw new scenarios on every call (default); false keeps one sample (gradient checks). */
  resample?: boolean;
  /** Subtract the deterministic tree's values in the score-function gradient (default true). */
  baseline?: boolean;
  /**
   * The adversary's update: "adam" (default: the designer's Adam on the REINFORCE gradient) or
   * "npg", a natural-gradient step with trust region `maxKl` (agents/deviation/natural-gradient.ts).
   */
  adversaryUpdate?: "adam" | "npg";
  maxKl?: number;
  /**
   * With a base mechanism (start=handicap): control-variate estimates (base-control-variate.ts);
   * "off" or absent: the plain ones.
   */
  controlVariate?: BaselineMode;
  /** Scenarios (in calls of `scenarios` each) behind the base mechanism's means (default 4096). */
  baseScenarios?: number;
}

export const DEFAULT_SAMPLED: Omit<SampledOracleOptions, "seed"> = {
  scenarios: 64,
  bins: 8,
  hidden: 8,
};

/** Largest tree (nodes) one call may build; larger ones exhaust memory at T = 5. */
const MAX_NODES = 400_000;

interface Built {
  tree: SampledTree;
  up: UploadedBatch;
  sw: Sweep;
  /** A residual mechanism's network allocation and combined allocation (for its cotangent). */
  residual?: { q: Float32Array; x: Float64Array };
}

export class SampledTreeOracle implements Oracle {
  readonly agents: number;
  readonly mode = "sampled" as const;
  readonly initProbs: number[][];
  readonly adversaryUpdate: "gradient" | "step";
  private readonly net: MechanismBatch;
  private readonly policies: TreeRecurrentPolicy[];
  private readonly paramCount: number;
  private pending: UploadedBatch[] = [];
  private calls = 0;
  /** Exploration noise is fresh on every gradient, also when the scenarios are kept. */
  private explorations = 0;
  private readonly control?: BaseControlVariate;

  constructor(
    private readonly problem: DynamicProblem,
    private readonly layout: FeatureLayout,
    arch: MechanismArch,
    private readonly opts: SampledOracleOptions,
    /** A base mechanism the network is a residual on (residual.ts); absent: the network alone. */
    private readonly base?: Mechanism,
  ) {
    const { scenarios: K, bins: B } = opts;
    if (!Number.isInteger(B) || B < 1)
      throw new UsageError("bins", `must be a positive integer, got ${B}`);
    if (!Number.isInteger(K) || K < 1 || K % B !== 0)
      throw new UsageError(
        "--scenarios",
        `must be a positive multiple of the ${B} interim IR bins, got ${K}`,
      );
    const perScenario = nodesPerScenario(problem);
    if (K * perScenario > MAX_NODES)
      throw new UsageError(
        "--scenarios",
        `${K} scenarios make trees of ${K * perScenario} nodes (${perScenario} per scenario); the limit is ${MAX_NODES}: use at most ${Math.floor(MAX_NODES / perScenario / B) * B}`,
      );
    this.agents = problem.agents;
    this.adversaryUpdate = opts.adversaryUpdate === "npg" ? "step" : "gradient";
    this.initProbs = Array.from({ length: problem.agents }, () => new Array<number>(B).fill(1 / B));
    this.net = new MechanismBatch(layout, arch);
    this.policies = Array.from({ length: problem.agents }, (_, i) => {
      const space = new ReportResidual(problem, i);
      const norm = valueFeatureNorm(problem, i, (v) => space.featureOf(v), opts.seed + i);
      return new TreeRecurrentPolicy(problem, i, opts.hidden, norm);
    });
    this.paramCount = this.policies[0].size;
    const cv = opts.controlVariate;
    if (cv && cv !== "off") {
      if (!base)
        throw new UsageError(
          "baseline",
          `${cv} needs a base mechanism (start=handicap); without one use baseline=off`,
        );
      const calls = Math.max(2, Math.ceil((opts.baseScenarios ?? 4096) / K));
      const spec = { scenarios: K, bins: B, seed: opts.seed };
      this.control = new BaseControlVariate(problem, layout, base, spec, calls, this.initProbs, cv);
    }
  }

  policyShapes(): ParamShape[] {
    return [{ name: "recurrent", shape: [this.paramCount] }];
  }

  /** Fresh policy parameters: random encoders, zero head (exactly truthful). */
  initPolicy(rng: Rng): Float32Array[] {
    const net = new RecurrentDeviation(this.problem, 0, this.opts.hidden, rng.int(2 ** 30));
    return [Float32Array.from(net.theta)];
  }

  sizes(): { truthful: number; regret: number; regretRows: number } {
    const nodes = this.opts.scenarios * nodesPerScenario(this.problem);
    return { truthful: nodes, regret: nodes, regretRows: nodes };
  }

  private build(seed: number, deviator: number | null, eps?: Rng): SampledTree {
    const spec = { scenarios: this.opts.scenarios, bins: this.opts.bins, seed };
    if (deviator === null)
      return buildSampledTree(this.problem, this.layout, spec, null, undefined, this.base);
    const pol = this.policies[deviator];
    pol.begin();
    const m = this.problem.goods;
    const zeros = new Float64Array(m);
    return buildSampledTree(
      this.problem,
      this.layout,
      spec,
      deviator,
      (node, parent, ctx) =>
        pol.report(
          node,
          parent,
          ctx,
          eps ? Float64Array.from({ length: m }, () => eps.normal()) : zeros,
        ),
      this.base,
    );
  }

  /** Forward and sweep; the upload is kept for a vector–Jacobian product unless `forwardOnly`. */
  private run(theta: Tensor[], tree: SampledTree, forwardOnly = false): Built {
    const up = this.net.upload(tree.mech);
    const out = this.net.forward(theta, up);
    if (forwardOnly) MechanismBatch.release(up);
    else this.pending.push(up);
    if (!tree.base)
      return { tree, up, sw: sweep(tree, out, this.problem.discount, this.initProbs) };
    const { n, m } = this.layout;
    const x = { alloc: new Float64Array(out.alloc.length), pay: new Float64Array(out.pay.length) };
    for (let c = 0; c < tree.size; c++)
      combineOutcome(
        {
          alloc: tree.base.alloc.subarray(c * m * (n + 1), (c + 1) * m * (n + 1)),
          payments: tree.base.pay.subarray(c * n, (c + 1) * n),
        },
        out.alloc,
        out.pay,
        n,
        m,
        x,
        c * m * (n + 1),
        c * n,
      );
    const sw = sweep(tree, x, this.problem.discount, this.initProbs);
    return { tree, up, sw, residual: { q: out.alloc, x: x.alloc } };
  }

  /** The network's θ-cotangent product, through the residual combination when there is one. */
  private vjp(theta: Tensor[], b: Built, ca: Float32Array, cp: Float32Array): Tensor[] {
    if (!b.residual) return this.net.vjp(theta, b.up, ca, cp);
    const { n, m } = this.layout;
    const cq = allocCotangent(
      b.tree.base!.alloc,
      b.residual.q,
      b.residual.x,
      ca,
      b.tree.size,
      n,
      m,
    );
    return this.net.vjp(theta, b.up, cq, cp);
  }

  private release(): void {
    for (const up of this.pending) MechanismBatch.release(up);
    this.pending = [];
  }

  evaluate(theta: Tensor[], w: Tensor[][], _a: number[]) {
    this.release();
    const n = this.agents;
    const seed =
      (Math.imul(this.opts.seed ^ 0x27d4eb2f, 0x9e3779b1) +
        (this.opts.resample === false ? 0 : this.calls++)) |
      0;
    const tr = this.run(theta, this.build(seed, null));
    const devs = Array.from({ length: n }, (_, i) => {
      this.policies[i].net.theta.set(w[i][0].ref.dataSync() as Float32Array);
      return this.run(theta, this.build(seed, i));
    });
    const est: Estimates = this.control
      ? this.control.estimates(
          { tree: tr.tree, sums: tr.sw.sums },
          devs.map((d) => ({ tree: d.tree, sums: d.sw.sums })),
        )
      : {
          revenue: tr.sw.sums.revenue,
          utility: tr.sw.sums.utility,
          interim: tr.sw.sums.interim,
          interimProb: this.initProbs,
          regret: devs.map((d, i) => d.sw.sums.utility[i] - tr.sw.sums.utility[i]),
          exact: false,
          stderr: scenarioStderr(
            tr.sw.sums,
            devs.map((d) => d.sw.sums),
          ),
        };
    const gradFn = (coef: LossCoefficients): Gradients => {
      const cot = tr.sw.backward({
        revenue: coef.revenue,
        utility: coef.utility.map((c, i) => c - coef.regret[i]),
        interim: coef.interim,
      });
      let g = this.vjp(theta, tr, cot.alloc, cot.pay);
      const gw: Tensor[][] = [];
      devs.forEach((d, i) => {
        if (coef.regret[i] !== 0) {
          const c = d.sw.backward(this.utilityOf(i, coef.regret[i]));
          const gi = this.vjp(theta, d, c.alloc, c.pay);
          g = g.map((t, k) => t.add(gi[k]));
        }
        gw.push([np.array(Float32Array.from(this.adversaryGradient(theta, seed, i, d)))]);
      });
      return { theta: g, w: gw, a: new Array<number>(n).fill(0) };
    };
    return { est, grad: gradFn };
  }

  /** Coefficients of c · U_i alone. */
  private utilityOf(i: number, c: number): Coefficients {
    const utility = new Array<number>(this.agents).fill(0);
    utility[i] = c;
    return { revenue: 0, utility, interim: this.initProbs.map((ps) => ps.map(() => 0)) };
  }

  /**
   * REINFORCE estimate of ∂U_i/∂w_i for the EXPLORING policy (the Gaussian-smoothed objective;
   * σ is learned and may shrink), on an exploring tree baselined by the deterministic one.
   */
  private adversaryGradient(theta: Tensor[], seed: number, i: number, det: Built): Float64Array {
    const coef = this.utilityOf(i, 1);
    const base = this.opts.baseline === false ? null : det.sw.backward(coef).value;
    const noise = new Rng((Math.imul(seed ^ 0x51ed27, i + 1) + this.explorations++) | 0);
    // Only values are needed here (the policy's gradient is not through the network).
    const explore = this.run(theta, this.build(seed, i, noise), true);
    const value = explore.sw.backward(coef).value;
    const reach = explore.sw.reach;
    const weight = Float64Array.from(value, (v, c) => reach[c] * (v - (base ? base[c] : 0)));
    const pol = this.policies[i];
    const grad = pol.scoreGradient(weight);
    if (this.opts.adversaryUpdate !== "npg") return grad;
    // The Fisher at the exploring tree's decisions, each weighted by its node's reach.
    const dec = pol.decisions();
    const m = this.problem.goods;
    const fw = Float64Array.from({ length: dec.count }, (_, k) => reach[Math.floor(k / m)]);
    return naturalStep(dec, pol.net.theta, grad, fw, { maxKl: this.opts.maxKl ?? DEFAULT_MAX_KL })
      .step;
  }

  /** The counters that pick each call's scenarios and exploration noise. */
  saveState(): { calls: number; explorations: number } {
    return { calls: this.calls, explorations: this.explorations };
  }

  loadState(state: unknown): void {
    ({ calls: this.calls, explorations: this.explorations } = state as {
      calls: number;
      explorations: number;
    });
  }

  dispose(): void {
    this.release();
    this.net.dispose();
  }
}
