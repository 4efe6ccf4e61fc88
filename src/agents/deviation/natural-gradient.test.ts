import { describe, expect, it } from "vitest";
import { Rng } from "../../engine/rng.js";
import { simulate, trajectorySeed } from "../../evaluation/simulate.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { buildProblem } from "../../problems/registry.js";
import { truthful } from "../strategy.js";
import { RecurrentDeviation } from "../recurrent-deviation.js";
import {
  conjugateGradient,
  fisherProduct,
  meanGaussianKl,
  naturalStep,
  type GaussianDecisions,
} from "./natural-gradient.js";
import { RecurrentDecisions } from "./recurrent-decisions.js";

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((s, x, k) => s + x * b[k], 0);

/** A linear-mean policy a_c = x_c · θ[0..d), log σ = θ[d]: F̄ = XᵀWX/(σ²Σw) ⊕ 2. */
function linearPolicy(X: number[][]): GaussianDecisions {
  const d = X[0].length;
  return {
    size: d + 1,
    count: X.length,
    means: (th) => Float64Array.from(X, (x) => dot(x, th)),
    jvp: (v) => Float64Array.from(X, (x) => dot(x, v)),
    vjp: (u) => {
      const g = new Float64Array(d + 1);
      X.forEach((x, c) => x.forEach((xf, f) => (g[f] += u[c] * xf)));
      return g;
    },
  };
}

