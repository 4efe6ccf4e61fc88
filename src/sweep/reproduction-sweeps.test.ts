// The sweep form of `reproduce spm-figures` runs exactly the reproduction's training runs: one
// spm-train job per run, whose training job is the one the local comparison trains.
import { describe, expect, it } from "vitest";
import { planComparison } from "../spm/compare.js";
import { figureComparisons } from "../spm/reproductions.js";
import { validateJob } from "./job-spec.js";
import { trainJobOf } from "./kinds/spm-train.js";
import { reproductionSweeps } from "./reproduction-sweeps.js";
import { expandSweep } from "./sweep-file.js";

describe("reproduction sweep forms", () => {
  it("spm-figures: the jobs are the local comparisons' training runs, for the options given", () => {
    const form = reproductionSweeps["spm-figures"];
    const o = { seed: 4, methods: ["max-min", "two-worlds"], samples: 500 };
    const jobs = expandSweep(form.sweep(o), "spm-figures").jobs;
    const local = figureComparisons(o).flatMap((c) => planComparison(c).jobs);
    // max-min: 5 policies × 3 seeds; two-worlds: 5 × 3.
    expect(local).toHaveLength(30);
    expect(jobs.map((j) => trainJobOf(j.spec.params))).toEqual(local);
    expect(jobs.every((j) => j.spec.params["final-episodes"] === 500)).toBe(true);
    // Another base seed gives other runs (other ids), the same settings.
    const other = expandSweep(form.sweep({ ...o, seed: 5 }), "spm-figures").jobs;
    expect(other.map((j) => j.spec.params.setting)).toEqual(jobs.map((j) => j.spec.params.setting));
    expect(other.some((j) => jobs.some((k) => k.id === j.id))).toBe(false);
  });

  it("spm-train refuses an unknown statistic or setting by name", () => {
    const params = { setting: "two-worlds", statistic: "items-agents", seed: 1, steps: 100 };
    expect(() => validateJob("spm-train", { ...params, statistic: "nope" }, "job")).toThrow(
      /job: statistic/,
    );
    expect(() => validateJob("spm-train", { ...params, setting: "nope" }, "job")).toThrow(
      /job: setting/,
    );
    expect(validateJob("spm-train", params, "job").spec.params.prices).toBe("per-class");
  });
});
