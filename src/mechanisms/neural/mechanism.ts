// The neural direct mechanism as a `Mechanism`: evaluators call `outcome(history, reports)`
// (plain-JS forward of network.ts on public information only), and designers read and replace
// its weights. Saved state: the architecture's weights as plain number arrays.
import { UsageError } from "../../core/errors.js";
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import { Rng } from "../../engine/rng.js";
import type { DynamicProblem, Outcome, PublicHistory } from "../../problems/types.js";
import type { Mechanism } from "../types.js";
import { allocFeatureBatch, encodePublic, featureLayout, type FeatureLayout } from "./features.js";
import {
  initParams,
  mechanismForwardJs,
  mechanismParamShapes,
  type MechanismArch,
  type ParamShape,
  type PaymentMode,
} from "./network.js";

export const neuralParams: ParamSpecs = {
  width: { type: "number", default: 64, min: 4, max: 512, integer: true, doc: "trunk width" },
  payments: {
    type: "enum",
    default: "fraction",
    values: ["fraction", "free"],
    doc: "fraction: p_i = Σ_j x_ij r_ij σ(z_ij) (interim IR by construction); free: any payment",
  },
  init: { type: "number", default: 0, min: 0, integer: true, doc: "seed of the initial weights" },
};

export class NeuralMechanism implements Mechanism {
  readonly name: string;
  readonly layout: FeatureLayout;
  readonly arch: MechanismArch;
  readonly shapes: ParamShape[];
  weights: Float32Array[];
  private readonly batch;

  constructor(
    problem: DynamicProblem,
    readonly params: Record<string, ParamValue>,
    weights?: Float32Array[],
  ) {
    this.layout = featureLayout(problem);
    this.arch = { width: params.width as number, payments: params.payments as PaymentMode };
    this.shapes = mechanismParamShapes(this.layout, this.arch);
    this.weights = weights ?? initParams(this.shapes, new Rng(params.init as number));
    this.name = `neural(width=${this.arch.width},payments=${this.arch.payments})`;
    this.batch = allocFeatureBatch(this.layout, 1);
  }

  outcome(history: PublicHistory, reports: Float64Array): Outcome {
    encodePublic(this.layout, history, reports, this.batch, 0);
    return mechanismForwardJs(this.weights, this.batch, 0, this.layout, this.arch);
  }

  /** The network reads past reports and realized consumption only (features.ts). */
  historyKey(history: PublicHistory): string {
    return history.map((r) => `${r.reports.join(",")}>${r.consumption.join(",")}`).join(";");
  }

  state(): unknown {
    return { shapes: this.shapes, weights: this.weights.map((w) => Array.from(w)) };
  }
}

export function neuralMechanism(
  problem: DynamicProblem,
  params: Record<string, ParamValue>,
  saved?: unknown,
): NeuralMechanism {
  if (saved === undefined || saved === null) return new NeuralMechanism(problem, params);
  const s = saved as { weights?: unknown };
  const mech = new NeuralMechanism(problem, params);
  if (!Array.isArray(s.weights) || s.weights.length !== mech.shapes.length) {
    throw new UsageError("state.weights", `needs ${mech.shapes.length} weight arrays`);
  }
  mech.weights = mech.shapes.map((sh, k) => {
    const w = (s.weights as unknown[])[k];
    const size = sh.shape.reduce((a, b) => a * b, 1);
    if (!Array.isArray(w) || w.length !== size || w.some((x) => typeof x !== "number")) {
      throw new UsageError(`state.weights[${k}]`, `needs ${size} numbers (${sh.name})`);
    }
    return Float32Array.from(w as number[]);
  });
  return mech;
}
