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

const RUNS = 5;

/** [wall, CPU = user + system] seconds of `cmd args` in `cwd`, by /usr/bin/time, RUNS times (after one warm-up). */
function timed(cwd: string, cmd: string, args: string[]): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k <= RUNS; k++) {
    const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S", cmd, ...args], {
      cwd,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
    const [e, u, s] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
    if (k > 0) {
      wall.push(e!);
      cpu.push(u! + s!);
    }
  }
  const sort = (a: number[]) => a.sort((x, y) => x - y);
  return { wall: sort(wall), cpu: sort(cpu) };
}

const median = (a: number[]) => a[Math.floor(a.length / 2)]!;

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

// The same empty bin alone in a project of its own: npx's cost without mechlab's dependencies.
const tiny = join(tmp, "tiny");
mkdirSync(join(tiny, "node_modules", "empty-bin"), { recursive: true });
mkdirSync(join(tiny, "node_modules", ".bin"));
writeFileSync(join(tiny, "package.json"), '{"name":"tiny","version":"1.0.0","private":true}');
writeFileSync(join(tiny, "node_modules", "empty-bin", "index.js"), "#!/usr/bin/env node\n");
chmodSync(join(tiny, "node_modules", "empty-bin", "index.js"), 0o755);
symlinkSync(
  join(tiny, "node_modules", "empty-bin", "index.js"),
  join(tiny, "node_modules", ".bin", "empty-bin"),
);

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
  ["`npx --version` (npm's own start)", project, "npx", ["--version"]],
  ["`npx empty-bin` in a project holding only it", tiny, "npx", ["empty-bin"]],
  ["installed: `npx empty-bin` (npx alone)", project, "npx", ["empty-bin"]],
  ["installed: `npx mechlab list`", project, "npx", ["mechlab", "list"]],
];

// What the split means (the same text every run; the numbers are in the table and the split).
const NOTE =
  "By hand, the same in any empty folder: `npm pack` in the repository, then `npm init -y && npm install /path/to/mechlab-*.tgz` and `/usr/bin/time -f %e npx mechlab list` a few times. " +
  "`npx BIN` is `npm exec`: before it starts the bin it loads npm and resolves the bin through the project's packages, which costs more than node's own start even for an empty bin in a project holding nothing else (the row above); no change inside mechlab reaches that part. " +
  "mechlab's own part is node's start plus printing the listing (`list` prints the listing the build wrote instead of loading every registry). " +
  "To skip npm's part, run the bin directly: `node_modules/.bin/mechlab list`, or `mechlab list` after `npm install -g`.";

const loadBefore = load();
const f = (x: number) => x.toFixed(2);
const medians = new Map<string, { wall: number; cpu: number }>();
const rows = cases.map(([label, cwd, cmd, args]) => {
  process.stderr.write(`timing ${label}\n`);
  const { wall, cpu } = timed(cwd, cmd, args);
  medians.set(label, { wall: median(wall), cpu: median(cpu) });
  return `| ${label} | ${f(median(wall))} | ${f(wall[0]!)} | ${f(wall[wall.length - 1]!)} | ${f(median(cpu))} |`;
});
const loadAfter = load();
// Where `npx mechlab list` spends its time: npx finding and starting a bin, then mechlab.
const part = (a: string, b: string) => {
  const x = medians.get(a)!;
  const y = medians.get(b)!;
  return `${f(x.wall - y.wall)} s wall, ${f(x.cpu - y.cpu)} s CPU`;
};
const split = [
  `Split of \`npx mechlab list\` (differences of medians): npx's own part (\`npx empty-bin\` − \`node -e 0\`) ${part("installed: `npx empty-bin` (npx alone)", "`node -e 0` (node alone)")}; mechlab's part (\`npx mechlab list\` − \`npx empty-bin\`) ${part("installed: `npx mechlab list`", "installed: `npx empty-bin` (npx alone)")}; mechlab's \`list\` beyond node (\`node dist/cli/mechlab.js list\` − \`node -e 0\`) ${part("`node dist/cli/mechlab.js list`", "`node -e 0` (node alone)")}.`,
];

const lines = [
  "## CLI start-up",
  "",
  `Command: \`npx tsx bench/startup.ts\` (packs the package, installs the tarball into an empty project, then times each command ${RUNS} times after one warm-up with \`/usr/bin/time -f %e\`). Machine: ${machineLine()}. Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAfter}. Run at ${stamp()}.`,
  "",
  "Seconds per run (single timings, so no standard error: median, fastest and slowest wall time, and the median CPU time, user + system, of all the command's processes — less sensitive than wall time to other load on the machine). Each command imports only its own modules; jax-js and cli-progress load at their first use; `list` prints the listing the build wrote from the registries (`dist/cli/list.txt`) without loading them.",
  "",
  "| command | wall median s | wall min s | wall max s | CPU median s |",
  "| --- | --- | --- | --- | --- |",
  ...rows,
  "",
  ...split,
  "",
  NOTE,
  "",
];
mkdirSync(join(repo, "docs", "benchmarks"), { recursive: true });
writeFileSync(join(repo, "docs", "benchmarks", "startup.md"), lines.join("\n"));
process.stdout.write(lines.join("\n") + "\n");
