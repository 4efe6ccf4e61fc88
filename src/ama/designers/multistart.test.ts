import { describe, expect, it } from "vitest";
import { buildAmaEnvironment } from "../environments/registry.js";
import { meanObjective, ProfileBank } from "../evaluate.js";
import { fromVector, vcgParams } from "../params.js";
import { buildAmaDesigner } from "./registry.js";
import { sobolCandidates } from "./grid.js";
import { Rng } from "../../engine/rng.js";

describe("multi-start design (Curry et al. 2024 Algorithm 1)", () => {
  // VCG revenue here is m(n − m)/(n + 1) = 0.5; good AMAs reach about 0.7.
  const env = buildAmaEnvironment("sequential-sales(agents=3,items=2)");
  const bank = new ProfileBank(env, 3000, 11);
  const vcg = meanObjective(bank, vcgParams(env));

  it("grid candidates come best first and include VCG (θ = 0)", () => {
    const c = sobolCandidates(env, 50, 200, new Rng(1));
    expect(c).toHaveLength(51);
    for (let k = 1; k < c.length; k++) expect(c[k - 1].score).toBeGreaterThanOrEqual(c[k].score);
    expect(c.some((x) => x.theta.every((t) => t === 0))).toBe(true);
  });

  it("a gradient designer starts from the given θ, not from VCG", () => {
    const start = sobolCandidates(env, 200, 500, new Rng(3))[0].theta;
    const startScore = meanObjective(bank, fromVector(env, start));
    expect(startScore).toBeGreaterThan(vcg + 0.05);
    // A negligible learning rate keeps the iterate at the start.
    const { value } = buildAmaDesigner("zeroth(iterations=2,check=1,lr=0.000001,validation=500)");
    const r = value.design(env, { seed: 5, start });
    expect(meanObjective(bank, r.params)).toBeGreaterThan(vcg + 0.05);
  });

  it("is deterministic given the seed and returns one of its starts' results", () => {
    const text =
      "multistart(inner=zeroth,starts=2,points=50,samples=200,iterations=4,validation=300)";
    const a = buildAmaDesigner(text).value.design(env, { seed: 9 });
    const b = buildAmaDesigner(text).value.design(env, { seed: 9 });
    expect(a.trace).toEqual(b.trace);
    expect(a.trace).toHaveLength(2);
    expect(meanObjective(bank, a.params)).toBe(meanObjective(bank, b.params));
    expect(meanObjective(bank, a.params)).toBeGreaterThan(vcg + 0.05);
  });
});
