// Evaluation speed: exact evaluation (revenue, IR, exploitability) of the discrete
// single-item T = 5 problem, and sampled-evaluation throughput on the continuous problem.
// Writes docs/benchmarks/evaluation.md. Run: npx tsx bench/evaluation.ts
import { writeFileSync, mkdirSync } from "node:fs";
import { buildProblem } from "../src/problems/registry.js";
import { buildMechanism } from "../src/mechanisms/registry.js";
import { evaluate } from "../src/evaluation/evaluate.js";
import { simulate, trajectorySeed } from "../src/evaluation/simulate.js";
import { truthful } from "../src/agents/strategy.js";
import { machineLine, stamp } from "./machine.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const lines: string[] = [];
lines.push("## Evaluation");
lines.push("");
lines.push(
  `Command: \`npx tsx bench/evaluation.ts\` (also run by \`npm run bench\`). Machine: ${machineLine()}. Run at ${stamp()}.`,
);
lines.push("");
lines.push("### Exact evaluation, discrete single item, T = 5 (default problem)");
lines.push("");
lines.push(
  "Revenue, welfare, interim utilities and exact exploitability (both agents' best responses); median of 5 runs.",
);
lines.push("");
lines.push("| problem | mechanism | seconds (median of 5) |");
lines.push("| --- | --- | --- |");
const discrete = [
  buildProblem("bandit-auction"),
  buildProblem("bandit-auction(semantics=fractional)"),
];
for (const p of discrete) {
  for (const name of ["second-price(reserve=2)", "myerson", "first-price"]) {
    const mech = buildMechanism(name, p);
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      evaluate(p, mech, { mode: "exact" });
      times.push((performance.now() - t0) / 1000);
    }
    lines.push(`| ${p.semantics} | ${name} | ${median(times).toFixed(3)} |`);
  }
}
// A mechanism that depends on the whole history: the exact evaluator cannot merge subtrees.
{
  const p = discrete[0];
  const inner = buildMechanism("second-price(reserve=2)", p);
  const full = {
    name: "history-dependent second-price(reserve=2)",
    params: {},
    outcome: inner.outcome,
  };
  const t0 = performance.now();
  evaluate(p, full, { mode: "exact" });
  lines.push(
    `| realized | same, declared history-dependent (no merging; 1 run) | ${((performance.now() - t0) / 1000).toFixed(3)} |`,
  );
}
lines.push("");
lines.push("### Sampled evaluation throughput, continuous single item, T = 5");
lines.push("");
lines.push("| mechanism | trajectories | seconds | trajectories/s |");
lines.push("| --- | --- | --- | --- |");
const cont = buildProblem("bandit-auction(values=continuous)");
for (const name of ["second-price(reserve=2)", "myerson"]) {
  const mech = buildMechanism(name, cont);
  const N = 100_000;
  const strategies = [truthful, truthful];
  const t0 = performance.now();
  for (let k = 0; k < N; k++) simulate(cont, mech, strategies, trajectorySeed(0, k));
  const s = (performance.now() - t0) / 1000;
  lines.push(`| ${name} | ${N} | ${s.toFixed(2)} | ${Math.round(N / s)} |`);
}
mkdirSync("docs/benchmarks", { recursive: true });
writeFileSync("docs/benchmarks/evaluation.md", lines.join("\n") + "\n");
console.log(lines.join("\n"));
