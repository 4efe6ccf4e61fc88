// One design run: problem → oracle (exact trees for discrete types, sampled trees for continuous
// ones) → designer (SGDA schedule) → kept candidates → certification (exact, or sampled with a
// fresh adversary) → the chosen mechanism with its training-time and certified numbers.
import { UsageError } from "../../core/errors.js";
import type { ParamValue } from "../../core/spec.js";
import { initEngine } from "../../engine/jax.js";
import { Rng } from "../../engine/rng.js";
import type { Measured } from "../../core/measured.js";
import { NeuralMechanism } from "../../mechanisms/neural/mechanism.js";
import { ResidualMechanism } from "../../mechanisms/neural/residual.js";
import type { Mechanism } from "../../mechanisms/types.js";
import type { HandicapConfig } from "../handicap/handicap-designer.js";
import { handicapStart } from "./handicap-start.js";
import { isDiscrete, type DynamicProblem } from "../../problems/types.js";
import {
  designCallbacks,
  Interrupted,
  reportStep,
  type DesignOptions,
  type DesignState,
} from "../designer.js";
import { checkLoopState, readSgdaCheckpoint, sgdaCheckpointText } from "./checkpoint.js";
import {
  CERTIFICATE_SEED_OFFSET,
  choose,
  type Certified,
  type SampledCertificate,
} from "./certify.js";
import { certifyCandidates, type RebateInfo } from "./certify-candidates.js";
import type { Candidate, DesignerContext, StepRecord, Tolerances } from "./designer.js";
import {
  ExactTreeOracle,
  type KernelOption,
  type RegretMode,
  type ThreadsOption,
} from "./exact-oracle.js";
import { irViolation, minInterim, type IrNotion } from "./losses.js";
import type { Estimates, Oracle } from "./oracle.js";
import { DEFAULT_SAMPLED, SampledTreeOracle, type SampledOracleOptions } from "./sampled-oracle.js";
import { inverseGameDesigners } from "./registry.js";
import { REBATE_SEED_OFFSET } from "./participation-rebate.js";
import { AUTO_BASELINE, type BaselineMode } from "./base-control-variate.js";
import { DEFAULT_SGDA, Game, type SgdaConfig } from "./sgda.js";

export interface DesignConfig {
  /** Designer name with parameters, e.g. `acceptance(rounds=6)`. */
  designer: string;
  seed: number;
  budget: number;
  mechanism: { width: number; payments: "fraction" | "free" };
  irNotion: IrNotion;
  kappa: number;
  tolerance: Tolerances;
  sgda: SgdaConfig;
  regret: RegretMode;
  /** How many of the last kept candidates the certifier examines. */
  certify: number;
  /**
   * The exact oracle's network engine when it is not jax-js (the run's `kernel` option, which
   * this records): present only for "wasm", so configurations from before it stay equal.
   */
  kernel?: "wasm";
  /** The participation rebate before certification (participation-rebate.ts); absent: none. */
  rebate?: true;
  /**
   * Warm start (continuous types, one good): the handicap designer's mechanism, designed with
   * this configuration first, as the base of a residual network (residual.ts). Absent: a
   * random network.
   */
  start?: HandicapConfig;
  /** Continuous types: the sampled oracle and the sampled certificate (of `candidates` kept). */
  sampled: Omit<SampledOracleOptions, "seed"> &
    Omit<SampledCertificate, "seed"> & { candidates: number };
}

export const DEFAULT_DESIGN: Omit<DesignConfig, "designer" | "seed" | "budget"> = {
  mechanism: { width: 64, payments: "fraction" },
  irNotion: "interim",
  kappa: 0.01,
  tolerance: { profit: 0.05, regret: 0.01, ir: 0.01 },
  sgda: DEFAULT_SGDA,
  regret: "auto",
  certify: 3,
  sampled: {
    ...DEFAULT_SAMPLED,
    samples: 20_000,
    adversary: 300,
    adversaryBatch: 64,
    // The handicap designer's certificate's: its grid's standard errors are ≈ 0.012, not 0.027.
    interimSamples: 50_000,
    candidates: 1,
  },
};

export interface DesignResult {
  designer: string;
  seed: number;
  regretMode: "full" | "one-shot" | "sampled";
  treeSizes: { truthful: number; regret: number; regretRows: number };
  history: StepRecord[];
  candidates: { label: string; step: number; training: TrainingNumbers }[];
  certified: {
    label: string;
    step: number;
    seconds: number;
    revenue: number;
    exploitability: number;
    minInterimUtility: number;
  }[];
  chosen: Certified;
  chosenTraining: TrainingNumbers;
  trainSeconds: number;
  certifySeconds: number;
  /** The chosen candidate's participation rebate, when `rebate` was on. */
  rebate?: RebateInfo;
  /** The warm start's own certificate (the handicap designer's), when `start` was given. */
  start?: {
    designer: string;
    revenue: Measured;
    exploitability: Measured;
    minInterimUtility: Measured;
    seconds: number;
  };
}

