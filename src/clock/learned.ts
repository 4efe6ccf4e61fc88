// Learned advice: bidders carry public features x_i ∈ R^d and a public size s_i, and values
// v_i = s_i·exp(θ·x_i + σ·z_i − (|θ|² + σ²)/2) (z standard normal, mean s_i; θ unknown to the
// designer). A ridge regression of log(v/s) on features, trained on the bidders of past
// auctions, predicts values; the exact solver turns the predictions into the advice
// Ô = argmax over feasible sets of Σ v̂_i. Family "big-vs-small": a knapsack where one bidder
// needs the whole capacity m and m bidders need one unit each — the one-versus-group shape,
// where price-weight water-filling favours the big bidder (the small ones' price weight is at
// most their best uniform revenue, well below their total when values are dispersed).
import type { Rng } from "../engine/rng.js";
import { constraints } from "./constraints/registry.js";
import { randomConstraintName, type Family } from "./generators.js";
import type { ClockInstance } from "./instance.js";

export interface FeatureInstance extends ClockInstance {
  features: number[][];
  sizes: number[];
}

export type LearnedFamily = Family | "big-vs-small";

export interface Market {
  dims: number;
  theta: number[];
  noise: number;
}

export function randomMarket(dims: number, noise: number, rng: Rng): Market {
  return { dims, noise, theta: Array.from({ length: dims }, () => rng.normal() / Math.sqrt(dims)) };
}

export function featureInstance(
  m: Market,
  family: LearnedFamily,
  n: number,
  rng: Rng,
): FeatureInstance {
  const features = Array.from({ length: n }, () =>
    Array.from({ length: m.dims }, () => rng.normal()),
  );
  const sizes = features.map((_, i) => (family === "big-vs-small" && i === 0 ? n - 1 : 1));
  const shift = (dot(m.theta, m.theta) + m.noise * m.noise) / 2;
  const values = features.map(
    (x, i) => sizes[i] * Math.exp(dot(m.theta, x) + m.noise * rng.normal() - shift),
  );
  const name =
    family === "big-vs-small"
      ? `knapsack(capacity=${n - 1},sizes=${sizes.join(";")})`
      : randomConstraintName(family, n, rng);
  const constraint = constraints.build(name, "constraint").value(n);
  return { values, constraint, advice: null, features, sizes };
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** Ridge regression y ≈ w·[1, x] (intercept not penalised), solved by Gaussian elimination. */
export function fitRidge(xs: number[][], ys: number[], lambda = 1e-3): number[] {
  const d = xs[0].length + 1;
  const A = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const b = new Array<number>(d).fill(0);
  xs.forEach((x, r) => {
    const z = [1, ...x];
    for (let i = 0; i < d; i++) {
      b[i] += z[i] * ys[r];
      for (let j = 0; j < d; j++) A[i][j] += z[i] * z[j];
    }
  });
  for (let i = 1; i < d; i++) A[i][i] += lambda * xs.length;
  for (let c = 0; c < d; c++) {
    let piv = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    [b[c], b[piv]] = [b[piv], b[c]];
    for (let r = 0; r < d; r++) {
      if (r === c || A[c][c] === 0) continue;
      const f = A[r][c] / A[c][c];
      for (let j = c; j < d; j++) A[r][j] -= f * A[c][j];
      b[r] -= f * b[c];
    }
  }
  return b.map((v, i) => (A[i][i] === 0 ? 0 : v / A[i][i]));
}

/**
 * Train on the first `bidders` bidders of past auctions (their values revealed afterwards):
 * ridge regression of log(v/s) on features.
 */
export function trainPredictor(past: FeatureInstance[], bidders: number): (x: number[]) => number {
  const xs = past.flatMap((p) => p.features).slice(0, bidders);
  const ys = past
    .flatMap((p) => p.values.map((v, i) => Math.log(v / p.sizes[i])))
    .slice(0, bidders);
  const w = fitRidge(xs, ys);
  return (x) => Math.exp(w[0] + dot(w.slice(1), x));
}

/** The advice: the optimal set for the predicted values. */
export function learnedAdvice(inst: FeatureInstance, predict: (x: number[]) => number): number[] {
  const vhat = inst.features.map((x, i) => inst.sizes[i] * predict(x));
  return inst.constraint.maxWeightFeasible(
    vhat.map((_, i) => i),
    vhat,
  );
}
