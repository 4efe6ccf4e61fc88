// `mechlab design`: learn a neural direct mechanism by the inverse-game method (seed 001) and
// certify it with the exact evaluator. Composes the library only; the maths lives in
// src/designers/inverse-game.
import { join } from "node:path";
import type { Command } from "commander";
import type { CliCommand } from "../command.js";
import { saveMechanism } from "../../mechanisms/saved.js";
import { design, DEFAULT_DESIGN, type DesignConfig } from "../../designers/inverse-game/run.js";
import {
  convergenceFigure,
  metricsCsv,
  resultJson,
  summaryText,
} from "../../designers/inverse-game/report.js";
import { renderPng, renderSvg } from "../../report/plot.js";
import {
  bilevelConfig,
  designBilevel,
  Interrupted,
  isBilevel,
} from "../../designers/exact-game/bilevel.js";
import { checkpointJson } from "../../designers/exact-game/checkpoint.js";
import { existsSync } from "node:fs";
import { UsageError } from "../../core/errors.js";
import { writeFileAtomic } from "../output.js";
import {
  bilevelFigure,
  bilevelMetricsCsv,
  bilevelResultJson,
  bilevelSummary,
} from "../../designers/exact-game/report.js";
import { benchmarksFor } from "../../benchmarks/index.js";
import {
  designHandicap,
  handicapConfig,
  isHandicapDesigner,
} from "../../designers/handicap/handicap-designer.js";
import {
  handicapFigure,
  handicapMetricsCsv,
  handicapResultJson,
  handicapSummary,
} from "../../designers/handicap/report.js";
import { isDiscrete, type DynamicProblem } from "../../problems/types.js";
import { VERSION } from "../../version.js";
import { parseName } from "../../core/spec.js";
import { unknownName } from "../../core/suggest.js";
import { inverseGameDesigners } from "../../designers/inverse-game/registry.js";
import { parseChoice, parseIntOption, resolveProblem } from "../resolve.js";
import { printJson } from "../output.js";
import {
  interruptedBanner,
  InterruptedRun,
  markInterrupted,
  prepareRunDir,
  removeCheckpoint,
  writeRunDir,
} from "../run-dir.js";
import { progressBar } from "../progress.js";

interface Options {
  problem?: string;
  designer: string;
  seed: number;
  budget?: number;
  width: number;
  payments: "fraction" | "free";
  ir: "interim" | "ex-ante";
  regret: "auto" | "full" | "one-shot";
  scenarios: number;
  adversary: number;
  out?: string;
  json?: boolean;
  checkpoint?: string;
  resume?: boolean;
  force?: boolean;
}

