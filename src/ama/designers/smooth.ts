// First-order designer through the entropy-smoothed inner solve (Curry et al. 2024 §4 "Regularized
// linear program", §5 settings: strength 10⁻², 20 profiles per step). Gradients come from the
// hand-written implicit reverse mode in soft-solve.ts (exact for the smoothed problem; tested
// against finite differences). Ascent with Adam; the returned mechanism is evaluated without
// smoothing, so it is exactly truthful.
import { Rng } from "../../engine/rng.js";
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import { Adam64 } from "../../engine/optim/adam.js";
import { ProfileBank } from "../evaluate.js";
import { fromVector, paramDim } from "../params.js";
import { SmoothObjective } from "../smooth-objective.js";
import { Checkpoints } from "./checkpoints.js";
import { startCallbacks, stepAndCheck, type AmaDesigner } from "./designer.js";

export const smoothParams: ParamSpecs = {
  iterations: { type: "number", default: 300, min: 1, integer: true, doc: "ascent steps" },
  batch: { type: "number", default: 20, min: 1, integer: true, doc: "type profiles per step" },
  alpha: { type: "number", default: 0.01, min: 0, minExclusive: true, doc: "entropy strength" },
  lr: { type: "number", default: 0.01, min: 0, minExclusive: true, doc: "Adam learning rate" },
  check: { type: "number", default: 25, min: 1, integer: true, doc: "validate every k steps" },
  validation: { type: "number", default: 2000, min: 10, integer: true, doc: "validation profiles" },
};

export function smoothDesigner(p: Record<string, ParamValue>): AmaDesigner {
  const T = p.iterations as number;
  const B = p.batch as number;
  const alpha = p.alpha as number;
  const lr = p.lr as number;
  const check = p.check as number;
  const name = `smooth(iterations=${T},batch=${B},alpha=${alpha},lr=${lr},check=${check},validation=${p.validation})`;
  return {
    design(env, opts) {
      const callbacks = startCallbacks(opts, T);
      const rng = new Rng(opts.seed);
      const cp = new Checkpoints(env, p.validation as number, rng.nextU32() | 0);
      const d = paramDim(env);
      const nb = env.mdp.nStates * env.mdp.nActions;
      const theta = opts.start ? Float64Array.from(opts.start) : new Float64Array(d);
      if (opts.start) cp.offer(0, theta);
      const adam = new Adam64(d, lr);
      const obj = new SmoothObjective(env, alpha);
      const gB = new Float64Array(nb);
      const gW = new Float64Array(env.nAgents);
      const g = new Float64Array(d);
      const idx = Int32Array.from({ length: B }, (_, k) => k);
      for (let t = 1; t <= T; t++) {
        const batch = new ProfileBank(env, B, rng.nextU32() | 0);
        gB.fill(0);
        gW.fill(0);
        obj.scoreAndGrad(fromVector(env, theta), batch, idx, gB, gW);
        g.set(gB);
        if (env.trainWeights) g.set(gW, nb);
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
