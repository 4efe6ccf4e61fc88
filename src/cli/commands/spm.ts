// `mechlab spm`: learn sequential price mechanisms with PPO for one setting of Brero et al. 2021 and
// compare them with the static baselines, random serial dictatorship and the exact optimal
// SPM. Writes a run directory (result.json, metrics.csv, learning-curve.svg and .png).
import type { CliCommand } from "../command.js";
import { UsageError } from "../../core/errors.js";
import { ACTION_DISTS, type ActionDist } from "../../rl/action-dist.js";
import { initEngine } from "../../engine/jax.js";
import { defaultJobs } from "../../spm/train-jobs.js";
import { renderPng, renderSvg } from "../../report/plot.js";
import { LEARNED_BASELINES, SPM_DEFAULT_LR, compare } from "../../spm/compare.js";
import { learningCurveFigure, metricsCsv, summaryJson, summaryRows } from "../../spm/report.js";
import { PRICE_MODES, type PriceMode } from "../../spm/item-classes.js";
import { buildSetting } from "../../spm/settings/registry.js";
import { statistics } from "../../spm/statistics.js";
import { OBJECTIVES, type Objective } from "../../spm/types.js";
import { printJson, table, writeRunDir } from "../output.js";
import { progressBar } from "../progress.js";
import { parseChoice, parseIntOption } from "../resolve.js";
import { unknownValue } from "../../core/suggest.js";
import { prepareRunDir } from "../run-dir.js";

const BASELINES = [...Object.keys(LEARNED_BASELINES), "rsd"];

function parseList(flag: string, allowed: string[], allowNone: boolean) {
  return (raw: string): string[] => {
    if (allowNone && raw === "none") return [];
    const items = raw.split(",").map((s) => s.trim());
    for (const s of items) {
      if (!allowed.includes(s)) {
        throw unknownValue(flag, s, allowNone ? [...allowed, "none"] : allowed);
      }
    }
    return items;
  };
}

function parseFloatIn(flag: string, min: number, max: number) {
  return (raw: string): number => {
    const v = Number(raw);
    if (raw.trim() === "" || !(v >= min && v <= max)) {
      throw new UsageError(flag, `must be a number in [${min}, ${max}], got "${raw}"`);
    }
    return v;
  };
}

function parseRate(raw: string): number {
  const v = Number(raw);
  if (!(v > 0 && v <= 1)) throw new UsageError("--lr", `must be a number in (0, 1], got "${raw}"`);
  return v;
}

interface SpmOptions {
  force?: boolean;
  setting: string;
  statistic: string[];
  baselines: string[];
  objective?: Objective;
  seeds: number;
  seed: number;
  steps: number;
  batch: number;
  lr: number;
  priceDist: ActionDist;
  prices: PriceMode;
  entCoef: number;
  initLogStd?: number;
  evalEpisodes: number;
  finalEpisodes: number;
  optimal: boolean;
  jobs: number;
  out?: string;
  json?: boolean;
}

