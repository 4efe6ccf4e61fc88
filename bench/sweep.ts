// Sweep executors. Default (`npx tsx bench/sweep.ts`, ≈ 1 min): throughput on trivial jobs —
// in process, on two local job threads, and through a private local redis-server with two
// `mechlab worker` processes (target ≥ 200 jobs/s) — with the CPU time each process spent per
// job, which says what the machine would do idle when it is shared. `spm-figures`
// (`npx tsx bench/sweep.ts spm-figures`, ≈ 10 min idle): `mechlab reproduce spm-figures
// --methods max-min` on the local executor against the same through the queue with two
// workers, wall times and the two tables compared. Each mode rewrites its own section of
// docs/benchmarks/sweep.md and keeps the other's. Needs redis-server. Environment: SWEEP_JOBS
// (trivial jobs, default 1000), SWEEP_CONCURRENCY (per worker, default 1).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { runLocal } from "../src/sweep/executors/local.js";
import { runQueue } from "../src/sweep/queue/submit.js";
import type { PlannedJob } from "../src/sweep/job-spec.js";
import { RunStore } from "../src/sweep/store.js";
import { expandSweep } from "../src/sweep/sweep-file.js";
import { machineLine, stamp } from "./machine.js";

const mode = process.argv[2] ?? "trivial";
if (mode !== "trivial" && mode !== "spm-figures") {
  console.error(`bench/sweep.ts: unknown mode "${mode}"; allowed: trivial, spm-figures`);
  process.exit(2);
}
const N = Number(process.env.SWEEP_JOBS ?? 1000);
const CONCURRENCY = Number(process.env.SWEEP_CONCURRENCY ?? 1);
const DOC = "docs/benchmarks/sweep.md";
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(", ");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tmp = () => mkdtempSync(join(tmpdir(), "mechlab-bench-"));

/** CPU milliseconds a process has used so far (user + system, from /proc; Linux). */
const cpuMs = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
};
const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const port: number = await new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const url = `redis://127.0.0.1:${port}`;
const redis = spawn(
  "redis-server",
  ["--port", `${port}`, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
  { stdio: "ignore" },
);
const workers: ChildProcess[] = [];
const startWorkers = () => {
  for (let k = 0; k < 2; k++)
    workers.push(
      spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "src/cli/main.ts",
          "worker",
          "--queue",
          url,
          "--concurrency",
          `${CONCURRENCY}`,
          "--quiet",
        ],
        { stdio: "ignore" },
      ),
    );
};
while (
  !spawnSync("redis-cli", ["-p", `${port}`, "ping"], { encoding: "utf8" }).stdout?.includes("PONG")
)
  await sleep(100);

