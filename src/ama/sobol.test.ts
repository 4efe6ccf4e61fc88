import { describe, expect, it } from "vitest";
import { primitivePolynomials, Sobol } from "./sobol.js";

describe("Sobol", () => {
  it("finds the known number of primitive polynomials per degree", () => {
    const byDeg = new Map<number, number>();
    for (const { degree } of primitivePolynomials(52))
      byDeg.set(degree, (byDeg.get(degree) ?? 0) + 1);
    // φ(2^d − 1)/d: 1, 1, 2, 2, 6, 6, 18, 16
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((d) => byDeg.get(d))).toEqual([1, 1, 2, 2, 6, 6, 18, 16]);
  });
  it("first 2^k points put exactly one point in each interval of width 2^-k, every dimension", () => {
    const dim = 40;
    const sobol = new Sobol(dim, 11);
    const k = 6;
    const pts = Array.from({ length: 2 ** k }, () => Array.from(sobol.next()));
    for (let j = 0; j < dim; j++) {
      const cells = new Set(pts.map((p) => Math.floor(p[j] * 2 ** k)));
      expect(cells.size).toBe(2 ** k);
    }
  });
});
