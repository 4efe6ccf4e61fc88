import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate } from "../evaluation/evaluate.js";
import { buildMechanism } from "../mechanisms/registry.js";
import { buildProblem } from "../problems/registry.js";
import { runLocal } from "./executors/local.js";
import { canonicalJson, jobId, validateJob } from "./job-spec.js";
import { admit } from "./queue/worker.js";
import { RunStore } from "./store.js";
import { summarize } from "./summary.js";
import { expandSweep, loadSweep, shardOf } from "./sweep-file.js";
import { amaEnvSpec, type AmaEnvFlags } from "../ama/env-spec.js";
import { paperTables } from "../ama/paper-tables.js";
import { DESIGNER_KEYS, tableDesigners, tableEnvironment } from "../ama/reproductions.js";

const PROBLEM = "bandit-auction(horizon=2)";
const file = {
  command: "evaluate",
  base: { problem: PROBLEM, mode: "exact" },
  axes: { mechanism: ["second-price", "myerson"], seed: { count: 3, from: 1 } },
};
const tmp = () => mkdtempSync(join(tmpdir(), "mechlab-sweep-"));

describe("sweep files and job ids", () => {
  it("expands the cross product in file order, last axis fastest, with defaults filled in", () => {
    const s = expandSweep(file, "f");
    expect(s.jobs.map((j) => [j.spec.params.mechanism, j.spec.params.seed])).toEqual([
      ["second-price", 1],
      ["second-price", 2],
      ["second-price", 3],
      ["myerson", 1],
      ["myerson", 2],
      ["myerson", 3],
    ]);
    expect(s.jobs[0].spec.params.samples).toBe(20_000);
    expect(new Set(s.jobs.map((j) => j.id)).size).toBe(6);
    const r = expandSweep(
      {
        command: "ama",
        base: { env: "gridworld", agents: 1, items: 2 },
        axes: { gamma: { from: 0.1, to: 0.3, step: 0.1 } },
      },
      "f",
    );
    expect(r.jobs.map((j) => j.spec.params.gamma)).toEqual([0.1, 0.2, 0.3]);
  });

  it("gives equal jobs one id whatever the key order or spelled-out defaults, and a new id per version", () => {
    const a = validateJob("evaluate", { mechanism: "myerson", problem: PROBLEM }, "j");
    const b = validateJob(
      "evaluate",
      { problem: PROBLEM, mode: "auto", mechanism: "myerson" },
      "j",
    );
    expect(a.id).toBe(b.id);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(jobId(a.spec, "9.9.9")).not.toBe(a.id);
    const c = validateJob("evaluate", { mechanism: "myerson", problem: PROBLEM, seed: 1 }, "j");
    expect(c.id).not.toBe(a.id);
  });

  it("names the field and what is allowed on bad input", () => {
    const bad = (raw: unknown) => () => expandSweep(raw, "f.json");
    expect(bad({ ...file, command: "rm -rf" })).toThrow(
      /f\.json: command: .*allowed: evaluate, ama, spm/,
    );
    expect(bad({ ...file, base: { ...file.base, mode: "fast" } })).toThrow(
      /f\.json: job 1: mode: /,
    );
    expect(bad({ ...file, base: { ...file.base, shell: "ls" } })).toThrow(
      /job 1: shell: not a parameter of evaluate; evaluate takes: problem, mechanism/,
    );
    expect(bad({ ...file, axes: { mechanism: ["nope"] } })).toThrow(/job 1: mechanism: .*nope/);
    expect(bad({ ...file, axes: { seed: [] } })).toThrow(/f\.json: axes\.seed/);
    expect(bad({ ...file, base: { ...file.base, seed: 1 } })).toThrow(
      /axes\.seed: also set in base/,
    );
    expect(bad({ ...file, axes: { seed: { count: 200_000 } } })).toThrow(
      /200000 jobs; at most 100000/,
    );
  });

  it("shards are deterministic and their union is the whole sweep exactly once", () => {
    const jobs = expandSweep(file, "f").jobs;
    for (const n of [1, 2, 4, 7]) {
      const ids = Array.from({ length: n }, (_, i) => shardOf(jobs, i, n).map((j) => j.id)).flat();
      expect(ids.sort()).toEqual(jobs.map((j) => j.id).sort());
    }
    expect(shardOf(jobs, 1, 4).map((j) => j.id)).toEqual(shardOf(jobs, 1, 4).map((j) => j.id));
  });
});

describe("workers admit only registered kinds with valid parameters and matching ids", () => {
  const good = validateJob("evaluate", { mechanism: "myerson", problem: PROBLEM }, "j");
  it("admits a good job and rejects everything else for good", () => {
    expect(admit(good.id, { id: good.id, spec: good.spec }).spec).toEqual(good.spec);
    expect(() => admit("x", { spec: { kind: "shell", params: { cmd: "ls" } } })).toThrow(
      /rejected: job: kind: unknown job kind "shell"/,
    );
    expect(() =>
      admit(good.id, { spec: { kind: "evaluate", params: { ...good.spec.params, samples: 1 } } }),
    ).toThrow(/rejected: job: samples/);
    expect(() => admit("0123", { spec: good.spec })).toThrow(/not the id of its spec/);
    expect(() => admit(good.id, null)).toThrow(/rejected/);
  });
});