export const spmCommand: CliCommand = {
  register(program) {
    const statNames = statistics.list().map((e) => e.name);
    program
      .command("spm")
      .description(
        "learn sequential price mechanisms with PPO (Brero et al. 2021) and compare with baselines",
      )
      .requiredOption("--setting <name>", "SPM setting with parameters (see docs/spm.md)")
      .option(
        "--statistic <list>",
        `observation statistics of the adaptive policy, comma-separated: ${statNames.join(", ")}`,
        parseList("--statistic", statNames, false),
        ["price-allocation"],
      )
      .option(
        "--baselines <list>",
        `baselines, comma-separated: ${BASELINES.join(", ")}, or none`,
        parseList("--baselines", BASELINES, true),
        BASELINES,
      )
      .option(
        "--objective <name>",
        `objective: ${OBJECTIVES.join(", ")} (default: the setting's)`,
        parseChoice("--objective", OBJECTIVES),
      )
      .option("--seeds <k>", "training seeds per policy", parseIntOption("--seeds", 1, 100), 1)
      .option("--seed <n>", "base seed", parseIntOption("--seed", 0, 2 ** 31 - 1), 0)
      .option(
        "--steps <n>",
        "environment steps per training run",
        parseIntOption("--steps", 1, 1e9),
        100_000,
      )
      .option("--batch <n>", "episodes per PPO rollout", parseIntOption("--batch", 4, 100_000), 64)
      .option("--lr <x>", "Adam learning rate (decays linearly)", parseRate, SPM_DEFAULT_LR)
      .option(
        "--price-dist <name>",
        `price distribution: ${ACTION_DISTS.join(", ")} (docs/spm.md)`,
        parseChoice("--price-dist", ACTION_DISTS),
        "clipped-gaussian",
      )
      .option(
        "--prices <mode>",
        `prices the policy posts: ${PRICE_MODES.join(", ")} (per-class: identical items share one price, w.l.o.g.; docs/spm.md)`,
        parseChoice("--prices", PRICE_MODES),
        "per-class",
      )
      .option("--ent-coef <x>", "entropy bonus coefficient", parseFloatIn("--ent-coef", 0, 1), 0)
      .option(
        "--init-log-std <x>",
        "initial log σ of the price distribution (default: ln 0.5 clipped, 0 logit-normal)",
        parseFloatIn("--init-log-std", -5, 2),
      )
      .option(
        "--eval-episodes <n>",
        "fresh episodes per evaluation",
        parseIntOption("--eval-episodes", 10, 1e6),
        1000,
      )
      .option(
        "--final-episodes <n>",
        "fresh episodes for the final evaluation",
        parseIntOption("--final-episodes", 10, 1e7),
        10_000,
      )
      .option(
        "--jobs <n>",
        "training runs at once on worker threads (results do not depend on it)",
        parseIntOption("--jobs", 1, 64),
        defaultJobs(),
      )
      .option("--no-optimal", "skip the exact optimal-SPM dynamic program")
      .option("--out <dir>", "run directory (default runs/spm/<setting>-seed<N>)")
      .option("--force", "replace an existing run directory --out")
      .option("--json", "print one JSON object")
      .action(async (o: SpmOptions) => {
        const setting = buildSetting(o.setting, "--setting");
        if (o.statistic.length + o.baselines.length === 0) {
          throw new UsageError("--statistic", "nothing to run: give a statistic or a baseline");
        }
        const objective = o.objective ?? setting.objective;
        const dir = o.out ?? `runs/spm/${setting.name.replace(/[^\w.-]+/g, "_")}-seed${o.seed}`;
        prepareRunDir(dir, { force: o.force });
        await initEngine();
        const bar = progressBar(100, `spm ${setting.name}`, !o.json && process.stderr.isTTY);
        const result = await compare({
          setting,
          objective,
          prices: o.prices,
          statistics: o.statistic,
          baselines: o.baselines,
          seeds: o.seeds,
          seed: o.seed,
          steps: o.steps,
          batch: o.batch,
          evalEpisodes: o.evalEpisodes,
          finalEpisodes: o.finalEpisodes,
          ppo: {
            lr: o.lr,
            actionDist: o.priceDist,
            entCoef: o.entCoef,
            ...(o.initLogStd !== undefined ? { initLogStd: o.initLogStd } : {}),
          },
          optimal: o.optimal,
          parallel: o.jobs,
          onProgress: (done, total, info) => bar.update(Math.round((100 * done) / total), info),
        });
        bar.stop();
        const summary = summaryJson(result);
        const command = `mechlab spm ${process.argv.slice(3).join(" ")}`;
        const figure = learningCurveFigure(result);
        writeRunDir(dir, {
          "result.json": JSON.stringify({ command, summary, result }, null, 2) + "\n",
          "metrics.csv": metricsCsv(result),
          "learning-curve.svg": await renderSvg(figure),
          "learning-curve.png": await renderPng(figure),
        });
        if (o.json) printJson(summary);
        else {
          process.stdout.write(
            `${setting.name}, objective ${objective}, ${o.prices} prices, ${o.steps} steps × ${o.seeds} seed(s), ${result.seconds.toFixed(0)} s\n\n`,
          );
          process.stdout.write(
            table(summaryRows(result), ["policy", objective, "of optimal SPM"]) + "\n",
          );
          process.stdout.write(`\nrun directory: ${dir}\n`);
        }
      });
  },
};