export const designCommand: CliCommand = {
  register(program) {
    program
      .command("design")
      .description(
        "design a dynamic mechanism (inverse game, seed 001) and certify it (exactly for discrete types)",
      )
      .option(
        "--problem <name>",
        "problem with parameters (see `mechlab list`); continuous types: handicap or an SGDA designer",
      )
      .option(
        "--designer <name>",
        "bilevel (discrete types) | handicap (continuous types) | acceptance | penalty | lagrangian (SGDA, both), with parameters, e.g. bilevel(memory=full), penalty(rho=5), handicap(scales=0.8;1;1.2)",
        "bilevel",
      )
      .option("--seed <n>", "random seed", parseIntOption("--seed", 0, 2 ** 31 - 1), 0)
      .option(
        "--budget <steps>",
        "bilevel: outer steps (payment LPs), default 40; SGDA designers: iterations, default 1000",
        parseIntOption("--budget", 1, 10_000_000),
      )
      .option("--width <n>", "trunk width of the network", parseIntOption("--width", 4, 512), 64)
      .option(
        "--payments <mode>",
        "fraction (interim IR by construction) | free",
        parseChoice("--payments", ["fraction", "free"] as const),
        "fraction",
      )
      .option(
        "--ir <notion>",
        "interim | ex-ante",
        parseChoice("--ir", ["interim", "ex-ante"] as const),
        "interim",
      )
      .option(
        "--regret <mode>",
        "regret trees: auto | full | one-shot",
        parseChoice("--regret", ["auto", "full", "one-shot"] as const),
        "auto",
      )
      .option(
        "--scenarios <K>",
        "SGDA on continuous types: scenarios of nature per iteration (sampled trees), a multiple of 8 (interim IR bins)",
        parseIntOption("--scenarios", 8, 4096),
        DEFAULT_DESIGN.sampled.scenarios,
      )
      .option(
        "--adversary <iterations>",
        "SGDA on continuous types: fresh-adversary iterations of the sampled certificate (0 = structured deviations only)",
        parseIntOption("--adversary", 0, 100_000),
        DEFAULT_DESIGN.sampled.adversary,
      )
      .option(
        "--out <dir>",
        "write a run directory (result.json, mechanism.json, metrics.csv, plots)",
      )
      .option("--json", "print the result as one JSON object")
      .option(
        "--checkpoint <file>",
        "bilevel: checkpoint file, written every 10 steps and on Ctrl-C, removed when the run completes (default <out>.checkpoint.json)",
      )
      .option("--resume", "bilevel: continue from the checkpoint file")
      .option("--force", "replace an existing run directory --out")
      .action(async (o: Options, cmd: Command) => {
        checkDesignerName(o.designer);
        const problem = resolveProblem(o.problem);
        if (o.out) prepareRunDir(o.out, { force: o.force, resume: o.resume });
        // Flags of the sampled path only: refuse them where they would be ignored.
        const sgdaContinuous =
          !isDiscrete(problem) && !isBilevel(o.designer) && !isHandicapDesigner(o.designer);
        for (const flag of ["scenarios", "adversary"])
          if (cmd.getOptionValueSource(flag) === "cli" && !sgdaContinuous)
            throw new UsageError(
              `--${flag}`,
              "applies to the SGDA designers (acceptance, penalty, lagrangian) on continuous types only; handicap takes handicap(adversary=N)",
            );
        if (isBilevel(o.designer)) return runBilevel(problem, o);
        if (isHandicapDesigner(o.designer)) return runHandicap(problem, o);
        const budget = o.budget ?? 1000;
        const cfg: DesignConfig = {
          ...DEFAULT_DESIGN,
          designer: o.designer,
          seed: o.seed,
          budget,
          mechanism: { width: o.width, payments: o.payments },
          irNotion: o.ir,
          regret: o.regret,
          sampled: { ...DEFAULT_DESIGN.sampled, scenarios: o.scenarios, adversary: o.adversary },
        };
        const bar = progressBar(budget, "design", !o.json && process.stderr.isTTY);
        const res = await design(problem, cfg, (r) =>
          bar.update(Math.min(r.step, budget), {
            ...(Number.isNaN(r.delta) ? {} : { δ: r.delta.toFixed(3) }),
            v: r.revenue.toFixed(3),
            Σψ: r.regret.toFixed(4),
            IR: r.irViolation.toFixed(4),
          }),
        );
        bar.stop();
        const versions = { mechlab: VERSION, node: process.version };
        const result = resultJson(res, problem.name, cfg, versions);
        if (o.out) {
          const fig = convergenceFigure(res);
          const saved = saveMechanism(res.chosen.mechanism, problem, o.seed);
          writeRunDir(o.out, {
            "result.json": JSON.stringify(result, null, 2) + "\n",
            "mechanism.json": JSON.stringify(saved) + "\n",
            "metrics.csv": metricsCsv(res),
            "convergence.svg": await renderSvg(fig),
            "convergence.png": await renderPng(fig),
          });
        }
        if (o.json) printJson(result);
        else {
          process.stdout.write(summaryText(res) + "\n");
          if (o.out) process.stdout.write(`run directory: ${join(o.out)}\n`);
        }
      });
  },
};

/** Every designer `design` runs, so that a typo is answered with the closest names. */
function checkDesignerName(text: string): void {
  const known = ["bilevel", "handicap", ...inverseGameDesigners.names()];
  const { name } = parseName(text, "--designer");
  if (!known.includes(name)) throw unknownName("--designer", "designer", name, known);
}

/** Benchmarks printed beside a design (PST constant handicap, relaxed bound, first-best, …). */
function designBenchmarks(problem: DynamicProblem): { name: string; value: number }[] {
  return benchmarksFor(problem, { seed: 0, samples: 20_000 }).map((b) => ({
    name: b.name,
    value: b.value.value,
  }));
}

