// Instance generators for tests and measurements: random instances of every constraint family
// (values log-normal, median 1), the one-versus-group lower-bound family, and advice of a
// controlled quality. Every draw comes from a seeded Rng.
import type { Rng } from "../engine/rng.js";
import { constraints } from "./constraints/registry.js";
import type { ClockInstance } from "./instance.js";
import { weightOf } from "./types.js";

export const FAMILIES = [
  "k-uniform",
  "knapsack",
  "interval-scheduling",
  "interference-graph",
  "explicit",
  "one-vs-group",
] as const;
export type Family = (typeof FAMILIES)[number];

/** A random constraint of `family` over n bidders, as its registry name. */
export function randomConstraintName(family: Family, n: number, rng: Rng): string {
  switch (family) {
    case "k-uniform":
      return `k-uniform(k=${1 + rng.int(Math.max(1, Math.floor(n / 2)))})`;
    case "knapsack": {
      const sizes = Array.from({ length: n }, () => 1 + rng.int(10));
      const cap = Math.max(10, Math.round(sizes.reduce((a, b) => a + b, 0) / 3));
      return `knapsack(capacity=${cap},sizes=${sizes.join(";")})`;
    }
    case "interval-scheduling": {
      const iv = Array.from({ length: n }, () => {
        const s = rng.int(16);
        return `${s}-${s + 1 + rng.int(6)}`;
      });
      return `interval-scheduling(machines=${1 + rng.int(2)},intervals=${iv.join(";")})`;
    }
    case "interference-graph": {
      const edges: string[] = [];
      for (let a = 0; a < n; a++)
        for (let b = a + 1; b < n; b++) if (rng.uniform() < 0.35) edges.push(`${a}-${b}`);
      return `interference-graph(k=2,edges=${edges.join(";")})`;
    }
    case "explicit": {
      const sets = Array.from({ length: 3 }, () => {
        const s = Array.from({ length: n }, (_, i) => i).filter(() => rng.uniform() < 0.5);
        return s.length ? s : [rng.int(n)];
      });
      return `explicit(sets=${sets.map((s) => s.join("+")).join(";")})`;
    }
    case "one-vs-group":
      return "one-vs-group";
  }
}

export function randomValues(n: number, rng: Rng): number[] {
  return Array.from({ length: n }, () => Math.max(0.05, Math.exp(rng.normal())));
}

export function randomInstance(family: Family, n: number, rng: Rng): ClockInstance {
  const name = randomConstraintName(family, n, rng);
  const constraint = constraints.build(name, "constraint").value(n);
  return { values: randomValues(n, rng), constraint, advice: null };
}

/** `perFamily` random instances of every family. */
export function suite(perFamily: number, n: number, rng: Rng): ClockInstance[] {
  return FAMILIES.flatMap((f) =>
    Array.from({ length: perFamily }, () => randomInstance(f, n, rng)),
  );
}

/**
 * The lower-bound instance: bidder 0 with value 1.2 against a group with harmonic values 1/r.
 * Every feasible group subset's price weight stays ≤ 1 < 1.2, so price-weight water-filling
 * keeps bidder 0 and loses OPT = H_{n−1}: a ratio ≈ ln(n)/1.2.
 */
export function lowerBoundInstance(n: number): ClockInstance {
  const values = [1.2, ...Array.from({ length: n - 1 }, (_, k) => 1 / (k + 1))];
  const constraint = constraints.build("one-vs-group", "constraint").value(n);
  return { values, constraint, advice: null, floor: 1 / (4 * n) };
}

export function optimalSet(inst: ClockInstance): number[] {
  const all = inst.values.map((_, i) => i);
  return inst.constraint.maxWeightFeasible(all, inst.values);
}

/**
 * Advice of controlled quality: drop each member of OPT with probability `drop`, then add
 * the other bidders in random order while the set stays feasible.
 */
export function noisyAdvice(inst: ClockInstance, drop: number, rng: Rng): number[] {
  const opt = optimalSet(inst);
  const kept = opt.filter(() => rng.uniform() >= drop);
  const inOpt = new Set(opt);
  const others = inst.values.map((_, i) => i).filter((i) => !inOpt.has(i));
  for (let k = others.length - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    [others[k], others[j]] = [others[j], others[k]];
  }
  const out = [...kept];
  for (const i of others) if (inst.constraint.feasible([...out, i])) out.push(i);
  return out.sort((a, b) => a - b);
}

/** The worst advice we construct: a maximal feasible set built from the lowest values up. */
export function worstAdvice(inst: ClockInstance): number[] {
  const order = inst.values.map((_, i) => i).sort((a, b) => inst.values[a] - inst.values[b]);
  const out: number[] = [];
  for (const i of order) if (inst.constraint.feasible([...out, i])) out.push(i);
  return out.sort((a, b) => a - b);
}

/** Prediction error η = OPT / v(Ô) (1 for perfect advice; ∞ for worthless advice). */
export function adviceError(inst: ClockInstance, advice: number[]): number {
  const opt = weightOf(optimalSet(inst), inst.values);
  const v = weightOf(advice, inst.values);
  return v > 0 ? opt / v : Infinity;
}