/** Gaussian elimination with partial pivoting (dense reference solve). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(M[r][i]) > Math.abs(M[p][i])) p = r;
    [M[i], M[p]] = [M[p], M[i]];
    for (let r = i + 1; r < n; r++) {
      const f = M[r][i] / M[i][i];
      for (let c = i; c <= n; c++) M[r][c] -= f * M[i][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let c = i + 1; c < n; c++) s -= M[i][c] * x[c];
    x[i] = s / M[i][i];
  }
  return x;
}

describe("natural-gradient step of a Gaussian policy", () => {
  it("conjugate gradient solves an SPD system in at most n iterations", () => {
    const rng = new Rng(1);
    const n = 12;
    const B = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal()));
    // A = BᵀB/n + 0.05 I: symmetric positive definite, condition number in the hundreds.
    const A = B.map((_, i) =>
      B.map((_, j) => B.reduce((s, row) => s + row[i] * row[j], 0) / n + (i === j ? 0.05 : 0)),
    );
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const apply = (v: Float64Array) => Float64Array.from(A, (row) => dot(row, v));
    // Exact in n steps (up to rounding): the residual after n iterations is tiny …
    const { x, iterations, residual } = conjugateGradient(apply, b, {
      iterations: n,
      tolerance: 0,
    });
    expect(iterations).toBe(n);
    expect(residual).toBeLessThan(1e-8 * Math.sqrt(dot(b, b)));
    // … and one iteration is far from it (the test would see a wrong update).
    expect(conjugateGradient(apply, b, { iterations: 1 }).residual).toBeGreaterThan(0.05);
    const ref = solve(A, Array.from(b));
    x.forEach((xi, k) => expect(xi).toBeCloseTo(ref[k], 8));
  });

  it("mean and log σ only: the step is the analytic natural gradient (σ² g_μ, g_σ/2), on the trust region", () => {
    const pol = linearPolicy(Array.from({ length: 7 }, () => [1])); // a_c = θ0 at 7 decisions
    const theta = Float64Array.of(0.3, Math.log(0.4));
    const weights = [1, 2, 0.5, 1, 1, 3, 0.25];
    const g = Float64Array.of(1.7, -0.6);
    const delta = 0.01;
    const res = naturalStep(pol, theta, g, weights, { maxKl: delta, damping: 0 });
    expect(res.direction[0]).toBeCloseTo(0.16 * 1.7, 12);
    expect(res.direction[1]).toBeCloseTo(-0.6 / 2, 12);
    // Quadratic model ½ xᵀF̄x = δ gives the scale; the exact KL is at most δ.
    expect(res.kl).toBeLessThanOrEqual(delta + 1e-12);
    expect(res.kl).toBeGreaterThan(0.2 * delta);
    // Mean only: the KL is exactly quadratic, Δμ²/(2σ²) = δ, no halving.
    const mean = naturalStep(pol, theta, Float64Array.of(1.7, 0), weights, {
      maxKl: delta,
      damping: 0,
    });
    expect(mean.halvings).toBe(0);
    expect(mean.step[0]).toBeCloseTo(Math.sqrt(2 * delta) * 0.4, 12);
    expect(mean.kl).toBeCloseTo(delta, 12);
  });

  it("linear mean: CG on Fisher–vector products equals the dense solve of F̄x = g, and beats the plain gradient at equal KL", () => {
    const rng = new Rng(2);
    const X = Array.from({ length: 30 }, () => Array.from({ length: 5 }, () => rng.normal()));
    const w = X.map(() => 0.2 + rng.uniform());
    const W = w.reduce((a, b) => a + b, 0);
    const logStd = -0.7;
    const s2 = Math.exp(2 * logStd);
    const F = Array.from({ length: 6 }, (_, i) =>
      Array.from({ length: 6 }, (_, j) =>
        i === 5 || j === 5
          ? i === j
            ? 2
            : 0
          : X.reduce((s, x, c) => s + (w[c] * x[i] * x[j]) / (s2 * W), 0),
      ),
    );
    const g = Float64Array.from({ length: 6 }, () => rng.normal());
    const pol = linearPolicy(X);
    const theta = Float64Array.from({ length: 6 }, (_, k) => (k === 5 ? logStd : rng.normal()));
    const res = naturalStep(pol, theta, g, w, { maxKl: 1e-3, damping: 0 });
    const ref = solve(F, Array.from(g));
    res.direction.forEach((x, k) => expect(x).toBeCloseTo(ref[k], 9));
    // The Fisher product is the matrix F̄.
    const Fg = fisherProduct(pol, w, logStd)(g);
    F.forEach((row, i) => expect(Fg[i]).toBeCloseTo(dot(row, g), 12));
    // Among steps of equal quadratic KL ½ΔᵀF̄Δ, the natural one gains the most to first order.
    const quad = (d: ArrayLike<number>) =>
      0.5 *
      dot(
        d,
        Float64Array.from(F, (r) => dot(r, d)),
      );
    const plain = Float64Array.from(g, (x) => x * Math.sqrt(quad(res.step) / quad(g)));
    expect(dot(g, res.step)).toBeGreaterThan(1.05 * dot(g, plain));
  });

  it("recurrent policy: J v matches finite differences of the means, Jᵀu is its adjoint, and the step's KL ≤ δ", () => {
    const p = buildProblem("bandit-auction(values=continuous,horizon=3,items=2)");
    const mech = buildMechanism("first-price", p);
    const net = new RecurrentDeviation(p, 0, 4, 5, -0.5);
    const rng = new Rng(8);
    for (let k = 0; k < net.theta.length - 1; k++) net.theta[k] += 0.3 * rng.normal();
    net.explore = true;
    const all: ReturnType<RecurrentDeviation["decisions"]> = [];
    for (let t = 0; t < 4; t++) {
      net.begin(11 + t);
      simulate(p, mech, [net, truthful], trajectorySeed(4, t));
      const off = all.length;
      for (const d of net.decisions())
        all.push({ ...d, parent: d.parent >= 0 ? d.parent + off : -1 });
    }
    expect(all.length).toBe(4 * 3 * 2);
    const dec = new RecurrentDecisions(net, all);
    const P = net.theta.length;
    const v = Float64Array.from({ length: P }, () => rng.normal());
    const u = Float64Array.from({ length: all.length }, () => rng.normal());
    const Jv = dec.jvp(v);
    const h = 1e-6;
    const up = dec.means(Float64Array.from(net.theta, (x, k) => x + h * v[k]));
    const down = dec.means(Float64Array.from(net.theta, (x, k) => x - h * v[k]));
    Jv.forEach((x, c) => expect(x).toBeCloseTo((up[c] - down[c]) / (2 * h), 6));
    // (J v uses the recorded hidden states, the differences recompute them: the match also
    // checks that decisions() records each chain's states and parents as the policy played them.)
    // Jᵀ is J's adjoint:
    expect(dot(u, Jv)).toBeCloseTo(dot(dec.vjp(u), v), 10);
    const w = all.map(() => 1);
    const g = dec.vjp(u); // a gradient in the range of J, as a score-function gradient is
    g[P - 1] = 0.3;
    for (const delta of [1e-3, 0.05]) {
      const res = naturalStep(dec, net.theta, g, w, { maxKl: delta });
      const after = Float64Array.from(net.theta, (x, k) => x + res.step[k]);
      const kl = meanGaussianKl(
        dec.means(net.theta),
        net.theta[P - 1],
        dec.means(after),
        after[P - 1],
        w,
      );
      expect(kl).toBeCloseTo(res.kl, 12);
      expect(kl).toBeLessThanOrEqual(delta);
      expect(kl).toBeGreaterThan(0.1 * delta); // a real step, not a collapsed one
      expect(dot(g, res.step)).toBeGreaterThan(0); // an ascent direction
    }
  });
});
