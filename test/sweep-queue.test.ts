// Sweeps through a real Redis (a private redis-server on a free loopback port) with two worker
// processes: equal results to the local executor and to shards, a worker killed mid-job, the
// submitter killed and rerun, Redis stopped mid-sweep. Skipped, loudly, without redis-server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { runLocal } from "../src/sweep/executors/local.js";
import { QUEUE_NAME } from "../src/sweep/queue/connection.js";
import { runQueue } from "../src/sweep/queue/submit.js";
import { RunStore } from "../src/sweep/store.js";
import { expandSweep, shardOf } from "../src/sweep/sweep-file.js";
import { validateJob } from "../src/sweep/job-spec.js";
import { trainJobParams } from "../src/sweep/kinds/spm-train.js";
import { initEngine } from "../src/engine/jax.js";
import {
  compare,
  finishComparison,
  planComparison,
  type CompareOptions,
} from "../src/spm/compare.js";
import { buildSetting } from "../src/spm/settings/registry.js";
import type { SpmTrainResult } from "../src/spm/train.js";

const HAVE_REDIS = spawnSync("redis-server", ["--version"]).status === 0;
if (!HAVE_REDIS)
  console.warn(
    "\n*** redis-server is not installed: the Redis queue tests are SKIPPED (apt-get install -y redis-server) ***\n",
  );