/** Replace the section starting with `heading` in the doc (or append it), keep the others. */
function writeSection(heading: string, text: string) {
  const old = existsSync(DOC) ? readFileSync(DOC, "utf8") : "";
  const parts = old.split(/^(?=### )/m).filter((p) => p.startsWith("### "));
  const kept = parts.filter((p) => !p.startsWith(heading));
  const order = [THROUGHPUT, REPRODUCTION];
  const sections = [...kept.map((p) => p.trim()), text.trim()].sort(
    (a, b) => order.findIndex((h) => a.startsWith(h)) - order.findIndex((h) => b.startsWith(h)),
  );
  mkdirSync("docs/benchmarks", { recursive: true });
  writeFileSync(
    DOC,
    ["## Sweeps: local executor and Redis queue", "", ...sections.flatMap((s) => [s, ""])].join(
      "\n",
    ),
  );
  process.stdout.write(text + "\n");
}
const THROUGHPUT = "### Throughput on trivial jobs";
const REPRODUCTION = "### A reproduction through the queue";

const trivialJobs = (from: number, count: number) =>
  expandSweep(
    {
      command: "evaluate",
      base: { problem: "bandit-auction(horizon=1)", mechanism: "second-price", mode: "exact" },
      axes: { seed: { count, from } },
    },
    "trivial",
  ).jobs;

async function throughput() {
  startWorkers();
  // One job first, so that both workers have started (loaded the sources) before timing.
  await runQueue(
    url,
    trivialJobs(9_000_000, 2),
    new RunStore(tmp()),
    { attempts: 1, toleranceMs: 20_000 },
    () => {},
  );
  const loadBefore = load();
  const rate = (s: number) => (N / s).toFixed(0);
  const timed = async (f: () => Promise<void>) => {
    const c0 = selfCpuMs();
    const t0 = performance.now();
    await f();
    return { s: (performance.now() - t0) / 1000, cpu: (selfCpuMs() - c0) / N };
  };
  const queued = (jobs: PlannedJob[]) => () =>
    runQueue(url, jobs, new RunStore(tmp()), { attempts: 1, toleranceMs: 20_000 }, () => {});
  const local = (jobs: PlannedJob[], threads: number) => () =>
    runLocal(jobs, new RunStore(tmp()), threads, () => {});

  // Cold: the first N jobs of a process, while the JIT compiles the job's code (a cold job
  // costs several times a warm one). Warm: the next N (other seeds), the steady state.
  const queueCold = await timed(queued(trivialJobs(1_000_000, N)));
  const pids = () => [redis.pid!, ...workers.map((w) => w.pid!)];
  const before = pids().map(cpuMs);
  const queueWarm = await timed(queued(trivialJobs(0, N)));
  const used = pids().map((p, k) => (cpuMs(p) - before[k]) / N);
  const workerCpu = used[1] + used[2];
  const total = used[0] + workerCpu + queueWarm.cpu;
  const localCold = await timed(local(trivialJobs(2_000_000, N), 1));
  const localWarm = await timed(local(trivialJobs(0, N), 1));
  const threads = await timed(local(trivialJobs(0, N), 2));
  const loadAfter = load();
  writeSection(
    THROUGHPUT,
    [
      THROUGHPUT,
      "",
      `Command: \`nice -n 10 npx tsx bench/sweep.ts\`. Machine: ${machineLine()}. Run at ${stamp()}; load average (1, 5, 15 min) ${loadBefore} before, ${loadAfter} after, on 2 cores${Number(loadBefore.split(",")[0]) > 2.5 ? " — the machine was shared with other jobs, so the wall times are those of a share of it; the CPU times below are not" : ""}.`,
      "",
      `Trivial jobs: exact \`evaluate\` of second-price on bandit-auction(horizon=1), one seed each, each result stored in a fresh run store. *Cold*: the first ${N} jobs a process runs, while the JIT compiles the job's code; *warm*: the next ${N} (other seeds), the steady state of a long sweep. Queue: a private \`redis-server\` on a loopback port, two \`mechlab worker --concurrency ${CONCURRENCY}\` processes (started before timing); the submitter collects every result into its store.`,
      "",
      `| executor | ${N} jobs cold | ${N} jobs warm |`,
      "| --- | --- | --- |",
      `| local, in process (\`--jobs 1\`) | ${localCold.s.toFixed(2)} s, ${rate(localCold.s)} jobs/s | ${localWarm.s.toFixed(2)} s, ${rate(localWarm.s)} jobs/s |`,
      `| local, 2 job threads (\`--jobs 2\`; starting the threads included) | ${threads.s.toFixed(2)} s, ${rate(threads.s)} jobs/s | — |`,
      `| Redis queue, 2 workers (target ≥ 200 jobs/s) | ${queueCold.s.toFixed(2)} s, ${rate(queueCold.s)} jobs/s | ${queueWarm.s.toFixed(2)} s, **${rate(queueWarm.s)} jobs/s** |`,
      "",
      `CPU time per warm job (user + system, per process): in process ${localWarm.cpu.toFixed(2)} ms (the job and its store entry); through the queue ${total.toFixed(2)} ms in all — the two workers ${workerCpu.toFixed(2)} ms (BullMQ, the hand-off to a job thread and back, the job), the submitter ${queueWarm.cpu.toFixed(2)} ms (addBulk, events, store entries), redis-server ${used[0].toFixed(2)} ms. On 2 cores of its own, that CPU time allows at most ${(2000 / total).toFixed(0)} jobs/s through the queue (2 cores ÷ ${total.toFixed(2)} ms).`,
    ].join("\n"),
  );
}

/** Run the CLI to completion; its stdout and wall seconds. */
function cli(args: string[]): Promise<{ out: string; err: string; s: number; code: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("exit", (code) =>
      resolve({ out, err, s: (performance.now() - t0) / 1000, code: code ?? 1 }),
    );
  });
}

/** The figure table's rows without its last column (wall seconds, which differ by design). */
const tableOnly = (out: string) =>
  out
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((l) => l.split("|").slice(0, -2).join("|"))
    .join("\n");

async function spmFigures() {
  const args = ["reproduce", "spm-figures", "--methods", "max-min"];
  const loadBefore = load();
  const local = await cli(args);
  const loadMiddle = load();
  // Workers started now, so that they do not take CPU from the local run.
  startWorkers();
  const store = tmp();
  const queue = await cli([...args, "--queue", url, "--store", store]);
  const loadAfter = load();
  for (const r of [local, queue])
    if (r.code !== 0) throw new Error(`reproduce failed (exit ${r.code}): ${r.err.slice(-500)}`);
  const same = tableOnly(local.out) === tableOnly(queue.out);
  writeSection(
    REPRODUCTION,
    [
      REPRODUCTION,
      "",
      `Command: \`npx tsx bench/sweep.ts spm-figures\` (niced: \`nice -n 10\`). Machine: ${machineLine()}. Run at ${stamp()}; load average (1, 5, 15 min) ${loadBefore} before, ${loadMiddle} between the two runs, ${loadAfter} after, on 2 cores.`,
      "",
      "`mechlab reproduce spm-figures --methods max-min` (15 PPO training runs of 200,000 steps: 3 statistics and 2 static baselines × 3 seeds, then RSD and the references): on the local executor (two training threads), and with `--queue URL` through a private local `redis-server` with two `mechlab worker --concurrency 1` processes (one job per training run; started after the local run, their start-up included).",
      "",
      "| executor | wall time |",
      "| --- | --- |",
      `| local (\`reproduce spm-figures --methods max-min\`) | ${local.s.toFixed(0)} s |`,
      `| Redis queue, 2 workers (\`… --queue URL\`) | ${queue.s.toFixed(0)} s |`,
      "",
      `Tables, local and queue, every column but the wall seconds: ${same ? "identical" : "DIFFERENT"}. The queue's (its "wall s" is "—": the runs were timed on the workers):`,
      "",
      queue.out
        .split("\n")
        .filter((l) => l.startsWith("|"))
        .join("\n"),
    ].join("\n"),
  );
}

try {
  if (mode === "trivial") await throughput();
  else await spmFigures();
} finally {
  for (const w of workers) w.kill("SIGKILL");
  redis.kill("SIGKILL");
}
process.exit(0);
