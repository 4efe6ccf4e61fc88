// Revenue under each participation notion (docs/results/participation.md): the LP optimum
// (where its LP is small enough), the bilevel design (certified by the exact evaluator), the
// PST benchmark values, and the per-period second-price and Myerson auctions with the notion
// each satisfies. One problem per run, JSON to stdout:
//   npx tsx bench/participation.ts "bandit-auction(horizon=2)" [lp|design|benchmarks]... [--notions a/b,c/d] [--out FILE]
// With --out the JSON is rewritten after every item (a long run keeps what it finished).
import { computeBenchmarks } from "../src/benchmarks/index.js";
import { designBilevelWithSearch } from "../src/designers/exact-game/relaxed-search.js";
import { bilevelConfig } from "../src/designers/exact-game/bilevel-types.js";
import { lpColumns, lpOptimum } from "../src/designers/lp-optimum.js";
import { evaluate } from "../src/evaluation/evaluate.js";
import { buildMechanism } from "../src/mechanisms/registry.js";
import { IR_NOTIONS, SUBSIDY_RULES, type Participation } from "../src/mechanisms/participation.js";
import { writeFileSync } from "node:fs";
import { buildProblem } from "../src/problems/registry.js";
import { machineLine, stamp } from "./machine.js";

const args = process.argv.slice(2);
const problem = buildProblem(args[0] ?? "bandit-auction(horizon=2)");
const parts = args.filter((a) => ["lp", "design", "benchmarks"].includes(a));
const at = args.indexOf("--notions");
const notions: Participation[] =
  at >= 0
    ? args[at + 1].split(",").map((s) => {
        const [ir, subsidies] = s.split("/");
        return { ir, subsidies } as Participation;
      })
    : SUBSIDY_RULES.flatMap((subsidies) => IR_NOTIONS.map((ir) => ({ ir, subsidies })));
const out: Record<string, unknown> = {
  problem: problem.name,
  machine: machineLine(),
  when: stamp(),
};
const outAt = args.indexOf("--out");
const save = () => {
  if (outAt >= 0) writeFileSync(args[outAt + 1], JSON.stringify(out, null, 2) + "\n");
};
const certificate = (rep: ReturnType<typeof evaluate>) => ({
  revenue: rep.revenue.value,
  exploitability: rep.exploitability.value,
  minInterimUtility: rep.minInterimUtility?.value,
  minContinuationUtility: rep.participation?.minContinuationUtility.value,
  maxPaymentToAgent: rep.participation?.maxPaymentToAgent.value,
  maxExPostExcess: rep.participation?.maxExPostExcess.value,
  exitExploitability: rep.participation?.exitExploitability.value,
  satisfies: rep.participation?.satisfies,
});
if (parts.includes("benchmarks")) {
  const { computed } = computeBenchmarks(problem, { seed: 0, samples: 20_000 });
  out.benchmarks = computed.map((b) => ({
    name: b.name,
    value: b.value.value,
    exact: b.value.exact,
  }));
  out.mechanisms = ["second-price", "myerson"].map((name) => ({
    name,
    ...certificate(evaluate(problem, buildMechanism(name, problem), { mode: "exact" })),
  }));
}
if (parts.includes("lp")) {
  out.lpColumns = lpColumns(problem);
  out.lp = [];
  for (const p of notions) {
    const t0 = performance.now();
    const res = await lpOptimum(problem, { participation: p });
    const rep = evaluate(problem, res.mechanism, { mode: "exact" });
    (out.lp as unknown[]).push({
      ...p,
      lpRevenue: res.revenue,
      seconds: (performance.now() - t0) / 1000,
      certified: certificate(rep),
    });
    process.stderr.write(`lp ${p.ir}/${p.subsidies}: ${res.revenue}\n`);
    save();
  }
}
if (parts.includes("design")) {
  out.design = [];
  for (const p of notions) {
    const designer = `bilevel(ir=${p.ir},subsidies=${p.subsidies})`;
    const t0 = performance.now();
    const res = await designBilevelWithSearch(problem, bilevelConfig(designer, 40));
    (out.design as unknown[]).push({
      ...p,
      designer: res.designer,
      seconds: (performance.now() - t0) / 1000,
      certified: certificate(res.certificate),
    });
    process.stderr.write(`design ${designer}: ${res.certificate.revenue.value}\n`);
    save();
  }
}
save();
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