export interface TrainingNumbers {
  revenue: number;
  regret: number;
  regretPerAgent: number[];
  irViolation: number;
  minInterimUtility: number;
  exact: boolean;
}

const training = (est: Estimates, notion: IrNotion): TrainingNumbers => ({
  revenue: est.revenue,
  regret: est.regret.reduce((a, b) => a + b, 0),
  regretPerAgent: est.regret,
  irViolation: irViolation(est, notion),
  minInterimUtility: minInterim(est),
  exact: est.exact,
});

/** Σ_τ γ^τ · m · max value: no mechanism can collect more from truthful agents with IR. */
export function revenueUpperBound(problem: DynamicProblem): number {
  const space = problem.typeSpace(0);
  const vmax = space.kind === "discrete" ? Math.max(...space.grid) : space.hi;
  let s = 0;
  for (let t = 0; t < problem.horizon; t++) s += Math.pow(problem.discount, t);
  return s * problem.goods * vmax;
}

export async function design(
  problem: DynamicProblem,
  cfg: DesignConfig,
  opts: Pick<DesignOptions, "callbacks" | "checkpoint" | "resume" | "signal"> & {
    /** Threads of the exact oracle's network (not part of cfg: results do not depend on it). */
    threads?: ThreadsOption;
    /** The exact oracle's network engine (default jax; wasm: the same maths, other rounding). */
    kernel?: KernelOption;
  } = {},
): Promise<DesignResult> {
  const callbacks = designCallbacks(opts);
  const built = inverseGameDesigners.build(cfg.designer, "--designer");
  await initEngine();
  const discrete = isDiscrete(problem);
  if (!discrete && problem.semantics !== "realized")
    throw new UsageError(
      "--problem",
      "continuous types need semantics=realized for the SGDA designers (winners are enumerated per scenario)",
    );
  let startInfo: DesignResult["start"];
  let mechanismOf: (theta: Float32Array[]) => Mechanism;
  let residualOf: ((theta: Float32Array[]) => ResidualMechanism) | undefined;
  let mech0: NeuralMechanism;
  let base: Mechanism | undefined;
  if (cfg.start) {
    const start = await handicapStart(
      problem,
      cfg.start,
      { width: cfg.mechanism.width, seed: cfg.seed },
      opts.signal,
    );
    base = start.base;
    residualOf = start.residualOf;
    mechanismOf = residualOf;
    mech0 = start.residualOf().net;
    startInfo = start.info;
  } else {
    const mechParams: Record<string, ParamValue> = {
      width: cfg.mechanism.width,
      payments: cfg.mechanism.payments,
      init: cfg.seed,
    };
    mech0 = new NeuralMechanism(problem, mechParams);
    mechanismOf = (theta) => new NeuralMechanism(problem, mechParams, theta);
  }
  const oracle: Oracle = discrete
    ? new ExactTreeOracle(problem, mech0.layout, mech0.arch, {
        regret: cfg.regret,
        threads: opts.threads,
        kernel: opts.kernel ?? cfg.kernel,
      })
    : new SampledTreeOracle(
        problem,
        mech0.layout,
        mech0.arch,
        { ...cfg.sampled, seed: cfg.seed },
        base,
      );
  const game = new Game(
    oracle,
    mech0.shapes,
    oracle.policyShapes(),
    mech0.weights,
    cfg.sgda,
    (rng: Rng) => oracle.initPolicy(rng),
    cfg.seed + 7919,
  );
  game.budget = cfg.budget;
  let history: StepRecord[] = [];
  let kept: Candidate[] = [];
  let loop: object | undefined;
  let offset = 0; // seconds spent before a resume
  let trainSeconds = 0;
  let treeSizes: DesignResult["treeSizes"] | undefined;
  let regretMode: DesignResult["regretMode"] = oracle.mode;
  let checkpointed = false;
  let trained = false;
  try {
    if (opts.resume) {
      const c = readSgdaCheckpoint(opts.resume, problem.name, cfg, {
        theta: mech0.shapes,
        policy: oracle.policyShapes(),
        agents: oracle.agents,
      });
      game.loadState(c.game);
      if (c.oracle !== undefined) oracle.loadState?.(c.oracle);
      ({ history, kept, loop } = c);
      trained = c.trained === true;
      offset = history.length ? history[history.length - 1].seconds : 0;
    }
    const t0 = performance.now() - offset * 1000;
    // The whole loop state after the latest record: a resumed run continues from here exactly.
    const state: DesignState = {
      checkpoint: () =>
        sgdaCheckpointText(problem.name, cfg, {
          nextStep: history.length + 1,
          game: game.saveState(),
          oracle: oracle.saveState?.(),
          loop: loop!,
          history,
          kept,
          ...(trained ? { trained: true as const } : {}),
        }),
    };
    const ctx: DesignerContext = {
      game,
      budget: cfg.budget,
      irNotion: cfg.irNotion,
      kappa: cfg.kappa,
      tolerance: cfg.tolerance,
      revenueUpperBound: revenueUpperBound(problem),
      async record(delta, est, loss) {
        const rec: StepRecord = {
          step: history.length + 1,
          delta,
          revenue: est.revenue,
          regret: est.regret.reduce((a, b) => a + b, 0),
          irViolation: irViolation(est, cfg.irNotion),
          minInterim: minInterim(est),
          loss,
          seconds: (performance.now() - t0) / 1000,
          ...(est.stderr
            ? { revenueStderr: est.stderr.revenue, regretStderr: est.stderr.regret }
            : {}),
        };
        history.push(rec);
        // One macrotask turn: the iteration is synchronous, and a Ctrl-C handler (a StopWhen
        // callback) only runs when the event loop gets a turn.
        await new Promise((resolve) => setImmediate(resolve));
        const metrics = {
          ...(Number.isNaN(delta) ? {} : { delta }),
          revenue: rec.revenue,
          regret: rec.regret,
          ir: rec.irViolation,
        };
        reportStep(
          callbacks,
          { step: rec.step, total: cfg.budget, metrics },
          state,
          opts,
          rec.step + 1,
        );
        return rec;
      },
      keep(c) {
        kept.push(c);
      },
    };
    const fresh = built.value.init(ctx);
    if (loop) checkLoopState(loop, fresh);
    else loop = fresh;
    callbacks.onStart({ total: cfg.budget, firstStep: history.length + 1 });
    // A checkpoint written after the loop: its candidates are kept already, certify them.
    if (!trained) await built.value.run(ctx, loop);
    callbacks.onEnd({ step: history.length });
    if (kept.length === 0) {
      kept.push({
        label: "final",
        step: history.length,
        theta: game.thetaArrays(),
        est: game.estimate(),
      });
    }
    // The trained state, so that a run stopped in certification resumes there, not at the
    // last periodic checkpoint.
    trained = true;
    if (opts.checkpoint) {
      opts.checkpoint.save(state.checkpoint!());
      checkpointed = true;
    }
    trainSeconds = (performance.now() - t0) / 1000;
    treeSizes = oracle.sizes();
    regretMode = oracle.mode;
  } finally {
    game.dispose();
    oracle.dispose();
  }

  const t1 = performance.now();
  // A sampled certificate takes minutes (the network runs in JS per period); certify fewer.
  const toCertify = kept.slice(-(discrete ? cfg.certify : cfg.sampled.candidates));
  const done = await certifyCandidates(problem, toCertify, {
    mechanismOf,
    ...(cfg.rebate && residualOf
      ? {
          rebate: {
            residualOf,
            samples: cfg.sampled.interimSamples,
            seed: cfg.seed + REBATE_SEED_OFFSET,
          },
        }
      : {}),
    sampled: discrete ? undefined : { ...cfg.sampled, seed: cfg.seed + CERTIFICATE_SEED_OFFSET },
    signal: opts.signal,
    // Its stages go to the callbacks (the progress bar) as records without metrics, as the
    // handicap designer's certificate does.
    onProgress: (k, count) => (step, total, stage) =>
      callbacks.onStep(
        { step, total, phase: `certify ${k + 1}/${count}: ${stage}`, metrics: {} },
        {},
      ),
  });
  if (!done) throw new Interrupted(history.length + 1, checkpointed, "certification");
  const { certified, rebates } = done;
  const chosen = choose(certified, cfg.tolerance);
  return {
    designer: cfg.start
      ? withStart(built.name, cfg.sampled.controlVariate, cfg.rebate)
      : built.name,
    seed: cfg.seed,
    regretMode,
    treeSizes: treeSizes!,
    history,
    candidates: kept.map((c) => ({
      label: c.label,
      step: c.step,
      training: training(c.est, cfg.irNotion),
    })),
    certified: certified.map((c) => ({
      label: c.candidate.label,
      step: c.candidate.step,
      seconds: c.seconds,
      revenue: c.report.revenue.value,
      exploitability: c.report.exploitability.value,
      minInterimUtility: c.report.minInterimUtility?.value ?? NaN,
    })),
    chosen,
    chosenTraining: training(chosen.candidate.est, cfg.irNotion),
    trainSeconds,
    certifySeconds: (performance.now() - t1) / 1000,
    ...(rebates.has(chosen.candidate) ? { rebate: rebates.get(chosen.candidate) } : {}),
    ...(startInfo ? { start: startInfo } : {}),
  };
}

/**
 * `penalty(rho=20)` → `penalty(rho=20,start=handicap)` (and `,baseline=…`, `,rebate=off` unless
 * they are the defaults): the name the run re-runs as.
 */
function withStart(name: string, control?: BaselineMode, rebate?: true): string {
  const extra =
    `start=handicap${control && control !== AUTO_BASELINE ? `,baseline=${control}` : ""}` +
    (rebate ? "" : ",rebate=off");
  return name.endsWith(")") ? `${name.slice(0, -1)},${extra})` : `${name}(${extra})`;
}
