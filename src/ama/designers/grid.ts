// Grid-search designer (Curry et al. 2024 §5 "Grid search"; Algorithm 1's initialisation): Sobol
// points in the box b ∈ [−β, β]^{|S||A|} (β = the environment's boost scale) and, when
// weights are trained, ω ∈ [−1, 1]^n; each point is scored exactly on the same `samples`
// profiles (common random numbers), the best `top` are rescored on `rescore` fresh profiles
// and the best of those (VCG included as a candidate) is returned.
import { Rng } from "../../engine/rng.js";
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import { meanObjective, ProfileBank } from "../evaluate.js";
import { fromVector, paramDim } from "../params.js";
import { Sobol } from "../sobol.js";
import { KeepBest } from "../../core/callbacks.js";
import type { AmaParams } from "../params.js";
import { scoreSign, startCallbacks, stepAndCheck, type AmaDesigner } from "./designer.js";
import type { AmaEnvironment } from "../environment.js";

export const gridParams: ParamSpecs = {
  points: { type: "number", default: 2000, min: 1, integer: true, doc: "Sobol points" },
  samples: { type: "number", default: 1000, min: 1, integer: true, doc: "profiles per point" },
  top: { type: "number", default: 5, min: 1, integer: true, doc: "points rescored" },
  rescore: { type: "number", default: 5000, min: 1, integer: true, doc: "profiles to rescore" },
};

/**
 * Sobol points θ in the search box, each scored exactly on the same `samples` profiles,
 * best first (VCG, θ = 0, is among them). Shared by the grid designer and the multi-start
 * initialisation of Curry et al. 2024 Algorithm 1. `onProgress` (every 100 points) returning
 * true ends the search early: the points scored so far are returned.
 */
export function sobolCandidates(
  env: AmaEnvironment,
  points: number,
  samples: number,
  rng: Rng,
  onProgress?: (done: number, best: number) => boolean | void,
): { score: number; theta: Float64Array }[] {
  const sign = scoreSign(env);
  const bank = new ProfileBank(env, samples, rng.nextU32() | 0);
  const d = paramDim(env);
  const nb = env.mdp.nStates * env.mdp.nActions;
  const sobol = new Sobol(d, rng.nextU32() | 0);
  sobol.next(); // skip the origin (a corner of the box)
  const u = new Float64Array(d);
  const out: { score: number; theta: Float64Array }[] = [];
  const zero = new Float64Array(d);
  out.push({ score: sign * meanObjective(bank, fromVector(env, zero)), theta: zero });
  let best = out[0].score;
  for (let k = 1; k <= points; k++) {
    sobol.next(u);
    const theta = new Float64Array(d);
    for (let j = 0; j < d; j++) theta[j] = (2 * u[j] - 1) * (j < nb ? env.boostScale : 1);
    const score = sign * meanObjective(bank, fromVector(env, theta));
    out.push({ score, theta });
    best = Math.max(best, score);
    if ((k % 100 === 0 || k === points) && onProgress?.(k, sign * best) === true) break;
  }
  return out.sort((a, b) => b.score - a.score);
}

export function gridDesigner(p: Record<string, ParamValue>): AmaDesigner {
  const N = p.points as number;
  const M = p.samples as number;
  const top = p.top as number;
  const name = `grid(points=${N},samples=${M},top=${top},rescore=${p.rescore})`;
  return {
    design(env, opts) {
      const callbacks = startCallbacks(opts, N);
      const rng = new Rng(opts.seed);
      const sign = scoreSign(env);
      const trace = [{ step: 0, validation: NaN }];
      let stopped = false;
      const scored = sobolCandidates(env, N, M, rng, (k, best) => {
        trace.push({ step: k, validation: best });
        stopped = stepAndCheck(callbacks, { step: k, total: N, metrics: { best } });
        return stopped;
      });
      if (!stopped) callbacks.onEnd({ step: N });
      const vcg = scored.find((s) => s.theta.every((x) => x === 0))!;
      trace[0].validation = sign * vcg.score;
      const finalists = scored.slice(0, top);
      if (!finalists.includes(vcg)) finalists.push(vcg);
      const rescoreBank = new ProfileBank(env, p.rescore as number, rng.nextU32() | 0);
      // The finalist of best rescored objective (signed: higher is better).
      const keep = new KeepBest<AmaParams, AmaParams>("score", (params) => params);
      finalists.forEach((f, k) => {
        const params = fromVector(env, f.theta);
        const score = sign * meanObjective(rescoreBank, params);
        keep.onStep({ step: k + 1, metrics: { score } }, params);
      });
      const best = keep.best?.snapshot ?? fromVector(env, finalists[0].theta);
      return { params: best, designer: name, trace };
    },
  };
}
