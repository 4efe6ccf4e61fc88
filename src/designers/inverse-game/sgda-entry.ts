// The SGDA designers of the inverse game (acceptance, penalty, lagrangian) behind the Designer
// contract (designer.ts): `--budget` iterations, the neural mechanism's and the oracle's
// settings as flags, and their run-directory files. One entry per InverseGameDesigner.
import { UsageError } from "../../core/errors.js";
import { formatName, resolveParams, type ParamSpecs, type ParamValue } from "../../core/spec.js";
import { handicapConfigOf, handicapDesignerParams } from "../handicap/handicap-designer.js";
import { isDiscrete } from "../../problems/types.js";
import type { Designer } from "../designer.js";
import { runVersions } from "../result-header.js";
import { AUTO_BASELINE, BASELINE_MODES, type BaselineMode } from "./base-control-variate.js";
import type { InverseGameDesigner } from "./designer.js";
import { KERNELS, type KernelOption, type RegretMode, type ThreadsOption } from "./exact-oracle.js";
import { parseParticipation, participationParams } from "../../mechanisms/participation.js";
import { sgdaLossNotion, type PaymentRule } from "./participation.js";
import { convergenceFigure, metricsCsv, resultJson, summaryText } from "./report.js";
import { DEFAULT_DESIGN, design, type DesignConfig } from "./run.js";

/** Flags of every SGDA designer; scenarios and adversary apply on continuous types only. */
export const sgdaFlags: ParamSpecs = {
  width: {
    type: "number",
    default: DEFAULT_DESIGN.mechanism.width,
    min: 4,
    max: 512,
    integer: true,
    doc: "trunk width of the network",
  },
  payments: {
    type: "enum",
    default: DEFAULT_DESIGN.mechanism.payments,
    values: ["fraction", "free"],
    doc: "fraction (ex-post IR and no subsidies by construction) | free",
  },
  // Participation notion: all four with payments=fraction, ex-ante/interim with free (participation.ts).
  ...participationParams,
  regret: {
    type: "enum",
    default: DEFAULT_DESIGN.regret,
    values: ["auto", "full", "one-shot"],
    doc: "regret trees (discrete types)",
  },
  threads: {
    type: "enum",
    default: "auto",
    values: ["auto", "1", "2"],
    doc: "discrete types: threads for the network's forward and gradient (auto = 2 when the union batch has several chunks, with kernel=wasm at least 16384 rows); jax: bit-identical results, wasm: equal to rounding",
  },
  kernel: {
    type: "enum",
    default: "jax",
    values: [...KERNELS],
    doc: "discrete types: the network's engine, jax (jax-js) | wasm (mechlab's WebAssembly SIMD kernel: the same maths, several times faster, rounding differently)",
  },
  scenarios: {
    type: "number",
    default: DEFAULT_DESIGN.sampled.scenarios,
    min: 8,
    max: 4096,
    integer: true,
    doc: "continuous types: scenarios of nature per iteration, a multiple of 8 (interim IR bins)",
  },
  adversary: {
    type: "number",
    default: DEFAULT_DESIGN.sampled.adversary,
    min: 0,
    max: 100_000,
    integer: true,
    doc: "continuous types: fresh-adversary iterations of the sampled certificate (0 = structured deviations only)",
  },
  "adversary-update": {
    type: "enum",
    default: "adam",
    values: ["adam", "npg"],
    doc: "continuous types: the training adversary's step, Adam on the REINFORCE gradient | npg, a natural-gradient step in a KL trust region (docs/npg.md)",
  },
  "certify-update": {
    type: "enum",
    default: "adam",
    values: ["adam", "npg"],
    doc: "continuous types: the certificate's fresh adversary's step (of --adversary iterations), adam | npg (docs/npg.md)",
  },
};

const CONTINUOUS_ONLY = ["scenarios", "adversary", "adversary-update", "certify-update"];
const DISCRETE_ONLY = ["threads", "kernel"];

/** The designers' own parameter for where the mechanism starts (run.ts, residual.ts). */
export const startParam: ParamSpecs = {
  start: {
    type: "enum",
    default: "random",
    values: ["random", "handicap"],
    doc: "random: a random network; handicap: the handicap designer's mechanism plus the network as a residual (continuous types, one good)",
  },
  baseline: {
    type: "enum",
    default: "auto",
    values: ["auto", ...BASELINE_MODES],
    doc: `control variates on the base mechanism (start=handicap; base-control-variate.ts): truthful = on revenue and utilities, full = also on the regret (a conservative estimate); auto = ${AUTO_BASELINE} with start=handicap, off otherwise`,
  },
  rebate: {
    type: "enum",
    default: "auto",
    values: ["auto", "on", "off"],
    doc: "participation rebate before certification (start=handicap; participation-rebate.ts): a constant period-0 payment to each agent lifting its interim utility's 95 % lower bound to zero on the interim grid; incentives unchanged, revenue lower by its sum; auto = on with start=handicap",
  },
};

