// CLI start-up time: wall seconds of `mechlab list`, `--help` and `--version` from the compiled
// bin, and `npx mechlab list` in a project that installed the packed tarball, each measured
// with /usr/bin/time, beside `node -e 0` and npx running an empty bin (what node and npx cost
// before mechlab runs a line). Writes docs/benchmarks/startup.md. Run: npx tsx bench/startup.ts
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { packAndInstall, repo } from "../test/packed-project.js";
import { machineLine, stamp } from "./machine.js";

const RUNS = 15;

/** Wall seconds of `cmd args` in `cwd`, by /usr/bin/time, RUNS times (after one warm-up). */
function timed(cwd: string, cmd: string, args: string[]): number[] {
  const out: number[] = [];
  for (let k = 0; k <= RUNS; k++) {
    const r = spawnSync("/usr/bin/time", ["-f", "%e", cmd, ...args], { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
    if (k > 0) out.push(Number(r.stderr.trim().split("\n").pop()));
  }
  return out.sort((a, b) => a - b);
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(", ");

const tmp = mkdtempSync(join(os.tmpdir(), "mechlab-startup-"));
process.stderr.write("packing and installing the tarball (builds dist/)…\n");
const { project } = await packAndInstall(tmp);
// An empty bin in the same project: what `npx <bin>` costs before the bin runs.
mkdirSync(join(project, "node_modules", "empty-bin"));
const emptyBin = join(project, "node_modules", "empty-bin", "index.js");
writeFileSync(emptyBin, "#!/usr/bin/env node\n");
chmodSync(emptyBin, 0o755);
symlinkSync(emptyBin, join(project, "node_modules", ".bin", "empty-bin"));

const bin = join(repo, "dist", "cli", "mechlab.js");
const node = process.execPath;
const cases: [string, string, string, string[]][] = [
  ["`node -e 0` (node alone)", repo, node, ["-e", "0"]],
  ["`node dist/cli/mechlab.js --version`", repo, node, [bin, "--version"]],
  ["`node dist/cli/mechlab.js list`", repo, node, [bin, "list"]],
  ["`node dist/cli/mechlab.js --help`", repo, node, [bin, "--help"]],
  [
    "installed: `node_modules/.bin/mechlab list`",
    project,
    join(project, "node_modules/.bin/mechlab"),
    ["list"],
  ],
  ["installed: `npx empty-bin` (npx alone)", project, "npx", ["empty-bin"]],
  ["installed: `npx mechlab list`", project, "npx", ["mechlab", "list"]],
];

const loadBefore = load();
const rows = cases.map(([label, cwd, cmd, args]) => {
  process.stderr.write(`timing ${label}\n`);
  const t = timed(cwd, cmd, args);
  const median = t[Math.floor(t.length / 2)]!;
  return `| ${label} | ${median.toFixed(2)} | ${t[0]!.toFixed(2)} | ${t[t.length - 1]!.toFixed(2)} |`;
});
const loadAfter = load();

const lines = [
  "## CLI start-up",
  "",
  `Command: \`npx tsx bench/startup.ts\` (packs the package, installs the tarball into an empty project, then times each command ${RUNS} times after one warm-up with \`/usr/bin/time -f %e\`). Machine: ${machineLine()}. Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAfter}. Run at ${stamp()}.`,
  "",
  "Wall seconds (exact timings of single runs, so no standard error: median, fastest and slowest of the runs). Each command imports only its own modules; jax-js loads at its first use.",
  "",
  "| command | median s | min s | max s |",
  "| --- | --- | --- | --- |",
  ...rows,
  "",
];
mkdirSync(join(repo, "docs", "benchmarks"), { recursive: true });
writeFileSync(join(repo, "docs", "benchmarks", "startup.md"), lines.join("\n"));
process.stdout.write(lines.join("\n") + "\n");
