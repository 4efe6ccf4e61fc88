// The handicap team mechanism: the Pavan–Segal–Toikka (2014) handicap policy made a direct
// mechanism on public information, for one good and continuous initial values.
//
// Allocation (myopic PST policy, Inverse Games §5's benchmark): each period the good goes to the
// highest handicapped report φ_j = b_jτ − H_j − c if it is positive, with the handicap
// H_j = k · (1 − F(x̂_j))/f(x̂_j) fixed by agent j's initial report x̂_j (clamped into the fee
// schedule's range) and k the `scale` parameter.
// Payments (team transfers, Athey–Segal 2013): agent i pays (H_i + c)·a_i − Σ_{j≠i} φ_j a_j
// each period, so after its initial report its utility is the handicapped surplus that the
// allocation maximizes; reporting the current value truthfully is then optimal up to the
// gap between the myopic policy and the optimal one (the myopic and DP values of the
// handicapped surplus agree within a standard error, docs/benchmarks-derivation.md §3). In
// period 0 it also pays an entry fee Fee_i(x̂_i) from the envelope formula
// (handicap-fees.ts), which makes the initial report truthful for a decreasing handicap
// (the normal's inverse hazard is) and gives interim utility ≈ 0 at the schedule's lowest node
// (slightly above: the level is lowered by two standard errors of its estimate).
// Expected profit (revenue less allocation costs) is then the PST virtual surplus of the policy (with the exact impulse
// response), up to the schedule's grid and sampling errors.
import { UsageError } from "../core/errors.js";
import { formatName, type ParamSpecs, type ParamValue } from "../core/spec.js";
import { quantile } from "../core/quantile.js";
import type { DynamicProblem, Outcome, PublicHistory } from "../problems/types.js";
import { feeAt, feeSchedule, type FeeSchedule, type Handicap } from "./handicap-fees.js";
import type { Mechanism, MechanismFactory } from "./types.js";

export const handicapTeamParams: ParamSpecs = {
  scale: {
    type: "number",
    default: 1,
    min: 0,
    doc: "handicap multiplier k: bids are v − k·(1 − F(v0))/f(v0) (1 = PST)",
  },
  tail: {
    type: "number",
    default: 1e-4,
    min: 0,
    max: 0.1,
    minExclusive: true,
    doc: "initial reports are clamped to the [tail, 1 − tail] quantiles of the prior",
  },
  nodes: {
    type: "number",
    default: 41,
    min: 3,
    max: 1001,
    integer: true,
    doc: "nodes of the entry-fee schedule",
  },
  samples: {
    type: "number",
    default: 4000,
    min: 100,
    integer: true,
    doc: "trajectories per node when the fee schedule is computed (not when loaded)",
  },
  "level-samples": {
    type: "number",
    default: 100_000,
    min: 100,
    integer: true,
    doc: "trajectories for the schedule's level at its lowest node (decides interim IR)",
  },
};

/** Format of `state()`; bump when the layout changes. */
export const HANDICAP_STATE_VERSION = 1;

export interface HandicapState extends FeeSchedule {
  kind: "handicap-team";
  version: number;
}

/** The handicap function k·(1 − F)/f of the problem's continuous prior, clamped to [lo, hi]. */
export function handicapOf(
  problem: DynamicProblem,
  scale: number,
  tail: number,
): { handicap: Handicap; lo: number; hi: number } {
  if (problem.goods !== 1)
    throw new UsageError(
      "--mechanism",
      "handicap-team sells one good; for several independent goods use `mechlab design --designer handicap`, which runs it per good",
    );
  const margs = Array.from({ length: problem.agents }, (_, i) => problem.initialMarginal(i));
  const m0 = margs[0];
  if (m0.kind !== "continuous")
    throw new UsageError(
      "--mechanism",
      "handicap-team needs continuous initial values, e.g. bandit-auction(values=continuous)",
    );
  const lo = quantile(m0.cdf, m0.lo, m0.hi, tail);
  const hi = quantile(m0.cdf, m0.lo, m0.hi, 1 - tail);
  // One clamp range for every agent: the fee schedule is laid out on it.
  for (const m of margs)
    if (
      m.kind !== "continuous" ||
      Math.abs(quantile(m.cdf, m.lo, m.hi, tail) - lo) > 1e-9 ||
      Math.abs(quantile(m.cdf, m.lo, m.hi, 1 - tail) - hi) > 1e-9
    )
      throw new UsageError(
        "--problem",
        "handicap-team needs the same initial prior for every agent",
      );
  const handicap: Handicap = (i, x) => {
    const m = margs[i];
    if (m.kind !== "continuous") throw new Error("unreachable: continuous prior checked");
    const y = Math.min(hi, Math.max(lo, x));
    return (scale * (1 - m.cdf(y))) / Math.max(m.pdf(y), 1e-300);
  };
  return { handicap, lo, hi };
}

