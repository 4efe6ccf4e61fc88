// The LP optimum (docs/lp-optimum.md) on small bandit auctions, each certified by the exact
// evaluator. Prints a markdown table: optimal revenue, LP size, build and solve times, and the
// evaluator's revenue, exploitability and smallest interim utility. Run:
//   npx tsx docs/examples/lp-optimum.ts                      # T = 1, 2, 3 × γ = 1, 0.85
//   npx tsx docs/examples/lp-optimum.ts "bandit-auction(horizon=2,discount=0.9)" …
// Options (before or after the names): --payment-bound=B, --solver=simplex|ipm|choose.
import { lpOptimum } from "../../src/designers/lp-optimum.js";
import { evaluate } from "../../src/evaluation/evaluate.js";
import { buildProblem } from "../../src/problems/registry.js";

const defaults = [1, 0.85].flatMap((g) =>
  [1, 2, 3].map((t) => `bandit-auction(horizon=${t},discount=${g})`),
);
const args = process.argv.slice(2);
const option = (key: string) => args.find((a) => a.startsWith(`--${key}=`))?.slice(key.length + 3);
const given = args.filter((a) => !a.startsWith("--"));
const names = given.length > 0 ? given : defaults;
const paymentBound = option("payment-bound") ? Number(option("payment-bound")) : undefined;
const solver = option("solver") as "simplex" | "ipm" | "choose" | undefined;

console.log(
  "| problem | LP revenue | max abs payment | columns | rows | nonzeros | build s | solve s | evaluator revenue | exploitability | min interim U | evaluate s |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const name of names) {
  const problem = buildProblem(name);
  const res = await lpOptimum(problem, { paymentBound, solver });
  const t0 = performance.now();
  const r = evaluate(problem, res.mechanism, { mode: "exact" });
  const evalSeconds = (performance.now() - t0) / 1000;
  const f = (x: number, d = 4) => x.toFixed(d);
  console.log(
    `| ${name} | ${f(res.revenue, 6)} | ${f(res.lp.maxAbsPayment, 2)} | ${res.lp.columns} | ${res.lp.rows} | ${res.lp.nonzeros} | ` +
      `${f(res.lp.buildSeconds, 2)} | ${f(res.lp.solveSeconds, 2)} | ${f(r.revenue.value, 6)} | ` +
      `${r.exploitability.value.toExponential(1)} | ${f(r.minInterimUtility!.value)} | ${f(evalSeconds, 2)} |`,
  );
}
