// `mechlab ama`: design a dynamic affine maximizer (Curry et al. 2024) for one environment and
// evaluate it against VCG on the same fresh profiles.
import { join } from "node:path";
import type { CliCommand } from "../command.js";
import { AMA_ENVS, amaEnvSpec, type AmaEnvFlags } from "../../ama/env-spec.js";
import { formatMeasured } from "../../core/measured.js";
import { buildAmaEnvironment } from "../../ama/environments/registry.js";
import { amaRunFiles, runAma, runSummary } from "../../ama/run.js";
import { amaTraceFigure } from "../../ama/trace-figure.js";
import { renderPng, renderSvg } from "../../report/plot.js";
import { parseChoice, parseIntOption } from "../resolve.js";
import { printJson, table, writeRunDir } from "../output.js";
import { progressCallback } from "../progress.js";
import { prepareRunDir } from "../run-dir.js";

const ENVS = AMA_ENVS;

interface AmaOptions extends AmaEnvFlags {
  force?: boolean;
  gamma?: string;
  designer: string;
  samples: number;
  seed: number;
  out?: string;
  json?: boolean;
}

export const amaCommand: CliCommand = {
  register(program) {
    program
      .command("ama")
      .description("design a dynamic affine maximizer (Curry et al. 2024) and compare it with VCG")
      .requiredOption("--env <name>", ENVS.join(" | "), parseChoice("--env", ENVS))
      .requiredOption("--agents <n>", "agents (bidders, workers)", parseIntOption("--agents", 1, 8))
      .requiredOption(
        "--items <m>",
        "items, tasks, or the grid's side",
        parseIntOption("--items", 1, 8),
      )
      .option("--gamma <g>", "discount (gridworld only; default 0.9)")
      .option("--dist <d>", "symmetric | asymmetric (sequential-sales, scheduling)")
      .option(
        "--designer <spec>",
        "grid | zeroth | smooth, optionally with settings, e.g. smooth(iterations=500)",
        "smooth",
      )
      .option(
        "--samples <k>",
        "evaluation profiles",
        parseIntOption("--samples", 10, 10_000_000),
        10_000,
      )
      .option("--seed <n>", "random seed", parseIntOption("--seed", 0, 2 ** 31 - 1), 0)
      .option("--out <dir>", "run directory to write (result.json, mechanism.json, metrics.csv)")
      .option("--force", "replace an existing run directory --out")
      .option("--json", "print one JSON object")
      .action(async (o: AmaOptions) => {
        const env = buildAmaEnvironment(amaEnvSpec(o), "--env");
        if (o.out) prepareRunDir(o.out, { force: o.force });
        // One bar per stage (design, then evaluate), with the designer's metrics.
        const bar = progressCallback("ama", !o.json && process.stderr.isTTY);
        const result = runAma(env, {
          designer: o.designer,
          samples: o.samples,
          seed: o.seed,
          callbacks: [bar],
        });
        bar.stop();
        const summary = runSummary(result);
        if (o.out) {
          const files: Record<string, string | Uint8Array> = amaRunFiles(result);
          const figure = amaTraceFigure(result);
          if (figure) {
            files["design-trace.svg"] = await renderSvg(figure);
            files["design-trace.png"] = await renderPng(figure);
          }
          writeRunDir(o.out, files);
        }
        if (o.json) {
          printJson(summary);
          return;
        }
        process.stdout.write(
          [
            `${result.environment}, designer ${result.designer}`,
            `${result.samples} evaluation profiles (seed ${result.evaluationSeed}), design ${result.designSeconds.toFixed(1)} s`,
            "",
            table(
              [
                ["VCG", formatMeasured(result.vcg), formatMeasured(result.vcgWelfare)],
                ["AMA", formatMeasured(result.ama), formatMeasured(result.amaWelfare)],
                ["AMA − VCG", formatMeasured(result.difference), ""],
              ],
              ["mechanism", result.objective, "welfare"],
            ),
            o.out ? `\nwrote ${join(o.out, "result.json")}` : "",
          ].join("\n") + "\n",
        );
      });
  },
};