export class HandicapTeamMechanism implements Mechanism {
  readonly name: string;

  constructor(
    private readonly problem: DynamicProblem,
    readonly params: Record<string, ParamValue>,
    private readonly handicap: Handicap,
    readonly schedule: FeeSchedule,
  ) {
    this.name = formatName("handicap-team", params);
  }

  outcome(history: PublicHistory, reports: Float64Array): Outcome {
    const n = this.problem.agents;
    const initial = history.length > 0 ? history[0].reports : reports;
    const alloc = new Float64Array(n + 1);
    const payments = new Float64Array(n);
    const phi = new Float64Array(n);
    const h = new Float64Array(n);
    let best = 0;
    for (let j = 0; j < n; j++) {
      h[j] = this.handicap(j, initial[j]);
      phi[j] = reports[j] - h[j] - this.problem.cost(j, 0);
      if (phi[j] > best) best = phi[j];
    }
    // Ties (probability zero for continuous reports) are split.
    let ties = 0;
    if (best > 0) for (let j = 0; j < n; j++) if (phi[j] === best) ties++;
    if (ties === 0) alloc[n] = 1;
    else for (let j = 0; j < n; j++) if (phi[j] === best) alloc[j] = 1 / ties;
    let surplus = 0;
    for (let j = 0; j < n; j++) surplus += phi[j] * alloc[j];
    for (let i = 0; i < n; i++) {
      const others = surplus - phi[i] * alloc[i];
      payments[i] = (h[i] + this.problem.cost(i, 0)) * alloc[i] - others;
      if (history.length === 0) payments[i] += feeAt(this.schedule, i, initial[i]);
    }
    return { alloc, payments };
  }

  /** Everything from here on depends on the initial reports only. */
  historyKey(history: PublicHistory): string {
    return history.length > 0 ? Array.from(history[0].reports).join(",") : "";
  }

  state(): HandicapState {
    return { kind: "handicap-team", version: HANDICAP_STATE_VERSION, ...this.schedule };
  }
}

function checkState(saved: unknown, n: number, nodes: number): FeeSchedule {
  const s = saved as Partial<HandicapState> | null;
  const ok =
    s !== null &&
    typeof s === "object" &&
    s.kind === "handicap-team" &&
    typeof s.lo === "number" &&
    typeof s.hi === "number" &&
    s.hi > s.lo &&
    Array.isArray(s.fees) &&
    s.fees.length === n &&
    s.fees.every((f) => Array.isArray(f) && f.length === nodes && f.every(Number.isFinite));
  if (!ok)
    throw new UsageError(
      "mechanism state",
      `handicap-team needs {kind: "handicap-team", lo, hi, fees: ${n} arrays of ${nodes} numbers}`,
    );
  if (s.version !== HANDICAP_STATE_VERSION)
    throw new UsageError(
      "mechanism state",
      `handicap-team state version ${String(s.version)}; this mechlab reads ${HANDICAP_STATE_VERSION}`,
    );
  return { lo: s.lo!, hi: s.hi!, fees: s.fees! };
}

/** Builds the mechanism, computing the fee schedule (seeded, with progress per node). */
export function computeHandicapTeam(
  problem: DynamicProblem,
  params: Record<string, ParamValue>,
  fee: { seed: number; onNode?: () => void },
): HandicapTeamMechanism {
  const { handicap, lo, hi } = handicapOf(problem, params.scale as number, params.tail as number);
  const settings = {
    nodes: params.nodes as number,
    samples: params.samples as number,
    levelSamples: params["level-samples"] as number,
    seed: fee.seed,
  };
  const schedule = feeSchedule(problem, handicap, lo, hi, settings, fee.onNode);
  return new HandicapTeamMechanism(problem, params, handicap, schedule);
}

export const handicapTeam: MechanismFactory = (problem, params, saved) => {
  if (saved === undefined || saved === null)
    return computeHandicapTeam(problem, params, { seed: 0 });
  const { handicap } = handicapOf(problem, params.scale as number, params.tail as number);
  const schedule = checkState(saved, problem.agents, params.nodes as number);
  return new HandicapTeamMechanism(problem, params, handicap, schedule);
};
