// `mechlab evaluate`: revenue, welfare, interim utilities and exploitability of a mechanism.
import type { CliCommand } from "../command.js";
import { UsageError } from "../../core/errors.js";
import {
  autoNote,
  evaluate,
  exactIsFeasible,
  type EvaluationMode,
} from "../../evaluation/evaluate.js";
import { planSampled } from "../../evaluation/sampled-size.js";
import { evaluationText } from "../../report/evaluation-text.js";
import { parseChoice, parseIntOption, resolveMechanism, resolveProblem } from "../resolve.js";
import { printJson, writeFileAtomic, writeRunDir } from "../output.js";
import { progressBar } from "../progress.js";
import { prepareOutFile, prepareRunDir } from "../run-dir.js";
import { evaluationRunFiles } from "../evaluation-run.js";

export const evaluateCommand: CliCommand = {
  register(program) {
    program
      .command("evaluate")
      .description("evaluate a mechanism: revenue, welfare, interim IR, exploitability")
      .option("--problem <name>", "problem name with parameters (see `mechlab list`)")
      .requiredOption(
        "--mechanism <name|file>",
        "mechanism name with parameters, or a saved mechanism .json",
      )
      .option(
        "--mode <mode>",
        "exact | sampled | auto",
        parseChoice<EvaluationMode>("--mode", ["auto", "exact", "sampled"]),
        "auto",
      )
      .option(
        "--samples <n>",
        "trajectories for sampled evaluation (default 20000, fewer for large problems: docs/limits.md)",
        parseIntOption("--samples", 10, 10_000_000),
      )
      .option(
        "--adversary <iterations>",
        "sampled mode: also train a deviation policy from scratch per agent for this many REINFORCE iterations (0 = structured deviations only)",
        parseIntOption("--adversary", 0, 100_000),
        0,
      )
      .option(
        "--adversary-batch <n>",
        "trajectories per REINFORCE iteration of --adversary",
        parseIntOption("--adversary-batch", 2, 1_000_000),
        256,
      )
      .option(
        "--adversary-policy <kind>",
        "recurrent (public and private encoders, Inverse Games App. D.4) | mlp (one hidden layer on a summary)",
        parseChoice("--adversary-policy", ["recurrent", "mlp"] as const),
        "recurrent",
      )
      .option(
        "--adversary-update <update>",
        "the --adversary policy's step: adam (on the REINFORCE gradient) | npg (a natural-gradient step in a KL trust region, recurrent policy only; docs/npg.md)",
        parseChoice("--adversary-update", ["adam", "npg"] as const),
        "adam",
      )
      .option("--seed <n>", "random seed", parseIntOption("--seed", 0, 2 ** 31 - 1), 0)
      .option("--out <file>", "also write the JSON report to this file")
      .option(
        "--out-dir <DIR>",
        "also write a run directory: result.json (the report), report.html, and mechanism.json for a saved mechanism",
      )
      .option("--force", "replace an existing --out file or --out-dir directory")
      .option("--json", "print the report as one JSON object")
      .action(
        (o: {
          problem?: string;
          mechanism: string;
          mode: EvaluationMode;
          samples?: number;
          adversary: number;
          adversaryBatch: number;
          adversaryPolicy: "recurrent" | "mlp";
          adversaryUpdate: "adam" | "npg";
          seed: number;
          out?: string;
          outDir?: string;
          force?: boolean;
          json?: boolean;
        }) => {
          if (o.adversaryUpdate === "npg" && o.adversaryPolicy === "mlp")
            throw new UsageError(
              "--adversary-update",
              "npg needs --adversary-policy recurrent (the natural-gradient step is the recurrent policy's)",
            );
          if (o.out) prepareOutFile(o.out, { force: o.force });
          if (o.outDir) prepareRunDir(o.outDir, { force: o.force, field: "--out-dir" });
          const problem = resolveProblem(o.problem);
          const mech = resolveMechanism(o.mechanism, problem);
          // Say at once (not after minutes of sampling) when auto falls back to sampling.
          const sampled =
            o.mode === "sampled" || (o.mode === "auto" && !exactIsFeasible(problem, mech));
          if (o.mode === "auto" && sampled)
            process.stderr.write(`note: ${autoNote(problem, mech)}\n`);
          const plan = sampled ? planSampled(problem, { samples: o.samples }).note : undefined;
          if (plan) process.stderr.write(`note: ${plan}\n`);
          const bar = progressBar(100, "evaluate", !o.json && process.stderr.isTTY);
          const report = evaluate(problem, mech, {
            mode: o.mode,
            seed: o.seed,
            samples: o.samples,
            adversary: {
              iterations: o.adversary,
              batch: o.adversaryBatch,
              policy: o.adversaryPolicy,
              update: o.adversaryUpdate,
            },
            onProgress: (d, t, stage) =>
              bar.update(Math.round((100 * d) / Math.max(1, t)), { stage }),
          });
          bar.stop();
          if (o.out) writeFileAtomic(o.out, JSON.stringify(report, null, 2) + "\n");
          if (o.outDir) writeRunDir(o.outDir, evaluationRunFiles(report, o.mechanism));
          if (o.json) printJson(report);
          else process.stdout.write(evaluationText(report) + "\n");
        },
      );
  },
};
