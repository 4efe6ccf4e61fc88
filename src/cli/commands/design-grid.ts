// `mechlab design-grid`: the hyperparameter grid search of Inverse Games App. D.5 for the SGDA designers
// (src/designers/inverse-game/grid-search.ts). Writes every run's certified numbers and seed to
// grid.csv / grid.json and prints the best admissible combination.
import { UsageError } from "../../core/errors.js";
import { parseNumberList } from "../../core/spec.js";
import {
  keepBestRow,
  gridCombinations,
  gridCsv,
  gridSearch,
  type GridRow,
  type GridSpec,
} from "../../designers/inverse-game/grid-search.js";
import { DEFAULT_DESIGN } from "../../designers/inverse-game/run.js";
import { VERSION } from "../../version.js";
import type { CliCommand } from "../command.js";
import { printJson, table, writeRunDir } from "../output.js";
import { progressCallback } from "../progress.js";
import { parseIntOption, resolveProblem } from "../resolve.js";
import { prepareRunDir } from "../run-dir.js";

interface Options {
  problem?: string;
  designers: string[];
  lrTheta: string;
  lrW: string;
  seeds: string;
  budget: number;
  width: number;
  out?: string;
  json?: boolean;
  force?: boolean;
}

export const designGridCommand: CliCommand = {
  register(program) {
    program
      .command("design-grid")
      .description(
        "grid search over SGDA designer hyperparameters (Inverse Games App. D.5), every run certified (exactly for discrete types, by sampling for continuous ones)",
      )
      .option(
        "--problem <name>",
        "problem with parameters (see `mechlab list`); continuous types are certified by sampling",
      )
      .option(
        "--designers <names...>",
        "SGDA designers; alternatives with |, e.g. 'penalty(rho=5|20)' 'acceptance(alpha=10|20,beta=10|20)'",
        ["penalty"],
      )
      .option("--lr-theta <list>", "mechanism learning rates η_θ, e.g. 5e-4;1e-3", "5e-4")
      .option("--lr-w <list>", "deviation-policy learning rates η_w, e.g. 1e-2;3e-2", "1e-2")
      .option("--seeds <list>", "seeds, every combination runs with each, e.g. 0;1", "0")
      .option(
        "--budget <steps>",
        "SGDA iterations per run (Inverse Games App. D.5 used 1000 episodes)",
        parseIntOption("--budget", 1, 10_000_000),
        1000,
      )
      .option("--width <n>", "trunk width of the network", parseIntOption("--width", 4, 512), 64)
      .option("--out <dir>", "write grid.csv and grid.json")
      .option("--force", "replace an existing run directory --out")
      .option("--json", "print the result as one JSON object")
      .action(async (o: Options) => {
        const problem = resolveProblem(o.problem);
        if (o.out) prepareRunDir(o.out, { force: o.force });
        const seeds = parseNumberList("--seeds", o.seeds);
        if (seeds.some((s) => !Number.isInteger(s) || s < 0))
          throw new UsageError("--seeds", "seeds are non-negative integers, e.g. 0;1");
        const spec: GridSpec = {
          designers: o.designers,
          lrTheta: parseNumberList("--lr-theta", o.lrTheta),
          lrW: parseNumberList("--lr-w", o.lrW),
          seeds,
        };
        // Validate every name and list before the first (long) run.
        gridCombinations(spec);
        const base = {
          ...DEFAULT_DESIGN,
          budget: o.budget,
          mechanism: { ...DEFAULT_DESIGN.mechanism, width: o.width },
        };
        const bar = progressCallback("grid", !o.json && process.stderr.isTTY);
        const keep = keepBestRow();
        const rows = await gridSearch(problem, spec, base, [bar, keep]);
        bar.stop();
        const best = keep.best?.snapshot;
        const result = {
          format: "mechlab-design-grid/1",
          problem: problem.name,
          versions: { mechlab: VERSION, node: process.version },
          budget: o.budget,
          tolerance: base.tolerance,
          grid: spec,
          rows,
          best: best ?? null,
        };
        if (o.out)
          writeRunDir(o.out, {
            "grid.csv": gridCsv(rows) + "\n",
            "grid.json": JSON.stringify(result, null, 2) + "\n",
          });
        if (o.json) return printJson(result);
        process.stdout.write(gridText(rows, best) + "\n");
      });
  },
};

function gridText(rows: GridRow[], best: GridRow | undefined): string {
  const body = table(
    rows.map((r) => [
      r.designer,
      r.lrTheta,
      r.lrW,
      r.seed,
      r.revenue.toFixed(4),
      r.exploitability.toFixed(4),
      r.minInterimUtility.toFixed(4),
      r.trainingRegret.toFixed(4),
      r.seconds.toFixed(0),
      r.admissible ? "yes" : "no",
    ]),
    [
      "designer",
      "η_θ",
      "η_w",
      "seed",
      "revenue",
      "exploitability",
      "min interim",
      "training regret",
      "s",
      "admissible",
    ],
  );
  const verdict = best
    ? `best admissible: ${best.designer} η_θ=${best.lrTheta} η_w=${best.lrW} seed ${best.seed} — certified revenue ${best.revenue.toFixed(4)}, exploitability ${best.exploitability.toExponential(1)}`
    : "no combination is admissible (certified exploitability ≤ regret tolerance and interim IR ≥ −IR tolerance); raise --budget or widen the grid";
  return `${body}\nrevenue, exploitability, min interim: certificates of each run's chosen mechanism (exact for discrete types; sampled lower bounds for continuous ones)\n${verdict}`;
}
