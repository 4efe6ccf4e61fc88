// Prints the tables of docs/benchmarks-derivation.md:
//   npx tsx src/benchmarks/derivation-tables.ts [--bins 32] [--samples 100000]
// (a few minutes on 2 cores: the continuous grid DP dominates).
import { formatMeasured } from "../core/measured.js";
import { buildProblem } from "../problems/registry.js";
import { computeBenchmarks } from "./index.js";
import {
  continuousOptimum,
  logitWalkModel,
  pstConstantReward,
  pstImpulseReward,
  welfareReward,
} from "./continuous.js";
import { pstConstantDiscrete, pstRelaxedDiscrete } from "./discrete.js";
import type { TwinMode } from "./discrete-handicap.js";
import { myopicVirtualSurplus } from "./myopic-sim.js";

const arg = (name: string, dflt: number) => {
  const k = process.argv.indexOf(name);
  return k >= 0 ? Number(process.argv[k + 1]) : dflt;
};
const bins = arg("--bins", 32);
const samples = arg("--samples", 100_000);
const grid = { bins, points: 121, span: 5 };
const opts = { seed: 0, samples: 20_000, grid };
const line = (cells: (string | number)[]) => console.log(`| ${cells.join(" | ")} |`);
/** A table header and its markdown separator. */
const header = (cells: string[]) => {
  line(cells);
  line(cells.map(() => "---"));
};

console.log(`## Table 1 settings (n=2, T=5, γ=0.85, cost 0, realized); grid ${bins}×121\n`);
header(["setting", "benchmark", "value", "kind", "IR"]);
for (const name of [
  "bandit-auction(values=discrete,items=1)",
  "bandit-auction(values=discrete,items=2)",
  "bandit-auction(values=continuous,items=1)",
  "bandit-auction(values=continuous,items=2)",
]) {
  const { computed: rows, skipped } = computeBenchmarks(buildProblem(name), opts);
  for (const r of rows) line([name, r.name, formatMeasured(r.value), r.kind, r.irNotion]);
  for (const s of skipped) line([name, s.name, "n/a", "-", "-"]);
}

console.log("\n## Discount factor, discrete single item (n=2, T=5, cost 0, realized)\n");
line([
  "γ",
  "constant handicap",
  "relaxed (comonotone)",
  "relaxed (independent)",
  "first-best",
  "static Myerson",
  "constant vs 6.5089",
]);
for (const g of [0.8, 0.85, 0.9, 0.95, 1]) {
  const p = buildProblem(`bandit-auction(discount=${g})`);
  const { computed: rows } = computeBenchmarks(p, opts);
  const get = (n: string) => formatMeasured(rows.find((r) => r.name === n)!.value);
  const c = rows[0].value.value;
  line([
    g,
    get("pst-constant-handicap"),
    get("pst-relaxed-bound"),
    pstRelaxedDiscrete(p, "independent").toFixed(4),
    get("first-best-welfare"),
    get("static-myerson-revenue"),
    `${(100 * (c / 6.5089 - 1)).toFixed(2)}%`,
  ]);
}

console.log("\n## Impulse-response variants (discrete single item, n=2)\n");
const modes: TwinMode[] = [
  "comonotone",
  "independent",
  "expected",
  "comonotone-observed",
  "independent-observed",
];
header(["instance", "constant", ...modes]);
for (const name of [
  "bandit-auction(horizon=3,discount=1)",
  "bandit-auction(horizon=5,discount=0.85)",
]) {
  const p = buildProblem(name);
  line([
    name,
    pstConstantDiscrete(p).toFixed(6),
    ...modes.map((m) => pstRelaxedDiscrete(p, m).toFixed(6)),
  ]);
}

console.log(`\n## Continuous single item: grid resolution and a simulated lower bound\n`);
const p = buildProblem("bandit-auction(values=continuous)");
const cm = logitWalkModel(p);
line([
  "objective",
  "grid 16×121",
  `grid ${bins}×121`,
  `myopic policy, ${samples} trajectories (lower bound)`,
]);
for (const [name, r] of [
  ["PST exact impulse response", pstImpulseReward(cm)],
  ["PST constant handicap", pstConstantReward(cm)],
  ["first-best welfare", welfareReward],
] as const) {
  const coarse = continuousOptimum(cm, 2, r, { bins: 16, points: 121, span: 5 });
  const fine = continuousOptimum(cm, 2, r, grid);
  line([
    name,
    coarse.toFixed(4),
    fine.toFixed(4),
    formatMeasured(myopicVirtualSurplus(p, r, samples, 0)),
  ]);
}
