// The clock, pricing and design job kinds: a sweep over each runs through the local executor and
// stores exactly what the library computes for the same parameters; bad parameters are refused
// up front naming the job and field; a job failing at run time is recorded, not lost.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clockAuctions } from "../../clock/auctions/registry.js";
import { optimalSet, randomInstance } from "../../clock/generators.js";
import { runInstance } from "../../clock/run.js";
import { weightOf } from "../../clock/types.js";
import { designers } from "../../designers/registry.js";
import { Rng } from "../../engine/rng.js";
import { pricingAlgorithms } from "../../pricing/algorithms/registry.js";
import { evaluatePricing } from "../../pricing/evaluate.js";
import { pricingInstances } from "../../pricing/generators/registry.js";
import { buildProblem } from "../../problems/registry.js";
import { runLocal } from "../executors/local.js";
import { validateJob } from "../job-spec.js";
import { RunStore } from "../store.js";
import { expandSweep } from "../sweep-file.js";

const store = () => new RunStore(join(mkdtempSync(join(tmpdir(), "mechlab-kinds-")), "store"));

describe("clock job kind", () => {
  it("a sweep over families, advice and seeds stores the library's summaries", async () => {
    const s = expandSweep(
      {
        command: "clock",
        base: { bidders: 8, auction: "learning-augmented" },
        axes: { family: ["k-uniform", "knapsack"], advice: ["optimal", "none"], seed: [1, 2] },
      },
      "clock",
    );
    expect(s.jobs).toHaveLength(8);
    const st = store();
    const outcomes: string[] = [];
    await runLocal(s.jobs, st, 1, (o) => outcomes.push(o.status));
    expect(outcomes).toEqual(Array(8).fill("done"));
    for (const job of s.jobs) {
      const p = job.spec.params as { family: "k-uniform"; seed: number; advice: string };
      const inst = randomInstance(p.family, 8, new Rng(p.seed));
      const advice = p.advice === "optimal" ? optimalSet(inst) : null;
      const rule = clockAuctions.build("learning-augmented", "auction").value;
      const direct = runInstance(inst, rule, advice).summary;
      const stored = st.read(job.id).result as typeof direct;
      expect(stored.welfare).toBe(direct.welfare);
      expect(stored.winners).toEqual(direct.winners);
      expect(stored.optimum).toBe(weightOf(optimalSet(inst), inst.values));
      expect(stored.welfare).toBeLessThanOrEqual(stored.optimum + 1e-12); // OPT bounds welfare
    }
  });

  it("refuses bad parameters and a too-large exact solver before running", () => {
    expect(() => validateJob("clock", { family: "nope" }, "job 1")).toThrow(/job 1: family/);
    expect(() => validateJob("clock", { family: "k-uniform", auction: "nope" }, "job 1")).toThrow(
      /job 1: auction: unknown/,
    );
    expect(() =>
      validateJob("clock", { family: "k-uniform", command: "rm -rf /" }, "job 1"),
    ).toThrow(/job 1: command: not a parameter of clock/);
    expect(() =>
      validateJob("clock", { family: "interference-graph", bidders: 40 }, "job 2"),
    ).toThrow(/job 2: solver: .*too large.*use solver=greedy/);
  });
});

describe("pricing job kind", () => {
  it("a sweep over algorithms stores what evaluatePricing computes for the same seed", async () => {
    const s = expandSweep(
      {
        command: "pricing",
        base: { instance: "tiny", runs: 3, seed: 5 },
        axes: { algorithm: ["dual-prices", "first-come-first-served"] },
      },
      "pricing",
    );
    const st = store();
    await runLocal(s.jobs, st, 1, () => {});
    for (const job of s.jobs) {
      const name = job.spec.params.algorithm as string;
      const alg = pricingAlgorithms.build(name, "algorithm");
      const inst = pricingInstances.build("tiny", "instance");
      const direct = await evaluatePricing({
        instance: { ...inst.value, name: inst.name },
        algorithm: alg.value,
        algorithmName: alg.name,
        order: "random",
        runs: 3,
        seed: 5,
        hindsight: "ip",
      });
      const stored = st.read(job.id).result as typeof direct;
      expect(stored.welfare).toEqual(direct.welfare);
      expect(stored.hindsightOptimum).toEqual(direct.hindsightOptimum);
      // Never more welfare than the hindsight optimum of the same runs.
      expect(stored.welfare.value).toBeLessThanOrEqual(stored.hindsightOptimum!.value + 1e-9);
    }
  });

  it("refuses unknown names up front; a run-time refusal is recorded as failed", async () => {
    expect(() => validateJob("pricing", { instance: "nope" }, "job 3")).toThrow(
      /job 3: instance: unknown/,
    );
    expect(() => validateJob("pricing", { instance: "tiny", order: "sideways" }, "job 3")).toThrow(
      /job 3: order/,
    );
    const job = validateJob(
      "pricing",
      { instance: "cloud(scale=1000)", algorithm: "first-come-first-served", runs: 1 },
      "job 4",
    );
    const st = store();
    const outcomes: { status: string; error?: string }[] = [];
    await runLocal([job], st, 1, (o) => outcomes.push(o));
    expect(outcomes[0]).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/too large/),
    });
    expect(existsSync(join(st.dir, "failed", job.id, "error.json"))).toBe(true);
  });
});

describe("design job kind", () => {
  it("a sweep over seeds stores what the designer returns for the same seed, with its mechanism", async () => {
    const s = expandSweep(
      {
        command: "design",
        base: { problem: "bandit-auction(horizon=2)", designer: "random-search", budget: 2 },
        axes: { seed: [1, 2] },
      },
      "design",
    );
    const st = store();
    await runLocal(s.jobs, st, 1, () => {});
    const problem = buildProblem("bandit-auction(horizon=2)");
    for (const job of s.jobs) {
      const seed = job.spec.params.seed as number;
      const direct = await designers
        .build("random-search", "designer")
        .value.design(problem, { seed, budget: 2 });
      const stored = st.read(job.id).result as { revenue: { value: number } };
      expect(stored.revenue).toEqual((direct.result as typeof stored).revenue);
      expect(existsSync(join(st.path(job.id), "mechanism.json"))).toBe(true);
    }
  });

  it("refuses an unknown designer and an out-of-range budget naming the field", () => {
    expect(() => validateJob("design", { designer: "bilevl" }, "job 5")).toThrow(
      /job 5: designer: unknown designer "bilevl"/,
    );
    expect(() => validateJob("design", { budget: 0 }, "job 5")).toThrow(/job 5: budget/);
  });
});
