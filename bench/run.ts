// `npm run bench`: run every benchmark script (each writes docs/benchmarks/<name>.md), then
// gather them into docs/BENCHMARKS.md. `npm run bench -- evaluation ama` runs a subset; the
// sections of scripts not run are kept from their last run; `npm run bench -- --gather` runs none.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { machineLine } from "./machine.js";

const SCRIPTS = [
  "evaluation",
  "ama",
  "spm",
  "designers",
  "bilevel",
  "handicap",
  "sweep",
  "clock",
  "pricing",
  "startup",
];
// `--gather`: only rebuild docs/BENCHMARKS.md from the sections on disk (after running one
// script directly, e.g. `npx tsx bench/bilevel.ts`).
const gatherOnly = process.argv.includes("--gather");
const wanted = process.argv.slice(2).filter((a) => a !== "--gather");
for (const w of wanted) {
  if (!SCRIPTS.includes(w)) {
    console.error(`bench: unknown benchmark "${w}"; known: ${SCRIPTS.join(", ")}`);
    process.exit(2);
  }
}
for (const name of gatherOnly ? [] : wanted.length ? wanted : SCRIPTS) {
  if (!existsSync(`bench/${name}.ts`)) continue;
  console.error(`bench: running bench/${name}.ts`);
  const r = spawnSync(process.execPath, ["--import", "tsx", `bench/${name}.ts`], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (r.status !== 0) {
    console.error(`bench: bench/${name}.ts failed (exit ${r.status})`);
    process.exit(1);
  }
}
const sections = existsSync("docs/benchmarks")
  ? readdirSync("docs/benchmarks")
      .filter((f) => f.endsWith(".md"))
      .sort((a, b) => SCRIPTS.indexOf(a.replace(".md", "")) - SCRIPTS.indexOf(b.replace(".md", "")))
      .map((f) => readFileSync(`docs/benchmarks/${f}`, "utf8").trim())
  : [];
const doc = [
  "# Benchmarks",
  "",
  "Written by `npm run bench` (`bench/run.ts`); each section says the command that produced it, the machine and when.",
  `Last gathered on: ${machineLine()}.`,
  "",
  ...sections.flatMap((s) => [s, ""]),
].join("\n");
writeFileSync("docs/BENCHMARKS.md", doc);
console.error("bench: wrote docs/BENCHMARKS.md");