describe("run store and local executor", () => {
  it("stores each job once, with the command's own result, and skips nothing it lacks", async () => {
    const store = new RunStore(join(tmp(), "store"));
    const jobs = expandSweep(file, "f").jobs;
    const outcomes: string[] = [];
    await runLocal(jobs, store, 1, (o) => outcomes.push(o.status));
    expect(outcomes).toEqual(Array(6).fill("done"));
    for (const j of jobs) expect(store.has(j.id)).toBe(true);
    const problem = buildProblem(PROBLEM);
    const direct = evaluate(problem, buildMechanism("myerson", problem), {
      mode: "exact",
      seed: 2,
    });
    expect(store.read(jobs[4].id).result).toEqual(JSON.parse(JSON.stringify(direct)));
    // Exact: every seed gives the same numbers, so the standard error across seeds is 0.
    const s = summarize(
      ["mechanism", "seed"],
      jobs.map((j) => ({ spec: j.spec, result: store.read(j.id).result })),
    );
    expect(s.rows[1].slice(0, 4)).toEqual([
      "myerson",
      "3",
      "0",
      `${direct.revenue.value.toFixed(4)} ± 0.0000`,
    ]);
    // The first writer wins: a second write of the same id changes nothing.
    expect(store.write(jobs[0].id, jobs[0].spec, { result: "other", files: {} })).toBe(false);
    expect(store.read(jobs[0].id).result).not.toBe("other");
    expect(readdirSync(store.dir).filter((f) => f.includes("partial"))).toEqual([]);
  });

  it("averages across seeds: mean ± standard error of hand-made results", () => {
    const spec = (mechanism: string, seed: number) => ({
      kind: "evaluate",
      params: { mechanism, seed },
    });
    const res = (revenue: number) => ({
      revenue: { value: revenue },
      welfare: { value: 2 * revenue },
      exploitability: { value: 0 },
    });
    const s = summarize(
      ["mechanism", "seed"],
      [
        { spec: spec("a", 1), result: res(1) },
        { spec: spec("a", 2), result: res(2) },
        { spec: spec("a", 3), result: res(3) },
        { spec: spec("b", 1), result: res(5) },
        { spec: spec("b", 2) },
      ],
    );
    // Seeds 1, 2, 3: mean 2, sample s.d. 1, s.e. 1/√3 = 0.5774.
    expect(s.rows[0]).toEqual([
      "a",
      "3",
      "0",
      "2.0000 ± 0.5774",
      "4.0000 ± 1.1547",
      "0.0000 ± 0.0000",
    ]);
    expect(s.rows[1]).toEqual(["b", "1", "1", "5.0000", "10.0000", "0.0000"]);
    expect(s.csv.split("\n")[0]).toBe(
      "mechanism,jobs,failed,revenue_mean,revenue_stderr,welfare_mean,welfare_stderr,exploitability_mean,exploitability_stderr",
    );
  });

  it("records a failing job with its error and does not count it as done", async () => {
    const store = new RunStore(join(tmp(), "store"));
    // Passes the schema and the name checks, but exact evaluation needs discrete types.
    const job = validateJob(
      "evaluate",
      {
        problem: "bandit-auction(values=continuous,horizon=2)",
        mechanism: "second-price",
        mode: "exact",
      },
      "j",
    );
    const outcomes: { status: string; error?: string }[] = [];
    await runLocal([job], store, 1, (o) => outcomes.push(o));
    expect(outcomes[0]).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/discrete/),
    });
    expect(store.has(job.id)).toBe(false);
    expect(existsSync(join(store.dir, "failed", job.id, "error.json"))).toBe(true);
  });
});

describe("reproductions as sweeps", () => {
  it("ama-table-1 as a sweep runs exactly the reproduction's jobs: environment, designer, samples, row seed", () => {
    const s = loadSweep("ama-table-1");
    const table = paperTables.find((t) => t.id === 1)!;
    expect(s.jobs).toHaveLength(table.rows.length * DESIGNER_KEYS.length);
    table.rows.forEach((row, k) => {
      DESIGNER_KEYS.forEach((key, d) => {
        const p = s.jobs[k * DESIGNER_KEYS.length + d].spec.params;
        expect(amaEnvSpec(p as unknown as AmaEnvFlags, "")).toBe(tableEnvironment(1, row.n, row.m));
        expect(p.designer).toBe(tableDesigners[1][key]);
        expect(p.seed).toBe(1000 * 1 + (k + 1));
        expect(p.samples).toBe(10_000);
      });
    });
    expect(s.axes).toEqual(["env", "agents", "items", "dist", "seed", "designer"]);
  });
});
