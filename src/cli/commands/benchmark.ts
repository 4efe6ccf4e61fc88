// `mechlab benchmark`: the reference values mechlab computes for a problem (PST revenue,
// first-best welfare, static Myerson revenue, and the LP optimum where it is small enough).
import type { CliCommand } from "../command.js";
import { computeBenchmarks } from "../../benchmarks/index.js";
import { lpColumns, lpOptimum } from "../../designers/lp-optimum.js";
import { exact, formatMeasured, type Measured } from "../../core/measured.js";
import { parseIntOption, resolveProblem } from "../resolve.js";
import { printJson, table } from "../output.js";
import { progressBar } from "../progress.js";
import type { DynamicProblem } from "../../problems/types.js";
import { participationLabel, type Participation } from "../../mechanisms/participation.js";

/** The LP optimum is offered when its LP has at most this many columns (T ≤ 3 by default). */
const LP_COLUMN_LIMIT = 100_000;

async function lpRow(problem: DynamicProblem, quiet: boolean) {
  let columns: number;
  try {
    columns = lpColumns(problem);
  } catch (e) {
    return { skipped: { name: "lp-optimum", reason: (e as Error).message } };
  }
  if (columns > LP_COLUMN_LIMIT) {
    return {
      skipped: {
        name: "lp-optimum",
        reason: `LP would have ${columns.toExponential(1)} columns (limit ${LP_COLUMN_LIMIT}); use a shorter horizon`,
      },
    };
  }
  const bar = progressBar(100, "lp", !quiet && process.stderr.isTTY);
  const res = await lpOptimum(problem, {
    onProgress: (d, t, stage) => bar.update(t > 0 ? Math.round((100 * d) / t) : 0, { stage }),
  });
  bar.stop();
  return {
    row: {
      name: "lp-optimum",
      value: exact(res.revenue) as Measured,
      irNotion: "interim",
      description:
        "optimal BIC + interim-IR revenue by LP over public histories (docs/lp-optimum.md)",
    },
  };
}

/** LP optima under the other participation notions: only while each LP takes about a second. */
const LP_NOTION_COLUMN_LIMIT = 5_000;
const OTHER_NOTIONS: Participation[] = [
  { ir: "ex-ante", subsidies: "allowed" },
  { ir: "periodic", subsidies: "none" },
  { ir: "ex-post", subsidies: "none" },
];

/** The LP optimum under each of OTHER_NOTIONS (docs/participation.md), when small enough. */
async function lpNotionRows(problem: DynamicProblem) {
  let columns: number;
  try {
    columns = lpColumns(problem);
  } catch {
    return { rows: [], skipped: [] }; // lpRow already says why
  }
  if (columns > LP_NOTION_COLUMN_LIMIT)
    return {
      rows: [],
      skipped: [
        {
          name: "lp-optimum by participation notion",
          reason: `${columns} LP columns (limit ${LP_NOTION_COLUMN_LIMIT} here); run \`npx tsx bench/participation.ts "${problem.name}" lp\``,
        },
      ],
    };
  const rows = [];
  for (const p of OTHER_NOTIONS) {
    const res = await lpOptimum(problem, { participation: p });
    rows.push({
      name: `lp-optimum(ir=${p.ir},subsidies=${p.subsidies})`,
      value: exact(res.revenue) as Measured,
      irNotion: participationLabel(p),
      description: `optimal BIC revenue under ${participationLabel(p)} participation by the same LP with the notion's rows (docs/participation.md)`,
    });
  }
  return { rows, skipped: [] };
}

export const benchmarkCommand: CliCommand = {
  register(program) {
    program
      .command("benchmark")
      .description(
        "benchmarks for a problem: PST revenue, first-best welfare, static Myerson revenue, LP optimum",
      )
      .option("--problem <name>", "problem name with parameters")
      .option(
        "--samples <n>",
        "trajectories for sampled benchmarks",
        parseIntOption("--samples", 100, 10_000_000),
        20_000,
      )
      .option("--seed <n>", "random seed", parseIntOption("--seed", 0, 2 ** 31 - 1), 0)
      .option("--json", "print one JSON object")
      .action(async (o: { problem?: string; samples: number; seed: number; json?: boolean }) => {
        const problem = resolveProblem(o.problem);
        const { computed: rows, skipped } = computeBenchmarks(problem, {
          seed: o.seed,
          samples: o.samples,
        });
        const lp = await lpRow(problem, Boolean(o.json));
        const notions = lp.row ? await lpNotionRows(problem) : { rows: [], skipped: [] };
        const all = [...(lp.row ? [...rows, lp.row] : rows), ...notions.rows];
        const notApplicable = [
          ...(lp.skipped ? [...skipped, lp.skipped] : skipped),
          ...notions.skipped,
        ];
        if (o.json) {
          printJson({
            problem: problem.name,
            seed: o.seed,
            benchmarks: Object.fromEntries(
              all.map((b) => [
                b.name,
                { ...b.value, irNotion: b.irNotion, description: b.description },
              ]),
            ),
            notApplicable,
          });
          return;
        }
        const out = [`problem ${problem.name}`, ""];
        out.push(
          table(
            all.map((b) => [b.name, formatMeasured(b.value), b.irNotion]),
            ["benchmark", "value", "IR notion"],
          ),
        );
        out.push("");
        for (const b of all) out.push(`${b.name}: ${b.description}`);
        if (notApplicable.length) {
          out.push("");
          out.push("not computed:");
          for (const s of notApplicable) out.push(`  ${s.name}: ${s.reason}`);
        }
        process.stdout.write(out.join("\n") + "\n");
      });
  },
};
