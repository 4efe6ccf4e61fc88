// Bilevel exact designer speed (src/designers/exact-game): compile time of the game, outer
// steps (one payment LP + envelope gradient each) per second, wall time until the certified
// revenue first exceeds mechlab's constant-handicap PST benchmark, and the revenue after 40
// steps, on the discrete single-item problems. Writes docs/benchmarks/bilevel.md.
// Run: npx tsx bench/bilevel.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { pstConstantDiscrete } from "../src/benchmarks/discrete.js";
import { designBilevelWithSearch } from "../src/designers/exact-game/relaxed-search.js";
import { bilevelConfig } from "../src/designers/exact-game/bilevel-types.js";
import { buildProblem } from "../src/problems/registry.js";
import { machineLine, stamp } from "./machine.js";

const STEPS = 40;
const cases: [string, string][] = [
  ["bandit-auction(horizon=3,discount=1)", "bilevel(memory=full)"],
  ["bandit-auction", "bilevel"],
];
const rows: string[] = [];
// Wall times depend on what else runs on the machine: the load average beside them, and the
// CPU time of this process, which load does not inflate.
const loadStart = loadavg()[0];
for (const [spec, designer] of cases) {
  const problem = buildProblem(spec);
  const pst = pstConstantDiscrete(problem);
  const t0 = performance.now();
  let reached = NaN;
  const res = await designBilevelWithSearch(problem, bilevelConfig(designer, STEPS), {
    callbacks: [
      {
        onStep: (r) => {
          if (Number.isNaN(reached) && r.metrics.best > pst)
            reached = (performance.now() - t0) / 1000;
        },
      },
    ],
  });
  const total = (performance.now() - t0) / 1000;
  const perSec = res.lpSolves / res.trainSeconds;
  rows.push(
    `| \`${spec}\` | \`${designer}\` (ties=${res.config.ties}) | ${res.sizes.rows} | ${res.sizes.lpColumns} × ${res.sizes.lpRows} | ${res.compileSeconds.toFixed(1)} | ${perSec.toFixed(2)} | ${pst.toFixed(4)} | ${reached.toFixed(1)} | ${res.certificate.revenue.value.toFixed(4)} | ${res.certificate.exploitability.value.toExponential(1)} | ${total.toFixed(1)} |`,
  );
}

const cpu = process.cpuUsage();
const doc = [
  "## Bilevel exact designer",
  "",
  `Command: \`npx tsx bench/bilevel.ts\` (also run by \`npm run bench\`). Machine: ${machineLine()}. Run at ${stamp()}; load average (1 min) ${loadStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end; CPU time of the script ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s.`,
  "",
  `${STEPS} outer (Adam) steps from the second-price allocation (ties broken by the default \`ties=auto\`, resolved per row: the PST handicap of the initial report on these one-good discrete problems), then the vertex search with its default budget of LP solves (defaults: lr 0.01, IC penalty 20, flips 200), as \`mechlab design\` runs it: under the default notion (periodic IR, no subsidies) the allocation is searched with the interim payment LP and then re-paid under the notion (one more LP; docs/participation.md); "LP solves" counts every LP. "to PST" is the wall time from the start (compile included) until an exactly-IC iterate's revenue exceeds mechlab's constant-handicap PST benchmark; revenue and exploitability are the exact evaluator's certificate of the chosen iterate; "total" includes certification.`,
  "",
  "| problem | designer | table rows | payment LP (columns × rows) | compile s | LP solves / s | PST constant handicap | to PST s | certified revenue | certified exploitability | total s |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows,
  "",
].join("\n");
mkdirSync("docs/benchmarks", { recursive: true });
writeFileSync("docs/benchmarks/bilevel.md", doc);
console.error(doc);
