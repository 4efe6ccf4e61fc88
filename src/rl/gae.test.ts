import { describe, expect, it } from "vitest";
import { gae } from "./gae.js";

describe("GAE", () => {
  it("matches the hand computation for a 3-round episode with a terminal reward", () => {
    // T = 3, B = 1, r = (0, 0, 1), V = (0.5, 0.6, 0.8), γ = 1, λ = 0.5:
    // δ = (0.6 − 0.5, 0.8 − 0.6, 1 − 0.8) = (0.1, 0.2, 0.2)
    // Â₂ = 0.2, Â₁ = 0.2 + 0.5·0.2 = 0.3, Â₀ = 0.1 + 0.5·0.3 = 0.25
    const { advantages, returns } = gae(
      new Float64Array([0, 0, 1]),
      new Float64Array([0.5, 0.6, 0.8]),
      3,
      1,
      1,
      0.5,
    );
    expect(Array.from(advantages)).toEqual([0.25, 0.3, 0.2].map((x) => expect.closeTo(x, 12)));
    expect(Array.from(returns)).toEqual([0.75, 0.9, 1].map((x) => expect.closeTo(x, 12)));
  });

  it("with λ = 1 and γ = 1 the advantage is the return minus the value (batched layout)", () => {
    // T = 2, B = 2, row t holds both episodes.
    const r = new Float64Array([0, 0, 3, 5]);
    const v = new Float64Array([1, 2, 0.5, 0.25]);
    const { advantages } = gae(r, v, 2, 2, 1, 1);
    expect(Array.from(advantages)).toEqual([2, 3, 2.5, 4.75]);
  });
});
