import { describe, expect, it } from "vitest";
import { initEngine } from "../engine/jax.js";
import { compare } from "./compare.js";
import { buildSetting } from "./settings/registry.js";
import { runJobs } from "./train-jobs.js";

describe("training jobs on worker threads", () => {
  it("give the same numbers as one after another in this process", async () => {
    await initEngine();
    const run = (parallel: number) =>
      compare({
        setting: buildSetting("two-worlds"),
        statistics: ["items-agents"],
        baselines: ["anonymous-static"],
        seeds: 2,
        seed: 3,
        steps: 1280,
        evalEpisodes: 100,
        finalEpisodes: 400,
        optimal: false,
        parallel,
      });
    const strip = (r: Awaited<ReturnType<typeof run>>) =>
      [...r.learned, ...r.baselines].map((p) => ({
        best: p.best,
        runs: p.runs.map(({ seconds: _s, ...rest }) => rest),
      }));
    const serial = await run(1);
    const parallel = await run(2);
    expect(strip(parallel)).toEqual(strip(serial));
    // Two policies × two seeds, distinct seeds, all trained.
    const seeds = [...serial.learned, ...serial.baselines].flatMap((p) =>
      p.runs.map((r) => r.seed),
    );
    expect(new Set(seeds).size).toBe(4);
  }, 120_000);

  it("reports a failing job by name instead of hanging", async () => {
    const job = {
      setting: "two-worlds",
      statistic: "no-such-statistic",
      objective: "welfare" as const,
      seed: 1,
      steps: 10,
    };
    await expect(runJobs([job, job], 2)).rejects.toThrow(
      /training job \d \(two-worlds, no-such-statistic\)/,
    );
  }, 60_000);
});
