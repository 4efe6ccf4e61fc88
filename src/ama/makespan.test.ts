import { describe, expect, it } from "vitest";
import { makespan } from "./makespan.js";

describe("makespan (Curry et al. 2024 §5, authors' definition)", () => {
  // Two workers, three tasks. costs[i*m + τ].
  const costs = [0.5, 2, 1, 3, 0.25, 4];
  it("hand case: everything to worker 0", () => {
    // τ=1: loads (0,0) → +0.5 → (0.5,0); τ=2: 0.5−1 = −0.5 (authors) → +2 = 1.5;
    // τ=3: 1.5−1 = 0.5 → +1 = 1.5. Clean: τ=2: max(0, −0.5) = 0 → 2; τ=3: 1 → 2.
    expect(makespan(costs, 2, 3, [0, 0, 0], "authors")).toBeCloseTo(1.5, 12);
    expect(makespan(costs, 2, 3, [0, 0, 0], "clean")).toBeCloseTo(2, 12);
  });
  it("hand case: split assignment", () => {
    // τ=1 → w1: (0, 3); τ=2 → w0: (0, 2) → (2, 2); τ=3 → w1: (1, 1) → (1, 5). Max 5.
    expect(makespan(costs, 2, 3, [1, 0, 1], "authors")).toBeCloseTo(5, 12);
    expect(makespan(costs, 2, 3, [1, 0, 1], "clean")).toBeCloseTo(5, 12);
  });
  it("is never negative", () => {
    expect(makespan([0, 0], 1, 2, [0, 0], "authors")).toBe(0);
  });
});
