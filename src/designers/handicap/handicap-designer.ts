// The handicap designer: a search over a class of mechanisms that are incentive compatible by
// construction up to the gap between their myopic allocation and the optimal policy for the
// handicapped surplus (handicap-team: PST's handicap policy, team transfers, envelope fees),
// for continuous types where mechlab's exact designers cannot go. For each handicap scale k
// in a grid it computes the entry-fee schedule by simulation and the expected profit of
// truthful play (the same nature draws for every k, so the comparison is paired), keeps the
// best, and certifies it with the sampled evaluator: revenue with its standard error, the
// structured deviations plus a deviation policy trained from scratch (a lower bound on
// exploitability), and interim utilities on a grid of initial types.
//
// Several goods: the goods of a bandit auction are independent and values add up, so the
// single-good problem is designed once and run per good (per-good mechanism); the
// certificate is computed on the whole problem.
import { UsageError } from "../../core/errors.js";
import type { Measured } from "../../core/measured.js";
import { CallbackList, KeepBest, type Callback } from "../../core/callbacks.js";
import {
  parseName,
  parseNumberList,
  resolveParams,
  type ParamSpecs,
  type ParamValue,
} from "../../core/spec.js";
import { type EvaluationReport, type InitialTypeUtility } from "../../evaluation/evaluate.js";
import {
  certificate as sampledCertificate,
  type SampledCertificate,
} from "../../evaluation/certificate.js";
import { INTERIM_QUANTILES } from "../../evaluation/interim-grid.js";
import { evaluateTruthfulSampled } from "../../evaluation/sampled.js";
import {
  computeHandicapTeam,
  HandicapTeamMechanism,
  handicapTeamParams,
} from "../../mechanisms/handicap-team.js";
import { composeGoods, goodsPlan } from "../per-good.js";
import {
  parseParticipation,
  participationParams,
  requireParticipation,
} from "../../mechanisms/participation.js";
import type { Mechanism } from "../../mechanisms/types.js";
import type { DynamicProblem } from "../../problems/types.js";

export const handicapDesignerParams: ParamSpecs = {
  // Participation: the handicap team mechanism pays losers the winner's handicapped surplus
  // (team transfers), so it cannot forbid subsidies, and its periodic and ex-post participation
  // is not certified; those notions are refused.
  ...participationParams,
  scales: {
    type: "list",
    default: "0.6;0.8;1;1.2;1.4",
    doc: "handicap scales k to try (1 = PST's inverse hazard)",
  },
  nodes: { ...handicapTeamParams.nodes },
  "fee-samples": {
    type: "number",
    default: 10_000,
    min: 100,
    integer: true,
    doc: "trajectories per node of the entry-fee schedule",
  },
  "level-samples": {
    type: "number",
    default: 400_000,
    min: 100,
    integer: true,
    doc: "trajectories for the level of the fee schedule (decides interim IR)",
  },
  "interim-samples": {
    type: "number",
    default: 50_000,
    min: 100,
    integer: true,
    doc: "trajectories per point of the certificate's grid of initial types",
  },
  samples: {
    type: "number",
    default: 20_000,
    min: 100,
    integer: true,
    doc: "trajectories for each revenue estimate and for the certificate",
  },
  adversary: {
    type: "number",
    default: 300,
    min: 0,
    integer: true,
    doc: "REINFORCE iterations of the fresh deviation policy in the certificate (0 = none)",
  },
  "certify-update": {
    type: "enum",
    default: "adam",
    values: ["adam", "npg"],
    doc: "the certificate's fresh deviation policy's step: adam | npg, a natural-gradient step in a KL trust region (docs/npg.md)",
  },
};

export interface HandicapConfig {
  scales: number[];
  nodes: number;
  feeSamples: number;
  levelSamples: number;
  samples: number;
  adversary: number;
  /** Trajectories per REINFORCE iteration. */
  adversaryBatch: number;
  /** The fresh adversary's update; absent: Adam. */
  certifyUpdate?: "npg";
  /** Trajectories per interim-grid point. */
  interimSamples: number;
}

export function handicapConfig(designer: string, field = "--designer"): HandicapConfig {
  const parsed = parseName(designer, field);
  return handicapConfigOf(resolveParams("handicap", handicapDesignerParams, parsed.args), field);
}

/** The configuration of resolved `handicap(…)` parameters. */
export function handicapConfigOf(
  v: Record<string, ParamValue>,
  field = "--designer",
): HandicapConfig {
  requireParticipation("handicap", parseParticipation(v, field), {
    ir: ["ex-ante", "interim"],
    noSubsidies: false,
  });
  const scales = parseNumberList("scales", v.scales as string);
  if (scales.length === 0 || scales.some((k) => !(k >= 0)))
    throw new UsageError(`${field}: scales`, "needs one or more numbers ≥ 0, e.g. 0.8;1;1.2");
  return {
    scales,
    nodes: v.nodes as number,
    feeSamples: v["fee-samples"] as number,
    levelSamples: v["level-samples"] as number,
    samples: v.samples as number,
    adversary: v.adversary as number,
    adversaryBatch: 256,
    // Only when not the default: configurations (and checkpoints holding them) stay as they were.
    ...(v["certify-update"] === "npg" ? { certifyUpdate: "npg" as const } : {}),
    interimSamples: v["interim-samples"] as number,
  };
}

export interface ScaleCandidate {
  scale: number;
  /** Expected discounted revenue of truthful play, per good. */
  revenue: Measured;
  /** Expected discounted profit (revenue − allocation costs) per good: what is maximized. */
  profit: Measured;
  seconds: number;
}

