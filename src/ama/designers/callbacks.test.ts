// The AMA designers report through the shared loop callbacks: one record per validation (or per
// 100 grid points) with the number the trace holds, and a "stop" ends the search early with
// the best iterate so far — the uninterrupted run's first steps, number for number.
import { describe, expect, it } from "vitest";
import { StopWhen, type StepRecord } from "../../core/callbacks.js";
import { Rng } from "../../engine/rng.js";
import { buildAmaEnvironment } from "../environments/registry.js";
import { meanObjective, ProfileBank } from "../evaluate.js";
import { buildAmaDesigner } from "./registry.js";

const env = buildAmaEnvironment("sequential-sales(agents=2,items=2)");

function run(designer: string, stopAfter = Infinity) {
  const seen: StepRecord[] = [];
  const res = buildAmaDesigner(designer).value.design(env, {
    seed: 3,
    callbacks: [
      { onStep: (r) => void seen.push(r) },
      new StopWhen("test", () => seen.length >= stopAfter),
    ],
  });
  return { res, seen };
}

describe("AMA designers on the shared callbacks", () => {
  it("smooth: a record per validation, the trace's numbers; a stop keeps the best so far", () => {
    const d = "smooth(iterations=12,check=3,validation=100)";
    const full = run(d);
    expect(full.seen.map((r) => r.step)).toEqual([3, 6, 9, 12]);
    expect(full.seen.every((r) => r.total === 12)).toBe(true);
    expect(full.seen.map((r) => r.metrics.validation)).toEqual(
      full.res.trace.slice(1).map((t) => t.validation),
    );
    const cut = run(d, 2);
    expect(cut.res.trace).toEqual(full.res.trace.slice(0, 3));
    // The kept iterate is the best of the validations seen (VCG at step 0 included), scored
    // again on the designer's validation bank (the seed's first draw).
    const best = Math.max(...cut.res.trace.map((t) => t.validation));
    const bank = new ProfileBank(env, 100, new Rng(3).nextU32() | 0);
    expect(meanObjective(bank, cut.res.params)).toBe(best);
  });

  it("grid: a stop after the first 100 points ends the Sobol search there", () => {
    const d = "grid(points=300,samples=50,top=2,rescore=100)";
    const full = run(d);
    expect(full.seen.map((r) => r.step)).toEqual([100, 200, 300]);
    const cut = run(d, 1);
    expect(cut.res.trace).toEqual(full.res.trace.slice(0, 2));
  });

  it("multistart: inner records renumbered over the starts; a stop ends every start", () => {
    const d = "multistart(starts=2,points=20,samples=20,iterations=6,validation=50)";
    const full = run(d);
    // smooth's default check (25) > 6 iterations: one record at the end of each start.
    expect(full.seen.map((r) => [r.step, r.metrics.start])).toEqual([
      [6, 1],
      [12, 2],
    ]);
    const cut = run(d, 1);
    expect(cut.res.trace).toEqual(full.res.trace.slice(0, 1));
  });
});
