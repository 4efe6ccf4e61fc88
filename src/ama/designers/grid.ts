// Grid-search designer (seed 002 §5 "Grid search"; Algorithm 1's initialisation): Sobol
// points in the box b ∈ [−β, β]^{|S||A|} (β = the environment's boost scale) and, when
// weights are trained, ω ∈ [−1, 1]^n; each point is scored exactly on the same `samples`
// profiles (common random numbers), the best `top` are rescored on `rescore` fresh profiles
// and the best of those (VCG included as a candidate) is returned.
import { Rng } from "../../engine/rng.js";
import type { ParamSpecs, ParamValue } from "../../core/spec.js";
import { meanObjective, ProfileBank } from "../evaluate.js";
import { fromVector, paramDim, vcgParams, type AmaParams } from "../params.js";
import { Sobol } from "../sobol.js";
import { scoreSign, type AmaDesigner } from "./designer.js";

export const gridParams: ParamSpecs = {
  points: { type: "number", default: 2000, min: 1, integer: true, doc: "Sobol points" },
  samples: { type: "number", default: 1000, min: 1, integer: true, doc: "profiles per point" },
  top: { type: "number", default: 5, min: 1, integer: true, doc: "points rescored" },
  rescore: { type: "number", default: 5000, min: 1, integer: true, doc: "profiles to rescore" },
};

export function gridDesigner(p: Record<string, ParamValue>): AmaDesigner {
  const N = p.points as number;
  const M = p.samples as number;
  const top = p.top as number;
  const name = `grid(points=${N},samples=${M},top=${top},rescore=${p.rescore})`;
  return {
    design(env, opts) {
      const rng = new Rng(opts.seed);
      const sign = scoreSign(env);
      const bank = new ProfileBank(env, M, rng.nextU32() | 0);
      const d = paramDim(env);
      const nb = env.mdp.nStates * env.mdp.nActions;
      const sobol = new Sobol(d, rng.nextU32() | 0);
      sobol.next(); // skip the origin (a corner of the box)
      const u = new Float64Array(d);
      const theta = new Float64Array(d);
      const scored: { score: number; params: AmaParams }[] = [];
      const vcg = vcgParams(env);
      scored.push({ score: sign * meanObjective(bank, vcg), params: vcg });
      const trace = [{ step: 0, validation: sign * scored[0].score }];
      for (let k = 1; k <= N; k++) {
        sobol.next(u);
        for (let j = 0; j < d; j++) {
          const half = j < nb ? env.boostScale : 1;
          theta[j] = (2 * u[j] - 1) * half;
        }
        const params = fromVector(env, theta);
        scored.push({ score: sign * meanObjective(bank, params), params });
        if (k % 100 === 0 || k === N) {
          const best = Math.max(...scored.map((s) => s.score));
          trace.push({ step: k, validation: sign * best });
          opts.onProgress?.(k, N, { best: (sign * best).toFixed(4) });
        }
      }
      scored.sort((a, b) => b.score - a.score);
      const finalists = scored.slice(0, top);
      if (!finalists.some((f) => f.params === vcg))
        finalists.push(scored.find((s) => s.params === vcg)!);
      const rescoreBank = new ProfileBank(env, p.rescore as number, rng.nextU32() | 0);
      let best = finalists[0];
      let bestScore = -Infinity;
      for (const f of finalists) {
        const s = sign * meanObjective(rescoreBank, f.params);
        if (s > bestScore) {
          bestScore = s;
          best = f;
        }
      }
      return { params: best.params, designer: name, trace };
    },
  };
}
