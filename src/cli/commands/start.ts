// `mechlab start` (what `npm start` runs): evaluate the baseline mechanisms on the default
// problem, print them beside mechlab's benchmarks, then design a mechanism with the bilevel
// exact designer and print its certified revenue, interim IR and exploitability.
import type { CliCommand } from "../command.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { evaluate, type EvaluationReport } from "../../evaluation/evaluate.js";
import { formatMeasured } from "../../core/measured.js";
import { resolveProblem } from "../resolve.js";
import { table } from "../output.js";
import { computeBenchmarks } from "../../benchmarks/index.js";
import { isDiscrete } from "../../problems/types.js";
import { designBilevelWithSearch } from "../../designers/exact-game/relaxed-search.js";
import { bilevelConfig } from "../../designers/exact-game/bilevel-types.js";
import { bilevelSummary } from "../../designers/exact-game/report.js";
import { progressCallback } from "../progress.js";
import { paymentsLine } from "../payments-line.js";

/** Outer steps of the design `npm start` runs (about a minute on the default problem). */
export const START_DESIGN_STEPS = 40;
/** LP solves of its vertex search (a few seconds each at T = 5; docs/results/inverse-game.md). */
export const START_DESIGN_FLIPS = 60;

export const BASELINES = [
  "second-price",
  "second-price(reserve=2)",
  "first-price",
  "myerson",
  "posted-price(price=2)",
  "posted-price(price=3)",
];

/** Agents' gains below this are LP/float tolerance (exact evaluations only). */
const CERTIFIED_TOLERANCE = 1e-6;

/** "yes" when the report certifies truth-telling and participation; else what fails. */
function certification(r: EvaluationReport): string {
  if (r.exploitability.value > CERTIFIED_TOLERANCE) return "no: not IC";
  if (!r.exploitability.exact) return "no: sampled";
  const u = r.minInterimUtility?.value;
  if (u === undefined || u < -CERTIFIED_TOLERANCE) return "no: not IR";
  return "yes";
}

export const startCommand: CliCommand = {
  register(program) {
    program
      .command("start")
      .description(
        "evaluate the baselines on the default problem and compare them with the benchmarks",
      )
      .option("--problem <name>", "problem name with parameters")
      .option("--no-design", "skip the design step")
      .action(async (o: { problem?: string; design: boolean }) => {
        const problem = resolveProblem(o.problem);
        const out: string[] = [`mechlab — ${problem.name}`, ""];
        const rows: { certified: string; cells: string[] }[] = [];
        let mode = "";
        let note = "";
        for (const name of BASELINES) {
          const r = evaluate(problem, buildMechanism(name, problem), { samples: 5000 });
          mode = r.mode;
          note = r.exploitabilityNote;
          rows.push({
            certified: certification(r),
            cells: [
              r.mechanism,
              formatMeasured(r.revenue),
              formatMeasured(r.welfare),
              formatMeasured(r.exploitability),
              r.minInterimUtility ? formatMeasured(r.minInterimUtility) : "",
            ],
          });
        }
        // Certified mechanisms first: a revenue computed for truthful agents is a result only
        // when truth-telling is a best response (exploitability 0) and nobody loses by taking part.
        rows.sort((a, b) => Number(a.certified !== "yes") - Number(b.certified !== "yes"));
        out.push(
          `Baselines (${mode} evaluation; revenue and welfare assume truthful agents; exploitability = Σ of best deviations' gains):`,
        );
        out.push(
          table(
            rows.map((r) => [...r.cells, r.certified]),
            [
              "mechanism",
              "revenue",
              "welfare",
              "exploitability",
              "min interim utility",
              "certified",
            ],
          ),
        );
        out.push(
          "certified: yes = exactly IC (exploitability ≤ 1e-6) and interim IR; otherwise agents would lie or stay away, and the revenue is not what the mechanism earns.",
        );
        out.push(`exploitability: ${note}`);
        out.push("");
        out.push("Benchmarks (computed by mechlab; see docs/benchmarks-derivation.md):");
        const bench = computeBenchmarks(problem, { seed: 0, samples: 20_000 }).computed;
        out.push(
          table(
            bench.map((b) => [b.name, formatMeasured(b.value), b.irNotion]),
            ["benchmark", "revenue/welfare", "IR notion"],
          ),
        );
        out.push("");
        out.push("A mechanism is usable only with exploitability ≈ 0 and min interim utility ≥ 0.");
        process.stdout.write(out.join("\n") + "\n");
        if (o.design && isDiscrete(problem) && problem.semantics === "realized") {
          const designer = `bilevel(flips=${START_DESIGN_FLIPS})`;
          process.stdout.write(
            `\nDesigning a dynamic mechanism: mechlab design --designer "${designer}" --budget ${START_DESIGN_STEPS}\n`,
          );
          const progress = progressCallback("design", process.stderr.isTTY);
          const res = await designBilevelWithSearch(
            problem,
            bilevelConfig(designer, START_DESIGN_STEPS),
            {
              callbacks: [progress],
            },
          );
          progress.stop();
          const benchmarks = bench.map((b) => ({ name: b.name, value: b.value.value }));
          process.stdout.write(bilevelSummary(res, benchmarks) + "\n");
          const payments = paymentsLine(problem, res.mechanism, { certificate: res.certificate });
          if (payments) process.stdout.write(payments + "\n");
        }
        process.stdout.write(
          '\nNext: `mechlab list`, `mechlab evaluate --mechanism <name>`, `mechlab design --out DIR`, `mechlab benchmark`; continuous types: `mechlab design --problem "bandit-auction(values=continuous)" --designer handicap`.\n',
        );
      });
  },
};
