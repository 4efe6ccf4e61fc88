// Curry et al. 2024 Algorithm 1 in full: grid search (Sobol points scored exactly) picks m starting
// points, a gradient designer (zeroth or smooth) ascends from each, and the start whose result
// scores best on a common validation bank is returned. `starts=1` with the default inner
// designer is the plain gradient designer started from the best grid point.
import { Rng } from "../../engine/rng.js";
import { UsageError } from "../../core/errors.js";
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import { meanObjective, ProfileBank } from "../evaluate.js";
import { KeepBest, type StepRecord } from "../../core/callbacks.js";
import type { AmaParams } from "../params.js";
import {
  scoreSign,
  startCallbacks,
  stepAndCheck,
  type AmaDesigner,
  type DesignTracePoint,
} from "./designer.js";
import { sobolCandidates } from "./grid.js";
import { smoothDesigner, smoothParams } from "./smooth.js";
import { zerothDesigner, zerothParams } from "./zeroth.js";
import { resolveParams } from "../../core/spec.js";

export const multistartParams: ParamSpecs = {
  inner: {
    type: "enum",
    default: "smooth",
    values: ["smooth", "zeroth"],
    doc: "gradient designer run from each start",
  },
  starts: { type: "number", default: 3, min: 1, max: 20, integer: true, doc: "starting points m" },
  points: {
    type: "number",
    default: 500,
    min: 1,
    integer: true,
    doc: "Sobol points for the starts",
  },
  samples: { type: "number", default: 500, min: 1, integer: true, doc: "profiles per Sobol point" },
  iterations: {
    type: "number",
    default: 300,
    min: 1,
    integer: true,
    doc: "gradient steps per start",
  },
  validation: {
    type: "number",
    default: 2000,
    min: 10,
    integer: true,
    doc: "profiles to pick the best start",
  },
};

export function multistartDesigner(p: Record<string, ParamValue>): AmaDesigner {
  const inner = p.inner as "smooth" | "zeroth";
  const m = p.starts as number;
  const innerArgs = { iterations: p.iterations as number, validation: p.validation as number };
  const make = inner === "smooth" ? smoothDesigner : zerothDesigner;
  const specs = inner === "smooth" ? smoothParams : zerothParams;
  const innerParams = resolveParams(inner, specs, innerArgs);
  const name = `multistart(inner=${inner},starts=${m},points=${p.points},samples=${p.samples},iterations=${p.iterations},validation=${p.validation})`;
  return {
    design(env, opts) {
      if ((p.points as number) + 1 < m)
        throw new UsageError("starts", `needs at least as many Sobol points as starts (${m})`);
      const rng = new Rng(opts.seed);
      const sign = scoreSign(env);
      const starts = sobolCandidates(env, p.points as number, p.samples as number, rng).slice(0, m);
      const bank = new ProfileBank(env, p.validation as number, rng.nextU32() | 0);
      const trace: DesignTracePoint[] = [];
      // The start whose result scores best on the common bank (signed: higher is better).
      const keep = new KeepBest<AmaParams, AmaParams>("score", (params) => params);
      const T = p.iterations as number;
      const callbacks = startCallbacks(opts, m * T);
      let stopped = false;
      let firstParams: AmaParams | undefined;
      for (let k = 0; k < m && !stopped; k++) {
        // The inner run's records, renumbered over all starts; a stop ends the whole search.
        const forward = {
          onStep: (r: StepRecord) => {
            const step = k * T + r.step;
            const metrics = { start: k + 1, ...r.metrics };
            stopped = stepAndCheck(callbacks, { step, total: m * T, metrics });
            return stopped ? ("stop" as const) : undefined;
          },
        };
        const res = make(innerParams).design(env, {
          seed: rng.nextU32() | 0,
          start: starts[k].theta,
          callbacks: [forward],
        });
        firstParams ??= res.params;
        const score = sign * meanObjective(bank, res.params);
        trace.push({ step: k + 1, validation: sign * score });
        keep.onStep({ step: k + 1, metrics: { score } }, res.params);
      }
      if (!stopped) callbacks.onEnd({ step: m * T });
      // Every score NaN (a degenerate bank): keep the first start rather than fail.
      return { params: keep.best?.snapshot ?? firstParams!, designer: name, trace };
    },
  };
}
