// `mechlab start` (what `npm start` runs): evaluate the baseline mechanisms on the default
// problem and print them beside mechlab's benchmarks.
import type { CliCommand } from "../command.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { evaluate } from "../../evaluation/evaluate.js";
import { formatMeasured } from "../../core/measured.js";
import { resolveProblem } from "../resolve.js";
import { table } from "../output.js";
import { benchmarkRows } from "../../benchmarks/cli-table.js";

export const BASELINES = [
  "second-price",
  "second-price(reserve=2)",
  "first-price",
  "myerson",
  "posted-price(price=2)",
  "posted-price(price=3)",
];

export const startCommand: CliCommand = {
  register(program) {
    program
      .command("start")
      .description(
        "evaluate the baselines on the default problem and compare them with the benchmarks",
      )
      .option("--problem <name>", "problem name with parameters")
      .action((o: { problem?: string }) => {
        const problem = resolveProblem(o.problem);
        const out: string[] = [`mechlab — ${problem.name}`, ""];
        const rows: string[][] = [];
        let mode = "";
        let note = "";
        for (const name of BASELINES) {
          const r = evaluate(problem, buildMechanism(name, problem), { samples: 5000 });
          mode = r.mode;
          note = r.exploitabilityNote;
          rows.push([
            r.mechanism,
            formatMeasured(r.revenue),
            formatMeasured(r.welfare),
            formatMeasured(r.exploitability),
            r.minInterimUtility ? formatMeasured(r.minInterimUtility) : "",
          ]);
        }
        out.push(
          `Baselines (${mode} evaluation, truthful agents; exploitability = Σ of best deviations' gains):`,
        );
        out.push(
          table(rows, ["mechanism", "revenue", "welfare", "exploitability", "min interim utility"]),
        );
        out.push(`exploitability: ${note}`);
        out.push("");
        out.push("Benchmarks (computed by mechlab; see docs/benchmarks-derivation.md):");
        const bench = benchmarkRows(problem, { seed: 0, samples: 20_000 });
        out.push(
          table(
            bench.map((b) => [b.name, formatMeasured(b.value), b.irNotion]),
            ["benchmark", "revenue/welfare", "IR notion"],
          ),
        );
        out.push("");
        out.push("A mechanism is usable only with exploitability ≈ 0 and min interim utility ≥ 0.");
        out.push(
          "Next: `mechlab list`, `mechlab evaluate --mechanism <name>`, `mechlab benchmark`.",
        );
        process.stdout.write(out.join("\n") + "\n");
      });
  },
};