export interface HandicapResult {
  designer: string;
  config: HandicapConfig;
  candidates: ScaleCandidate[];
  chosen: number;
  mechanism: Mechanism;
  certificate: EvaluationReport;
  /** Interim utilities on the grid of initial types, per agent. */
  interim: InitialTypeUtility[][];
  minInterimUtility: Measured;
  perGood?: { marginal: string; goods: number };
  designSeconds: number;
  certifySeconds: number;
}

export function handicapLabel(cfg: HandicapConfig): string {
  return `handicap(scales=${cfg.scales.join(";")},nodes=${cfg.nodes},fee-samples=${cfg.feeSamples},level-samples=${cfg.levelSamples},interim-samples=${cfg.interimSamples},samples=${cfg.samples},adversary=${cfg.adversary}${cfg.certifyUpdate ? `,certify-update=${cfg.certifyUpdate}` : ""})`;
}

/** The design without its certificate (the SGDA designers' warm start certifies it on a thread). */
export type HandicapDesign = Omit<
  HandicapResult,
  "certificate" | "interim" | "minInterimUtility" | "certifySeconds"
>;

/** What the design's sampled certificate spends: the evaluation at seed + 2, the grid at + 3. */
export function handicapCertificateSpec(cfg: HandicapConfig, seed: number): SampledCertificate {
  return {
    samples: cfg.samples,
    adversary: cfg.adversary,
    adversaryBatch: cfg.adversaryBatch,
    ...(cfg.certifyUpdate ? { certifyUpdate: cfg.certifyUpdate } : {}),
    interimSamples: cfg.interimSamples,
    seed: seed + 2,
  };
}

export function designHandicap(
  problem: DynamicProblem,
  cfg: HandicapConfig,
  seed: number,
  callbackList: Callback[] = [],
): HandicapResult {
  const callbacks = new CallbackList(callbackList);
  const onProgress = progressOf(callbacks);
  const design = designHandicapMechanism(problem, cfg, seed, callbackList);
  const t1 = performance.now();
  const certificate = sampledCertificate(
    problem,
    design.mechanism,
    handicapCertificateSpec(cfg, seed),
    (done, total, stage) => onProgress({ stage, done, total }),
  );
  callbacks.onEnd({ step: problem.agents * INTERIM_QUANTILES.length });
  return {
    ...design,
    certificate,
    interim: certificate.agents.map((a) => a.utilityByInitialType ?? []),
    minInterimUtility: certificate.minInterimUtility!,
    certifySeconds: (performance.now() - t1) / 1000,
  };
}

/** Progress per stage ("design", "certify", "interim"): `step` of `total` within the stage. */
function progressOf(callbacks: CallbackList<unknown>) {
  return (p: { stage: string; done: number; total: number; info?: Record<string, number> }) =>
    callbacks.onStep(
      { step: p.done, total: p.total, phase: p.stage, metrics: p.info ?? {} },
      undefined,
    );
}

export function designHandicapMechanism(
  problem: DynamicProblem,
  cfg: HandicapConfig,
  seed: number,
  callbackList: Callback[] = [],
): HandicapDesign {
  // Keeps the scale of highest sampled profit (the first among equals): its index.
  const keep = new KeepBest<unknown, number>("profit", () => candidates.length - 1);
  const onProgress = progressOf(new CallbackList([...callbackList, keep]));
  // Several goods: the single-good problem is designed and run per good (per-good.ts).
  const plan = goodsPlan(problem, "--designer", "handicap needs one good, or independent goods");
  if (plan.singles.length > 1) throw new UsageError("--designer", "handicap needs identical goods");
  const single = plan.singles[0];
  if (single.initialMarginal(0).kind !== "continuous")
    throw new UsageError(
      "--problem",
      "the handicap designer needs continuous initial values (values=continuous); for discrete ones use --designer bilevel",
    );
  const t0 = performance.now();
  const designTotal = cfg.scales.length * ((cfg.nodes + 1) * single.agents + 1);
  let done = 0;
  const candidates: ScaleCandidate[] = [];
  const built: HandicapTeamMechanism[] = [];
  for (const scale of cfg.scales) {
    const t = performance.now();
    const params = resolveParams("handicap-team", handicapTeamParams, {
      scale,
      nodes: cfg.nodes,
      samples: cfg.feeSamples,
      "level-samples": cfg.levelSamples,
    });
    const mech = computeHandicapTeam(single, params, {
      seed,
      onNode: () => onProgress({ stage: "design", done: ++done, total: designTotal }),
    });
    // The same seed for every scale: profits are compared on the same nature draws.
    const { revenue, profit } = evaluateTruthfulSampled(single, mech, cfg.samples, seed + 1);
    candidates.push({ scale, revenue, profit, seconds: (performance.now() - t) / 1000 });
    built.push(mech);
    onProgress({
      stage: "design",
      done: ++done,
      total: designTotal,
      info: { k: scale, profit: profit.value },
    });
  }
  const chosen = keep.best!.snapshot;
  const designSeconds = (performance.now() - t0) / 1000;
  const mechanism = composeGoods(problem, plan, [built[chosen]]);
  return {
    designer: handicapLabel(cfg),
    config: cfg,
    candidates,
    chosen,
    mechanism,
    ...(plan.perGood ? { perGood: plan.perGood } : {}),
    designSeconds,
  };
}
