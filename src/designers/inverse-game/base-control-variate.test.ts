import { describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import { initEngine, type Tensor } from "../../engine/jax.js";
import { Rng } from "../../engine/rng.js";
import { ResidualMechanism } from "../../mechanisms/neural/residual.js";
import { designers } from "../registry.js";
import { AUTO_BASELINE, type BaselineMode } from "./base-control-variate.js";
import type { Estimates } from "./oracle.js";
import { disposeAll, toTensors } from "./params.js";
import { SampledTreeOracle } from "./sampled-oracle.js";
import { controlVariateOf } from "./sgda-entry.js";
import { tinyContinuous, tinyHandicap } from "./continuous.fixture.js";

const cont = tinyContinuous();
const { handicap, saved } = tinyHandicap(cont);

/** A residual mechanism at θ₀ (the handicap mechanism) or moved: payment heads off zero. */
const residual = (moved: boolean) => {
  const mech = new ResidualMechanism(cont, { width: 8, init: 2 }, handicap, saved);
  if (moved) {
    const rng = new Rng(17);
    mech.net.shapes.forEach((s, k) => {
      const w = mech.net.weights[k];
      if (s.name === "pay2.b") w.fill(0.1);
      if (s.name === "pay2.W") w.forEach((_, j) => (w[j] = 0.1 * rng.normal()));
    });
  }
  return mech.net;
};

const oracleOf = (control: BaselineMode | undefined, seed = 5, withBase = true) => {
  const net = residual(false);
  return new SampledTreeOracle(
    cont,
    net.layout,
    net.arch,
    { scenarios: 16, bins: 4, hidden: 4, seed, baseScenarios: 512, controlVariate: control },
    withBase ? handicap : undefined,
  );
};

/** `calls` evaluations at θ with deviation policies w (exactly truthful unless `lying`). */
function estimates(oracle: SampledTreeOracle, moved: boolean, calls: number, lying = false) {
  const net = residual(moved);
  const theta = toTensors(net.weights, net.shapes);
  const rng = new Rng(23);
  const w: Tensor[][] = [0, 1].map((i) => {
    const p = oracle.initPolicy(new Rng(40 + i));
    if (lying) p.forEach((a) => a.forEach((_, j) => (a[j] += 0.5 * rng.normal())));
    return toTensors(p, oracle.policyShapes());
  });
  const out: Estimates[] = [];
  for (let k = 0; k < calls; k++) out.push(oracle.evaluate(theta, w, [1, 1]).est);
  disposeAll(theta);
  w.forEach(disposeAll);
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

describe("control variates on the base mechanism (start=handicap)", () => {
  it("at θ₀ the estimates are the base's means on every call; the plain ones vary", async () => {
    await initEngine();
    const cv = oracleOf("full");
    const plain = oracleOf("off");
    const M = (cv as unknown as { control: { moments: Estimates } }).control.moments;
    // A lying adversary: the plain ψ is nonzero, ψ̃ = ψ(θ₀) − ψ(base) is exactly zero.
    const a = estimates(cv, false, 4, true);
    const b = estimates(plain, false, 4, true);
    for (const e of a) {
      expect(e.revenue).toBe(M.revenue);
      expect(e.interim).toEqual(M.interim);
      expect(e.utility).toEqual(M.utility);
      expect(e.regret).toEqual([0, 0]);
    }
    expect(sd(b.map((e) => e.revenue))).toBeGreaterThan(0.01);
    expect(sd(b.map((e) => e.interim[0][0]))).toBeGreaterThan(0.01);
    expect(b.some((e) => Math.abs(e.regret[0]) > 1e-4)).toBe(true);
    cv.dispose();
    plain.dispose();
  });

  it("unbiased away from θ₀: paired with the plain estimator over the same calls, and less noisy", async () => {
    await initEngine();
    const cv = oracleOf("truthful");
    const plain = oracleOf("off");
    const M = (
      cv as unknown as {
        control: { moments: { stderr: { revenue: number; interim: number[][] } } };
      }
    ).control.moments;
    const N = 40;
    // Same seed: the two oracles draw the same scenarios on every call (paired).
    const a = estimates(cv, true, N);
    const b = estimates(plain, true, N);
    const check = (f: (e: Estimates) => number, seBar: number) => {
      const d = a.map((e, k) => f(e) - f(b[k]));
      const se = Math.hypot(sd(d) / Math.sqrt(N), seBar);
      expect(Math.abs(mean(d))).toBeLessThan(3.5 * se);
      // The control variate removes most of the call-to-call noise.
      expect(sd(a.map(f))).toBeLessThan(0.5 * sd(b.map(f)));
    };
    check((e) => e.revenue, M.stderr.revenue);
    for (const k of [0, 3]) check((e) => e.interim[0][k], M.stderr.interim[0][k]);
    // The moved payments are live: the revenue is not the base's.
    const base = (cv as unknown as { control: { moments: Estimates } }).control.moments.revenue;
    expect(Math.abs(mean(a.map((e) => e.revenue)) - base)).toBeGreaterThan(0.05);
    cv.dispose();
    plain.dispose();
  });

  it("same seed, same numbers; off is the plain estimator", async () => {
    await initEngine();
    const [x, y] = [oracleOf("full", 9), oracleOf("full", 9)];
    expect(estimates(x, true, 2, true)).toEqual(estimates(y, true, 2, true));
    const [p, q] = [oracleOf("off", 9), oracleOf(undefined, 9)];
    expect(estimates(p, true, 2, true)).toEqual(estimates(q, true, 2, true));
    [x, y, p, q].forEach((o) => o.dispose());
  });

  it("refuses a control variate without a base, naming the field", () => {
    expect(() => oracleOf("truthful", 5, false)).toThrow(UsageError);
    expect(() => oracleOf("full", 5, false)).toThrow(/baseline/);
    expect(() => designers.build("penalty(baseline=on)", "--designer")).toThrow(/baseline/);
    expect(() => controlVariateOf(false, "full")).toThrow(/baseline.*start=handicap/s);
    // The default path: no start, no control variate in the configuration at all.
    expect(controlVariateOf(false, "auto")).toEqual({});
    expect(controlVariateOf(false, "off")).toEqual({});
    expect(controlVariateOf(true, "auto")).toEqual({ controlVariate: AUTO_BASELINE });
    expect(controlVariateOf(true, "off")).toEqual({ controlVariate: "off" });
  });
});
