// A neural mechanism as a residual on a base mechanism (the SGDA designers' `start=handicap`
// warm start): the base's outcome plus the network's adjustment,
//   allocation  x_j ∝ x̄_j · q_j       (softmax(log x̄ + z): the network's logits added to the
//                                       base allocation's logits, per good),
//   payments    p_i = p̄_i + scale · Σ_j z'_ij   (the network's free payment head added to the
//                                       base payments, entry fee included).
// The network's last layers (allocation head, second payment layer) start at zero, so q is
// uniform and z' = 0: at θ₀ the residual mechanism IS the base mechanism, outcome for outcome.
// A deterministic base allocation (the handicap mechanism's, away from ties) has logits 0 and
// −∞, so the allocation stays the base's whatever the network says, and only payments move:
// training adjusts the handicap design's transfers, not its allocation.
//
// A participation rebate r_i (participation-rebate.ts in the SGDA designers) is paid to agent i
// in period 0 whatever anyone reports: every strategy's utility moves by the same r_i, so
// incentives are exactly unchanged and revenue falls by exactly Σ r_i.
import { UsageError } from "../../core/errors.js";
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import type { DynamicProblem, Outcome, PublicHistory } from "../../problems/types.js";
import type { Mechanism, MechanismFactory } from "../types.js";
import { neuralMechanism, NeuralMechanism } from "./mechanism.js";

/** The network's layers that start at zero (its outputs' last layers). */
const ZERO_AT_START = ["allocHead.W", "allocHead.b", "pay2.W", "pay2.b"];

export const residualParams: ParamSpecs = {
  width: { type: "number", default: 64, min: 4, max: 512, integer: true, doc: "trunk width" },
  init: { type: "number", default: 0, min: 0, integer: true, doc: "seed of the initial weights" },
};

/** A saved base mechanism: its registry name, parameters and state. */
export interface SavedBase {
  mechanism: string;
  params: Record<string, ParamValue>;
  state: unknown;
}

/** Combined outcome of one row: base (x̄, p̄) and network (q, Δp), `n` agents, `m` goods. */
export function combineOutcome(
  base: { alloc: ArrayLike<number>; payments: ArrayLike<number> },
  q: ArrayLike<number>,
  dp: ArrayLike<number>,
  n: number,
  m: number,
  out: { alloc: Float64Array | Float32Array; pay: Float64Array | Float32Array },
  aOff = 0,
  pOff = 0,
): void {
  const W = n + 1;
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < W; i++) s += base.alloc[j * W + i] * q[aOff + j * W + i];
    for (let i = 0; i < W; i++) {
      const xb = base.alloc[j * W + i];
      // q > 0 for finite logits; an underflowed q falls back to the base allocation.
      out.alloc[aOff + j * W + i] = s > 0 ? (xb * q[aOff + j * W + i]) / s : xb;
    }
  }
  for (let i = 0; i < n; i++) out.pay[pOff + i] = base.payments[i] + dp[pOff + i];
}

/**
 * The cotangent of the network's allocation q from that of the combined allocation x
 * (x_l = x̄_l q_l / S, S = Σ_k x̄_k q_k): ∂L/∂q_l = (x̄_l / S)(∂L/∂x_l − Σ_j ∂L/∂x_j · x_j).
 * Payments pass their cotangent through unchanged.
 */
export function allocCotangent(
  baseAlloc: ArrayLike<number>,
  q: ArrayLike<number>,
  x: ArrayLike<number>,
  ca: ArrayLike<number>,
  rows: number,
  n: number,
  m: number,
): Float32Array {
  const W = n + 1;
  const out = new Float32Array(rows * m * W);
  for (let g = 0; g < rows * m; g++) {
    const o = g * W;
    let s = 0;
    let dot = 0;
    for (let i = 0; i < W; i++) {
      s += baseAlloc[o + i] * q[o + i];
      dot += ca[o + i] * x[o + i];
    }
    if (s > 0) for (let i = 0; i < W; i++) out[o + i] = (baseAlloc[o + i] / s) * (ca[o + i] - dot);
  }
  return out;
}

