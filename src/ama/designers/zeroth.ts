// Zeroth-order designer (Curry et al. 2024 §4 "Zeroth-order methods", §5 settings): Gaussian
// smoothing gradient estimates. Each step draws a fresh batch of type profiles and K
// Gaussian directions u_k of scale σ, scores θ ± σu_k exactly on the same batch (common random
// numbers, antithetic pairs) and ascends
//   ĝ = (1/K) Σ_k (f(θ+σu_k) − f(θ−σu_k)) / (2σ) · u_k
// with Adam. The perturbations smooth the objective implicitly (Duchi et al. 2012).
import { Rng } from "../../engine/rng.js";
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import { Adam64 } from "../../engine/optim/adam.js";
import { meanObjective, ProfileBank } from "../evaluate.js";
import { fromVector, paramDim } from "../params.js";
import { Checkpoints } from "./checkpoints.js";
import { scoreSign, startCallbacks, stepAndCheck, type AmaDesigner } from "./designer.js";

export const zerothParams: ParamSpecs = {
  iterations: { type: "number", default: 300, min: 1, integer: true, doc: "ascent steps" },
  batch: { type: "number", default: 20, min: 1, integer: true, doc: "type profiles per step" },
  directions: { type: "number", default: 20, min: 1, integer: true, doc: "Gaussian directions" },
  sigma: { type: "number", default: 0.05, min: 0, minExclusive: true, doc: "perturbation scale" },
  lr: { type: "number", default: 0.02, min: 0, minExclusive: true, doc: "Adam learning rate" },
  check: { type: "number", default: 25, min: 1, integer: true, doc: "validate every k steps" },
  validation: { type: "number", default: 2000, min: 10, integer: true, doc: "validation profiles" },
};

export function zerothDesigner(p: Record<string, ParamValue>): AmaDesigner {
  const T = p.iterations as number;
  const B = p.batch as number;
  const K = p.directions as number;
  const sigma = p.sigma as number;
  const lr = p.lr as number;
  const check = p.check as number;
  const name = `zeroth(iterations=${T},batch=${B},directions=${K},sigma=${sigma},lr=${lr},check=${check},validation=${p.validation})`;
  return {
    design(env, opts) {
      const callbacks = startCallbacks(opts, T);
      const rng = new Rng(opts.seed);
      const cp = new Checkpoints(env, p.validation as number, rng.nextU32() | 0);
      const d = paramDim(env);
      const sign = scoreSign(env);
      const theta = opts.start ? Float64Array.from(opts.start) : new Float64Array(d);
      if (opts.start) cp.offer(0, theta);
      const adam = new Adam64(d, lr);
      const g = new Float64Array(d);
      const u = new Float64Array(d);
      const probe = new Float64Array(d);
      for (let t = 1; t <= T; t++) {
        const batch = new ProfileBank(env, B, rng.nextU32() | 0);
        g.fill(0);
        for (let k = 0; k < K; k++) {
          for (let j = 0; j < d; j++) u[j] = rng.normal();
          for (let j = 0; j < d; j++) probe[j] = theta[j] + sigma * u[j];
          const fPlus = sign * meanObjective(batch, fromVector(env, probe));
          for (let j = 0; j < d; j++) probe[j] = theta[j] - sigma * u[j];
          const fMinus = sign * meanObjective(batch, fromVector(env, probe));
          const c = (fPlus - fMinus) / (2 * sigma * K);
          for (let j = 0; j < d; j++) g[j] += c * u[j];
        }
        adam.step(theta, g, 1);
        if (t % check === 0 || t === T) {
          const validation = cp.offer(t, theta);
          if (stepAndCheck(callbacks, { step: t, total: T, metrics: { validation } })) break;
        }
        if (t === T) callbacks.onEnd({ step: T });
      }
      return { params: cp.best, designer: name, trace: cp.trace };
    },
  };
}