async function runBilevel(problem: DynamicProblem, o: Options): Promise<void> {
  const steps = o.budget ?? 40;
  const cfg = bilevelConfig(o.designer, steps);
  const ckpt = o.checkpoint ?? (o.out ? `${o.out}.checkpoint.json` : undefined);
  if (o.resume && !ckpt)
    throw new UsageError(
      "--resume",
      "needs --checkpoint FILE or --out DIR (checkpoint DIR.checkpoint.json)",
    );
  if (o.resume && !existsSync(ckpt!)) throw new UsageError("--resume", `no checkpoint at ${ckpt!}`);
  // Ctrl-C: finish the current LP, write the checkpoint, exit 130. A second Ctrl-C more than a
  // second later kills at once (launchers such as npx forward the first one, so it may arrive
  // twice within milliseconds).
  let stop = false;
  let first = 0;
  const onSigint = () => {
    if (stop && performance.now() - first > 1000) process.exit(130);
    if (!stop) first = performance.now();
    stop = true;
  };
  process.on("SIGINT", onSigint);
  // One tick per LP solve: the Adam steps, then at most `flips` for the vertex search (which
  // may stop early when no move improves).
  const bar = progressBar(steps + 1 + cfg.flips, "design", !o.json && process.stderr.isTTY);
  let shown = { R: "—", slack: "—", best: "—", phase: "adam" };
  let res;
  try {
    res = await designBilevel(problem, cfg, {
      resume: o.resume ? ckpt : undefined,
      onCheckpoint: ckpt ? (c) => writeFileAtomic(ckpt, checkpointJson(c)) : undefined,
      shouldStop: () => stop,
      onStep: (s) => {
        shown = {
          R: s.revenue.toFixed(4),
          slack: s.icSlack.toExponential(1),
          best: Number.isNaN(s.best) ? "—" : s.best.toFixed(4),
          phase: s.phase,
        };
        bar.update(s.lps, shown);
      },
      onLp: (lps) =>
        bar.update(lps, { ...shown, phase: lps > steps + 1 ? "vertex search" : "adam" }),
    });
  } catch (e) {
    bar.stop();
    if (!(e instanceof Interrupted)) throw e;
    throw new InterruptedRun(
      ckpt
        ? `interrupted (Ctrl-C) before outer step ${e.nextStep}; nothing written; checkpoint ${ckpt}; continue with the same command plus --resume`
        : `interrupted (Ctrl-C) before outer step ${e.nextStep}; nothing written and no checkpoint (give --out or --checkpoint)`,
    );
  } finally {
    process.off("SIGINT", onSigint);
  }
  bar.stop();
  const benchmarks = designBenchmarks(problem);
  const versions = { mechlab: VERSION, node: process.version };
  const full = bilevelResultJson(res, problem.name, o.seed, versions, benchmarks);
  const result = res.interrupted ? markInterrupted(full, res.interrupted) : full;
  if (o.out) {
    const fig = bilevelFigure(
      res,
      benchmarks.map((b) => ({ name: b.name, y: b.value })),
    );
    writeRunDir(o.out, {
      "result.json": JSON.stringify(result, null, 2) + "\n",
      "mechanism.json": JSON.stringify(saveMechanism(res.mechanism, problem, o.seed)) + "\n",
      "metrics.csv": bilevelMetricsCsv(res),
      "convergence.svg": await renderSvg(fig),
      "convergence.png": await renderPng(fig),
    });
  }
  // A completed run needs no checkpoint; an interrupted one keeps it for --resume (exit 130).
  if (res.interrupted) {
    process.stderr.write(`mechlab: ${interruptedBanner(res.interrupted)}\n`);
    process.exitCode = 130;
  } else removeCheckpoint(ckpt);
  if (o.json) printJson(result);
  else {
    if (res.interrupted) process.stdout.write(interruptedBanner(res.interrupted) + "\n");
    process.stdout.write(bilevelSummary(res, benchmarks) + "\n");
    if (o.out) process.stdout.write(`run directory: ${join(o.out)}\n`);
  }
}

async function runHandicap(problem: DynamicProblem, o: Options): Promise<void> {
  if (o.budget !== undefined)
    throw new UsageError(
      "--budget",
      "handicap has no step budget; set handicap(scales=…,samples=…)",
    );
  if (o.resume) throw new UsageError("--resume", "handicap runs have no checkpoints");
  const cfg = handicapConfig(o.designer);
  const bar = progressBar(100, "design", !o.json && process.stderr.isTTY);
  let stage = "";
  const res = designHandicap(problem, cfg, o.seed, (p) => {
    // One bar in percent, restarted per stage (the certificate's total is known when it starts).
    if (p.stage !== stage) {
      stage = p.stage;
      bar.update(0);
    }
    bar.update(Math.floor((100 * p.done) / p.total), { stage: p.stage, ...p.info });
  });
  bar.stop();
  const benchmarks = designBenchmarks(problem);
  const versions = { mechlab: VERSION, node: process.version };
  const result = handicapResultJson(res, problem.name, o.seed, versions, benchmarks);
  if (o.out) {
    const fig = handicapFigure(
      res,
      // The figure's revenue is per good; the goods are i.i.d., so are the benchmarks' shares.
      benchmarks.map((b) => ({
        name: res.perGood ? `${b.name} / ${res.perGood.goods}` : b.name,
        y: b.value / (res.perGood?.goods ?? 1),
      })),
    );
    writeRunDir(o.out, {
      "result.json": JSON.stringify(result, null, 2) + "\n",
      "mechanism.json": JSON.stringify(saveMechanism(res.mechanism, problem, o.seed)) + "\n",
      "metrics.csv": handicapMetricsCsv(res),
      "profit-by-scale.svg": await renderSvg(fig),
      "profit-by-scale.png": await renderPng(fig),
    });
  }
  if (o.json) printJson(result);
  else {
    process.stdout.write(handicapSummary(res, benchmarks) + "\n");
    if (o.out) process.stdout.write(`run directory: ${join(o.out)}\n`);
  }
}