/** Zero the network's output layers in place (the residual's start). */
export function zeroResidualHeads(net: NeuralMechanism): void {
  net.shapes.forEach((sh, k) => {
    if (ZERO_AT_START.includes(sh.name)) net.weights[k].fill(0);
  });
}

export class ResidualMechanism implements Mechanism {
  readonly name: string;
  readonly net: NeuralMechanism;
  private readonly n: number;
  private readonly m: number;

  constructor(
    problem: DynamicProblem,
    readonly params: Record<string, ParamValue>,
    readonly base: Mechanism,
    private readonly baseSaved: SavedBase,
    weights?: Float32Array[],
    /** Participation rebate per agent, paid in period 0 (absent: none). */
    readonly rebate?: readonly number[],
  ) {
    if (rebate && (rebate.length !== problem.agents || !rebate.every(Number.isFinite)))
      throw new UsageError(
        "mechanism state",
        `rebate must list ${problem.agents} finite numbers (one per agent), got ${JSON.stringify(rebate)}`,
      );
    this.n = problem.agents;
    this.m = problem.goods;
    const netParams = { width: params.width, payments: "free", init: params.init };
    this.net = new NeuralMechanism(problem, netParams, weights);
    if (!weights) zeroResidualHeads(this.net);
    this.name = `handicap-residual(width=${String(params.width)},base=${base.name})`;
  }

  outcome(history: PublicHistory, reports: Float64Array): Outcome {
    const b = this.base.outcome(history, reports);
    const r = this.net.outcome(history, reports);
    const out = { alloc: new Float64Array(b.alloc.length), pay: new Float64Array(this.n) };
    combineOutcome(b, r.alloc, r.payments, this.n, this.m, out);
    if (this.rebate && history.length === 0)
      for (let i = 0; i < this.n; i++) out.pay[i] -= this.rebate[i];
    return { alloc: out.alloc, payments: out.pay };
  }

  /** The network reads every public record the base can (past reports and consumption). */
  historyKey(history: PublicHistory): string {
    return this.net.historyKey(history);
  }

  /** The same mechanism with participation rebate `r` (replacing any it had). */
  withRebate(problem: DynamicProblem, r: readonly number[]): ResidualMechanism {
    return new ResidualMechanism(
      problem,
      this.params,
      this.base,
      this.baseSaved,
      this.net.weights,
      r,
    );
  }

  state(): unknown {
    return {
      base: this.baseSaved,
      weights: this.net.weights.map((w) => Array.from(w)),
      ...(this.rebate ? { rebate: [...this.rebate] } : {}),
    };
  }
}

/** The registry's factory; `lookup` resolves the saved base's name (kept out of this file). */
export function residualFactory(
  lookup: (name: string) => { create: MechanismFactory },
): MechanismFactory {
  return (problem, params, saved) => {
    const s = saved as
      { base?: Partial<SavedBase>; weights?: unknown; rebate?: unknown } | null | undefined;
    const b = s?.base;
    if (!b || typeof b.mechanism !== "string" || typeof b.params !== "object" || !b.params)
      throw new UsageError(
        saved === undefined || saved === null ? "--mechanism" : "mechanism state",
        "handicap-residual is built by the SGDA designers' start=handicap: load the mechanism.json of that run (state {base: {mechanism, params, state}, weights, rebate?})",
      );
    const base = lookup(b.mechanism).create(problem, b.params, b.state);
    const probe = new ResidualMechanism(problem, params, base, b as SavedBase);
    const net = neuralMechanism(problem, probe.net.params, { weights: s!.weights });
    const rebate = s!.rebate;
    if (rebate !== undefined && !Array.isArray(rebate))
      throw new UsageError("mechanism state", "rebate must be an array of numbers, one per agent");
    return new ResidualMechanism(
      problem,
      params,
      base,
      b as SavedBase,
      net.weights,
      rebate as number[] | undefined,
    );
  };
}
