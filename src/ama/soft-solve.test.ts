import { describe, expect, it } from "vitest";
import { Rng } from "../engine/rng.js";
import { buildAmaEnvironment } from "./environments/registry.js";
import type { AmaEnvironment } from "./environment.js";
import { meanObjective, ProfileBank } from "./evaluate.js";
import { ExactSolver } from "./exact-solve.js";
import { fromVector, paramDim, toVector, vcgParams } from "./params.js";
import { SmoothObjective } from "./smooth-objective.js";
import { SoftSolver } from "./soft-solve.js";

function randomTheta(env: AmaEnvironment, rng: Rng): Float64Array {
  const theta = new Float64Array(paramDim(env));
  for (let k = 0; k < theta.length; k++) theta[k] = 0.3 * rng.normal();
  return theta;
}

describe("soft inner solve → exact as smoothing → 0", () => {
  it.each(["sequential-sales(agents=3,items=2)", "gridworld(agents=2,items=3)"])(
    "%s: soft value → exact value",
    (spec) => {
      const env = buildAmaEnvironment(spec);
      const rng = new Rng(1);
      const SA = env.mdp.nStates * env.mdp.nActions;
      const R = Float64Array.from({ length: SA }, () => rng.uniform());
      const exact = new ExactSolver(env.mdp).solve(R);
      const soft = new SoftSolver(env.mdp);
      const gaps = [1e-1, 1e-2, 1e-3, 1e-4].map((a) => soft.solve(R, a) - exact);
      for (const g of gaps) expect(g).toBeGreaterThanOrEqual(-1e-9); // entropy only adds
      expect(gaps[0]).toBeGreaterThan(0);
      for (let k = 1; k < gaps.length; k++) expect(gaps[k]).toBeLessThanOrEqual(gaps[k - 1]);
      expect(gaps[3]).toBeLessThan(1e-2);
    },
  );

  it.each([
    "sequential-sales(agents=3,items=2,dist=asymmetric)",
    "scheduling(agents=2,items=3)",
    "gridworld(agents=2,items=3)",
  ])("%s: smoothed objective → exact objective", (spec) => {
    const env = buildAmaEnvironment(spec);
    const bank = new ProfileBank(env, 50, 3);
    const params = fromVector(env, randomTheta(env, new Rng(2)));
    const exact = meanObjective(bank, params);
    const idx = Int32Array.from({ length: 50 }, (_, k) => k);
    const sign = env.objective === "revenue" ? 1 : -1;
    const err = [1e-2, 1e-3, 1e-5].map((a) => {
      const nb = env.mdp.nStates * env.mdp.nActions;
      const s = new SmoothObjective(env, a).scoreAndGrad(
        params,
        bank,
        idx,
        new Float64Array(nb),
        new Float64Array(env.nAgents),
      );
      return Math.abs(sign * s - exact);
    });
    expect(err[2]).toBeLessThan(1e-3);
    expect(err[2]).toBeLessThan(err[0]);
  });
});

describe("smoothed objective gradient (hand-written implicit reverse mode)", () => {
  it.each([
    ["sequential-sales(agents=2,items=2,dist=asymmetric)", 0.05],
    ["scheduling(agents=2,items=3,dist=asymmetric)", 0.05],
    ["gridworld(agents=2,items=2)", 0.05],
  ])("%s matches central finite differences", (spec, alpha) => {
    const env = { ...buildAmaEnvironment(spec as string), trainWeights: true };
    const rng = new Rng(5);
    const bank = new ProfileBank(env, 4, 8);
    const idx = Int32Array.of(0, 1, 2, 3);
    const obj = new SmoothObjective(env, alpha as number);
    const nb = env.mdp.nStates * env.mdp.nActions;
    const theta = randomTheta(env, rng);
    const f = (th: Float64Array) =>
      obj.scoreAndGrad(
        fromVector(env, th),
        bank,
        idx,
        new Float64Array(nb),
        new Float64Array(env.nAgents),
      );
    const gB = new Float64Array(nb);
    const gW = new Float64Array(env.nAgents);
    obj.scoreAndGrad(fromVector(env, theta), bank, idx, gB, gW);
    const grad = toVector(env, { boosts: gB, logWeights: gW });
    const h = 1e-5;
    const coords = Array.from({ length: 12 }, () => rng.int(theta.length));
    coords.push(nb, nb + 1); // both log-weights
    for (const j of coords) {
      const tp = Float64Array.from(theta);
      const tm = Float64Array.from(theta);
      tp[j] += h;
      tm[j] -= h;
      const fd = (f(tp) - f(tm)) / (2 * h);
      expect(Math.abs(grad[j] - fd)).toBeLessThan(1e-5 * (1 + Math.abs(fd)));
    }
  });

  it("VCG start: the gradient is finite and non-zero", () => {
    const env = buildAmaEnvironment("sequential-sales(agents=2,items=2)");
    const obj = new SmoothObjective(env, 0.01);
    const nb = env.mdp.nStates * env.mdp.nActions;
    const gB = new Float64Array(nb);
    obj.scoreAndGrad(
      vcgParams(env),
      new ProfileBank(env, 20, 1),
      Int32Array.from({ length: 20 }, (_, k) => k),
      gB,
      new Float64Array(2),
    );
    expect(gB.every(Number.isFinite)).toBe(true);
    expect(gB.some((g) => g !== 0)).toBe(true);
  });
});