/** The designer's `rebate` parameter: on with start=handicap unless off; refused without one. */
export function rebateOf(warm: boolean, rebate: ParamValue): { rebate?: true } {
  if (!warm && rebate === "on")
    throw new UsageError(
      "rebate",
      "on needs start=handicap (the rebate is a period-0 payment of the residual mechanism); use rebate=auto or off",
    );
  return warm && rebate !== "off" ? { rebate: true } : {};
}

/**
 * The sampled oracle's control variate for the designer's `baseline` parameter; absent (not
 * "off") without a start, so that a run without one has exactly the configuration it had.
 */
export function controlVariateOf(
  warm: boolean,
  baseline: ParamValue,
): { controlVariate?: BaselineMode } {
  if (!warm && baseline !== "auto" && baseline !== "off")
    throw new UsageError(
      "baseline",
      `${String(baseline)} needs a base mechanism: use it with start=handicap, or baseline=off`,
    );
  if (!warm) return {};
  return { controlVariate: baseline === "auto" ? AUTO_BASELINE : (baseline as BaselineMode) };
}

export function sgdaDesigner(d: InverseGameDesigner): Designer {
  return {
    name: d.name,
    summary: `SGDA: ${d.summary}`,
    types: "discrete (exact trees) and continuous (sampled trees)",
    params: { ...d.params, ...startParam },
    flags: sgdaFlags,
    budget: { default: 1000, doc: "SGDA iterations" },
    checkpoints: true,
    create: ({ start, baseline, rebate, ...params }) => ({
      async design(problem, opts) {
        const given = opts.flags ?? {};
        const warm = start === "handicap";
        const control = controlVariateOf(warm, baseline);
        const rebated = rebateOf(warm, rebate);
        // The residual's payment adjustment has any sign (residual.ts): free payments.
        if (warm && given.payments === "fraction")
          throw new UsageError(
            "--payments",
            "start=handicap adds a free payment adjustment to the handicap payments; use --payments free (its default there)",
          );
        const discrete = isDiscrete(problem);
        for (const f of discrete ? CONTINUOUS_ONLY : DISCRETE_ONLY)
          if (f in given)
            throw new UsageError(
              `--${f}`,
              `applies to the SGDA designers on ${discrete ? "continuous types only" : "discrete types only (the exact-tree oracle)"}`,
            );
        const f = {
          ...Object.fromEntries(Object.entries(sgdaFlags).map(([k, s]) => [k, s.default])),
          ...given,
        };
        const payments = (warm ? "free" : f.payments) as PaymentRule;
        const participation = parseParticipation(f, "--designer");
        const cfg: DesignConfig = {
          ...DEFAULT_DESIGN,
          designer: formatName(d.name, params),
          seed: opts.seed,
          budget: opts.budget ?? 1000,
          mechanism: { width: f.width as number, payments },
          irNotion: sgdaLossNotion(d.name, payments, participation),
          regret: f.regret as RegretMode,
          // Recorded (result.json, checkpoint) only when not the default: wasm rounds
          // differently, so a checkpoint must not resume under the other kernel.
          ...(f.kernel === "wasm" ? { kernel: "wasm" as const } : {}),
          ...rebated,
          ...(warm
            ? { start: handicapConfigOf(resolveParams("handicap", handicapDesignerParams, {})) }
            : {}),
          sampled: {
            ...DEFAULT_DESIGN.sampled,
            scenarios: f.scenarios as number,
            adversary: f.adversary as number,
            adversaryUpdate: f["adversary-update"] as "adam" | "npg",
            // Only when not the default: checkpoints of runs without it keep resuming.
            ...(f["certify-update"] === "npg" ? { certifyUpdate: "npg" as const } : {}),
            ...control,
          },
        };
        const threads = f.threads === "auto" ? "auto" : (Number(f.threads) as ThreadsOption);
        const kernel = f.kernel as KernelOption;
        const res = await design(problem, cfg, { ...opts, threads, kernel });
        return {
          designer: res.designer,
          mechanism: res.chosen.mechanism,
          participation,
          certificate: res.chosen.report,
          history: res.history,
          summary: summaryText(res),
          result: { ...resultJson(res, problem.name, cfg, runVersions()), participation },
          metricsCsv: metricsCsv(res),
          figures: { convergence: convergenceFigure(res) },
        };
      },
    }),
  };
}