const PROBLEM = "bandit-auction(horizon=2)";
const tmp = () => mkdtempSync(join(tmpdir(), "mechlab-queue-"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freePort();
  const proc = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  for (let k = 0; k < 100; k++) {
    if (
      spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout?.includes(
        "PONG",
      )
    )
      break;
    await sleep(100);
  }
  return { proc, url: `redis://127.0.0.1:${port}` };
}

const cliArgs = (...args: string[]) => ["--import", "tsx", "src/cli/main.ts", ...args];

interface Proc {
  proc: ChildProcess;
  out: string;
  err: string;
  exit: Promise<number | null>;
}
function run(...args: string[]): Proc {
  const proc = spawn(process.execPath, cliArgs(...args), { stdio: ["ignore", "pipe", "pipe"] });
  const p: Proc = { proc, out: "", err: "", exit: new Promise((r) => proc.on("exit", r)) };
  proc.stdout!.on("data", (d) => (p.out += d));
  proc.stderr!.on("data", (d) => (p.err += d));
  return p;
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 60_000) {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const jobDirs = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => /^[0-9a-f]{24}$/.test(f)) : [];

describe.skipIf(!HAVE_REDIS)("sweeps through a Redis queue with two worker processes", () => {
  let redis: { proc: ChildProcess; url: string };
  const workers: Proc[] = [];
  const startWorker = () =>
    workers.push(run("worker", "--queue", redis.url, "--concurrency", "1", "--lock-seconds", "2"));
  /** How often each job id finished, over every worker that ever ran. */
  const doneCounts = () => {
    const counts = new Map<string, number>();
    for (const w of workers)
      for (const m of w.err.matchAll(/done ([0-9a-f]{24})/g))
        counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    return counts;
  };

  beforeAll(async () => {
    redis = await startRedis();
    startWorker();
    startWorker();
  });
  afterAll(() => {
    for (const w of workers) w.proc.kill("SIGKILL");
    redis?.proc.kill("SIGKILL");
  });

  it("gives the local executor's results, equal to the shards' (same seeds, same numbers)", async () => {
    const jobs = [
      ...expandSweep(
        {
          command: "evaluate",
          base: { problem: PROBLEM, mode: "exact" },
          axes: { mechanism: ["second-price", "myerson"], seed: [1, 2] },
        },
        "f",
      ).jobs,
      ...expandSweep(
        {
          command: "clock",
          base: { family: "knapsack", bidders: 8, auction: "learning-augmented", advice: "noisy" },
          axes: { seed: [3, 4] },
        },
        "c",
      ).jobs,
      ...expandSweep(
        {
          command: "pricing",
          base: { instance: "tiny", algorithm: "anonymous-random(queries=200)", runs: 2 },
          axes: { seed: [5, 6] },
        },
        "p",
      ).jobs,
    ];
    const q = new RunStore(join(tmp(), "q"));
    const statuses: string[] = [];
    await runQueue(redis.url, jobs, q, { attempts: 2 }, (o) => statuses.push(o.status));
    expect(statuses).toEqual(Array(jobs.length).fill("done"));
    const local = new RunStore(join(tmp(), "l"));
    await runLocal(jobs, local, 1, () => {});
    const shards = new RunStore(join(tmp(), "s"));
    await runLocal(shardOf(jobs, 0, 2), shards, 1, () => {});
    await runLocal(shardOf(jobs, 1, 2), shards, 1, () => {});
    // Timings (pricing's learn/deploy seconds) are not results; everything else must be equal.
    const numbers = (r: unknown) =>
      JSON.parse(JSON.stringify(r, (k, v: unknown) => (/Seconds$/.test(k) ? undefined : v)));
    for (const j of jobs) {
      expect(numbers(q.read(j.id).result)).toEqual(numbers(local.read(j.id).result));
      expect(numbers(shards.read(j.id).result)).toEqual(numbers(local.read(j.id).result));
      expect(doneCounts().get(j.id)).toBe(1);
    }
  });

  it("trains an SPM comparison's runs as spm-train jobs: the same comparison as the local one", async () => {
    // A tiny comparison, as `reproduce spm-figures --queue` runs each of its settings: the
    // training runs go through the queue, the rest is assembled from the stored runs.
    const c: CompareOptions = {
      setting: buildSetting("two-worlds"),
      statistics: ["items-agents"],
      baselines: ["anonymous-static", "rsd"],
      seeds: 1,
      seed: 5,
      steps: 640,
      evalEpisodes: 50,
      finalEpisodes: 200,
      optimal: false,
    };
    const plan = planComparison(c);
    const jobs = plan.jobs.map((j) => validateJob("spm-train", trainJobParams(j), "job"));
    const q = new RunStore(join(tmp(), "q"));
    await runQueue(redis.url, jobs, q, { attempts: 1 }, () => {});
    const queued = finishComparison(
      c,
      plan,
      jobs.map((j) => q.read(j.id).result as SpmTrainResult),
    );
    await initEngine();
    const local = await compare({ ...c, parallel: 1 });
    // Wall times are not results; every number else must be equal.
    const numbers = (r: unknown) =>
      JSON.parse(JSON.stringify(r, (k, v: unknown) => (k === "seconds" ? undefined : v)));
    expect(numbers(queued)).toEqual(numbers(local));
    expect(queued.learned[0].runs[0].curve.length).toBeGreaterThan(0);
    expect(queued.rsd?.value).toBeGreaterThan(0);
  }, 120_000);

  it("retries a job whose worker is killed mid-job on the other worker; nothing lost or run twice", async () => {
    const jobs = expandSweep(
      {
        command: "evaluate",
        base: { problem: PROBLEM, mechanism: "second-price", mode: "sampled", samples: 20_000 },
        axes: { seed: [7] },
      },
      "f",
    ).jobs;
    const id = jobs[0].id;
    const q = new RunStore(join(tmp(), "q"));
    const submitted = runQueue(redis.url, jobs, q, { attempts: 2, toleranceMs: 10_000 }, () => {});
    await until(
      () => workers.some((w) => w.err.includes(`start ${id}`)),
      "a worker to start the job",
    );
    const victim = workers.find((w) => w.err.includes(`start ${id}`))!;
    victim.proc.kill("SIGKILL");
    startWorker(); // two workers again
    await submitted;
    expect(victim.err).not.toContain(`done ${id}`);
    expect(doneCounts().get(id)).toBe(1);
    const local = new RunStore(join(tmp(), "l"));
    await runLocal(jobs, local, 1, () => {});
    expect(q.read(id).result).toEqual(local.read(id).result);
  });

  it("skips the finished jobs when a killed submitter is rerun, and completes the rest", async () => {
    const dir = tmp();
    const file = join(dir, "sweep.yaml");
    writeFileSync(
      file,
      [
        "command: evaluate",
        `base: {problem: "${PROBLEM}", mechanism: myerson, mode: sampled, samples: 4000}`,
        "axes:",
        "  seed: {count: 4, from: 10}",
      ].join("\n"),
    );
    const store = join(dir, "store");
    const first = run("sweep", file, "--queue", redis.url, "--store", store);
    await until(() => jobDirs(store).length >= 1, "the first stored result");
    first.proc.kill("SIGKILL");
    await first.exit;
    const before = jobDirs(store);
    const again = run("sweep", file, "--queue", redis.url, "--store", store, "--json");
    expect(await again.exit).toBe(0);
    const out = JSON.parse(again.out) as {
      jobs: { id: string; status: string; result: unknown }[];
    };
    expect(out.jobs).toHaveLength(4);
    for (const j of out.jobs) {
      expect(j.status).toBe(before.includes(j.id) ? "skipped" : "done");
      expect(j.result).not.toBeNull();
      expect(doneCounts().get(j.id)).toBe(1);
    }
  });

  it("stops with one line and exit 2 when Redis goes away, leaving no half-written result", async () => {
    const lone = await startRedis(); // no workers here: the jobs stay queued
    const dir = tmp();
    const file = join(dir, "sweep.json");
    writeFileSync(
      file,
      JSON.stringify({
        command: "evaluate",
        base: { mechanism: "myerson", problem: PROBLEM, mode: "exact" },
        axes: { seed: [30, 31] },
      }),
    );
    const store = join(dir, "store");
    const sub = run("sweep", file, "--queue", lone.url, "--store", store);
    const queue = new Queue(QUEUE_NAME, {
      connection: { host: "127.0.0.1", port: Number(new URL(lone.url).port) },
    });
    await until(async () => (await queue.getWaitingCount()) === 2, "the jobs to be queued");
    await queue.close();
    lone.proc.kill("SIGKILL");
    expect(await sub.exit).toBe(2);
    expect(sub.err.trim()).toMatch(
      /^mechlab: --queue: redis at 127\.0\.0\.1:\d+ is unreachable \([^\n]*\)$/,
    );
    expect(existsSync(store) ? readdirSync(store) : []).toEqual([]);
    const dead = run("sweep", file, "--queue", lone.url, "--store", store);
    expect(await dead.exit).toBe(2);
    expect(dead.err.trim()).toMatch(/^mechlab: --queue: redis at .* is unreachable/);
  });
});
