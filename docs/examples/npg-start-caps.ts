// The payment LP's optimum at the NPG designers' starting allocations (docs/npg.md, "Starting
// point"): for each problem, the second-price allocation with ties split, to the lowest index
// and to the smallest PST handicap of the initial report; the bilevel designer's payment LP
// (src/designers/exact-game/payment-lp.ts; interim IR, subsidies allowed) gives the most revenue
// any payment rule earns with that allocation. Beside it the PST relaxed bound (the LP optimum
// where the bilevel designer reaches it). Exact (HiGHS); T = 5 takes a few minutes.
// Run:  npx tsx docs/examples/npg-start-caps.ts [problem …]
import { pstRelaxedDiscrete } from "../../src/benchmarks/discrete.js";
import { compileGame } from "../../src/designers/compiled-game/compiled-game.js";
import { optimalPayments } from "../../src/designers/exact-game/payment-lp.js";
import { startAllocation, START_TIES } from "../../src/designers/start-allocation.js";
import { buildProblem } from "../../src/problems/registry.js";

const problems = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [
      "bandit-auction(horizon=2,discount=1)",
      "bandit-auction(horizon=3,discount=1)",
      "bandit-auction(horizon=2,discount=1,grid=1;2;4,prior=1;2;1)",
      "bandit-auction(horizon=5,discount=0.85)",
    ];
for (const text of problems) {
  const problem = buildProblem(text);
  const g = compileGame(problem, "initial-last");
  const caps: string[] = [];
  for (const ties of START_TIES) {
    const x = startAllocation(problem, g, "second-price", ties);
    const lp = await optimalPayments(g, x, {
      icPenalty: 20,
      participation: { ir: "interim", subsidies: "allowed" },
    });
    const slack = lp.icSlack.flat().reduce((a, b) => a + b, 0);
    caps.push(`${ties} ${lp.revenue.toFixed(4)}${slack > 1e-7 ? ` (IC slack ${slack})` : ""}`);
  }
  console.log(
    `${problem.name} (memory=initial-last): ${caps.join(", ")}; PST relaxed bound ${pstRelaxedDiscrete(problem).toFixed(4)}`,
  );
}
