// Sweep executors: the Redis queue's overhead on trivial jobs (jobs/s through a private local
// redis-server with two worker processes, target ≥ 200) and the wall time of one
// reproduction-sized sweep on the local executor (two threads) against the queue (two
// workers), with the two summaries compared. Writes docs/benchmarks/sweep.md.
// Run: npx tsx bench/sweep.ts [trivial|all] (needs redis-server); `trivial` measures only the
// queue's throughput. Environment: SWEEP_JOBS (trivial jobs, default 1000), SWEEP_CONCURRENCY
// (per worker, default 2).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLocal } from "../src/sweep/executors/local.js";
import { runQueue } from "../src/sweep/queue/submit.js";
import { RunStore } from "../src/sweep/store.js";
import { expandSweep } from "../src/sweep/sweep-file.js";
import { summarize } from "../src/sweep/summary.js";
import { reproductionSweeps } from "../src/sweep/reproduction-sweeps.js";
import { loadavg } from "node:os";
import { machineLine, stamp } from "./machine.js";

const only = process.argv[2] ?? "all";
const N = Number(process.env.SWEEP_JOBS ?? 1000);
const CONCURRENCY = Number(process.env.SWEEP_CONCURRENCY ?? 2);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(", ");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const port: number = await new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const url = `redis://127.0.0.1:${port}`;
const procs: ChildProcess[] = [];
procs.push(
  spawn(
    "redis-server",
    ["--port", `${port}`, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  ),
);
while (
  !spawnSync("redis-cli", ["-p", `${port}`, "ping"], { encoding: "utf8" }).stdout?.includes("PONG")
)
  await sleep(100);
for (let k = 0; k < 2; k++)
  procs.push(
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
const tmp = () => new RunStore(join(mkdtempSync(join(tmpdir(), "mechlab-bench-")), "store"));
const time = async (f: () => Promise<void>) => {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
};

try {
  // Warm-up: the workers have started once one job came back.
  const warm = expandSweep(
    {
      command: "evaluate",
      base: {
        mechanism: "myerson",
        problem: "bandit-auction(horizon=2)",
        mode: "exact",
        seed: 999_999,
      },
    },
    "warm",
  ).jobs;
  await runQueue(url, warm, tmp(), { attempts: 1, toleranceMs: 20_000 }, () => {});

  const loadBefore = load();
  const trivial = expandSweep(
    {
      command: "evaluate",
      base: { problem: "bandit-auction(horizon=1)", mechanism: "second-price", mode: "exact" },
      axes: { seed: { count: N } },
    },
    "trivial",
  ).jobs;
  const localTrivial = await time(() => runLocal(trivial, tmp(), 1, () => {}));
  const queueTrivial = await time(() =>
    runQueue(url, trivial, tmp(), { attempts: 1, toleranceMs: 20_000 }, () => {}),
  );
  const loadAfter = load();
  const trivialLine = `| trivial: exact \`evaluate\` of second-price on bandit-auction(horizon=1), seeds 0–${N - 1} | ${N} | ${localTrivial.toFixed(2)} s (1 thread, in process: ${(N / localTrivial).toFixed(0)} jobs/s) | ${queueTrivial.toFixed(2)} s (**${(N / queueTrivial).toFixed(0)} jobs/s**; target ≥ 200) |`;
  if (only === "trivial") {
    process.stdout.write(
      `${stamp()} load before ${loadBefore}, after ${loadAfter}; 2 workers × concurrency ${CONCURRENCY}\n${trivialLine}\n`,
    );
  } else {
    // Rows 1–2 of `reproduce ama-table-1` as a sweep (its sweep form, cut to two rows): each
    // row's environment and seed crossed with the three designers' settings.
    const full = reproductionSweeps["ama-table-1"]();
    const repro = { ...full, cells: full.cells!.slice(0, 2) };
    const expanded = expandSweep(repro, "repro");
    const jobs = expanded.jobs;
    const ls = tmp();
    const qs = tmp();
    const localRepro = await time(() => runLocal(jobs, ls, 2, () => {}));
    const queueRepro = await time(() =>
      runQueue(url, jobs, qs, { attempts: 1, toleranceMs: 20_000 }, () => {}),
    );
    const sum = (s: RunStore) =>
      summarize(
        expanded.axes,
        jobs.map((j) => ({ spec: j.spec, result: s.read(j.id).result })),
      );
    const same = sum(ls).csv === sum(qs).csv;
    const table = sum(qs);

    const lines = [
      "## Sweeps: local executor and Redis queue",
      "",
      `Command: \`npx tsx bench/sweep.ts\`. Machine: ${machineLine()}. Run at ${stamp()}, while the machine was shared with other jobs: load average (1, 5, 15 min) ${loadBefore} before the trivial sweep, ${loadAfter} after it, ${load()} at the end, on 2 cores.`,
      "",
      `A private \`redis-server\` on a loopback port, two \`mechlab worker --concurrency ${CONCURRENCY}\` processes started (and warmed up with one job) before timing; the submitter collects every result into its store. The local executor's time includes starting its job threads (each loads the TypeScript sources), which the warm workers had already done; the trivial sweep's local run is in process (no threads), so its jobs/s is the cost of the jobs themselves and the difference to the queue is the queue's overhead.`,
      "",
      "| sweep | jobs | local executor | Redis queue, 2 workers |",
      "| --- | --- | --- | --- |",
      trivialLine,
      `| reproduction: rows 1–2 of \`reproduce ama-table-1\` as a sweep (\`mechlab reproduce ama-table-1 --queue URL\` runs all 8 rows the same way), 3 designers × 2 rows, 10,000 evaluation profiles | ${jobs.length} | ${localRepro.toFixed(1)} s (2 threads) | ${queueRepro.toFixed(1)} s |`,
      "",
      `Summaries of the reproduction-sized sweep, local and queue: ${same ? "identical" : "DIFFERENT"} (compared as CSV). The queue's summary:`,
      "",
      "```",
      [table.header.join("  "), ...table.rows.map((r) => r.join("  "))].join("\n"),
      "```",
      "",
    ];
    mkdirSync("docs/benchmarks", { recursive: true });
    writeFileSync("docs/benchmarks/sweep.md", lines.join("\n"));
    process.stdout.write(lines.join("\n") + "\n");
  }
} finally {
  for (const p of procs) p.kill("SIGKILL");
}
process.exit(0);
