// One end-to-end AMA run: build the environment, design with the chosen designer, then
// evaluate VCG and the designed AMA on the same fresh profiles (common random numbers).
// Used by `mechlab ama` and by the table reproductions; no maths here.
import { CallbackList, type Callback } from "../core/callbacks.js";
import type { Measured } from "../core/measured.js";
import type { AmaEnvironment } from "./environment.js";
import { buildAmaDesigner } from "./designers/registry.js";
import { evaluateOnBank, pairedDifference, ProfileBank } from "./evaluate.js";
import { paramsToJson, vcgParams, type AmaParams } from "./params.js";
import type { DesignTracePoint } from "./designers/designer.js";

export interface AmaRunOptions {
  designer: string;
  /** Evaluation profiles (fresh, never seen by the designer). */
  samples: number;
  seed: number;
  /**
   * The shared loop callbacks: the designer's records (phase "design"; a "stop" ends the design
   * early, the best so far is evaluated) and the evaluation's (phase "evaluate", every 500
   * profiles).
   */
  callbacks?: Callback[];
}

export interface AmaRunResult {
  environment: string;
  objective: string;
  designer: string;
  seed: number;
  /** Seed of the evaluation profiles (derived from seed; distinct from the design stream). */
  evaluationSeed: number;
  samples: number;
  vcg: Measured;
  ama: Measured;
  /** AMA − VCG on the same profiles. */
  difference: Measured;
  vcgWelfare: Measured;
  amaWelfare: Measured;
  designSeconds: number;
  evaluationSeconds: number;
  trace: DesignTracePoint[];
  params: AmaParams;
  /** |A| of the environment's MDP: boosts b(s, a) sit at index s·|A| + a. */
  actions: number;
}

/** The evaluation stream is seeded apart from the design stream so they never overlap. */
export const evaluationSeedOf = (seed: number): number => (seed + 0x5eed) | 0;

export function runAma(env: AmaEnvironment, opts: AmaRunOptions): AmaRunResult {
  const { value: designer, name } = buildAmaDesigner(opts.designer);
  const t0 = performance.now();
  const callbacks = new CallbackList(opts.callbacks);
  const design = designer.design(env, {
    seed: opts.seed,
    callbacks: [
      {
        onStart: (info) => callbacks.onStart(info),
        onStep: (r) => callbacks.onStep({ ...r, phase: "design" }, undefined),
      },
    ],
  });
  const t1 = performance.now();
  const evaluationSeed = evaluationSeedOf(opts.seed);
  const bank = new ProfileBank(env, opts.samples, evaluationSeed);
  const [vcg, ama] = evaluateOnBank(bank, [vcgParams(env), design.params], (step, total) =>
    callbacks.onStep({ step, total, phase: "evaluate", metrics: {} }, undefined),
  );
  callbacks.onEnd({ step: opts.samples });
  const t2 = performance.now();
  return {
    environment: env.name,
    objective: env.objectiveName,
    designer: design.designer ?? name,
    seed: opts.seed,
    evaluationSeed,
    samples: opts.samples,
    vcg: vcg.objective,
    ama: ama.objective,
    difference: pairedDifference(ama.perProfile, vcg.perProfile),
    vcgWelfare: vcg.welfare,
    amaWelfare: ama.welfare,
    designSeconds: (t1 - t0) / 1000,
    evaluationSeconds: (t2 - t1) / 1000,
    trace: design.trace,
    params: design.params,
    actions: env.mdp.nActions,
  };
}

/** The JSON summary printed by `mechlab ama --json` (parameters omitted). */
export function runSummary(r: AmaRunResult) {
  return {
    environment: r.environment,
    objective: r.objective,
    designer: r.designer,
    seed: r.seed,
    evaluationSeed: r.evaluationSeed,
    samples: r.samples,
    vcg: r.vcg,
    ama: r.ama,
    difference: r.difference,
    welfare: { vcg: r.vcgWelfare, ama: r.amaWelfare },
    seconds: { design: r.designSeconds, evaluation: r.evaluationSeconds },
  };
}

export function mechanismJson(r: AmaRunResult) {
  return {
    kind: "dynamic-affine-maximizer",
    environment: r.environment,
    designer: r.designer,
    ...paramsToJson(r.params),
    actions: r.actions,
  };
}

/** The files of an AMA run directory: result.json, mechanism.json, metrics.csv. */
export function amaRunFiles(r: AmaRunResult): Record<string, string> {
  const csv = ["step,validation", ...r.trace.map((p) => `${p.step},${p.validation}`)].join("\n");
  return {
    "result.json": JSON.stringify(runSummary(r), null, 2) + "\n",
    "mechanism.json": JSON.stringify(mechanismJson(r), null, 2) + "\n",
    "metrics.csv": csv + "\n",
  };
}
