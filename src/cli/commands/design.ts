// `mechlab design`: one code path for every designer — parse the problem and the designer
// (src/designers/registry.ts), check the flags against what the designer declares, run it with
// the shared callbacks (progress bar, Ctrl-C, checkpoints), write the run directory, print the
// summary or the JSON. Nothing here knows a particular designer.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { StopWhen } from "../../core/callbacks.js";
import { liveRun } from "../../core/live-run.js";
import { UsageError } from "../../core/errors.js";
import { parseName, resolveParams, type ParamSpecs, type ParamValue } from "../../core/spec.js";
import { Interrupted, type Designer, type DesignOptions } from "../../designers/designer.js";
import { DEFAULT_DESIGNER, designers } from "../../designers/registry.js";
import { saveMechanism } from "../../mechanisms/saved.js";
import { renderPng, renderSvg } from "../../report/plot.js";
import type { CliCommand } from "../command.js";
import { printJson, writeFileAtomic } from "../output.js";
import {
  interruptedBanner,
  InterruptedRun,
  markInterrupted,
  prepareRunDir,
  removeCheckpoint,
  writeRunDir,
} from "../run-dir.js";
import { progressCallback } from "../progress.js";
import { paymentsLine } from "../payments-line.js";
import { parseIntOption, resolveProblem } from "../resolve.js";

interface Options {
  problem?: string;
  designer: string;
  seed: number;
  budget?: number;
  out?: string;
  json?: boolean;
  checkpoint?: string;
  resume?: boolean;
  force?: boolean;
  verbose?: boolean;
  [flag: string]: unknown;
}

/** Every designer's flags, once each (the first declaration's text), for commander. */
function allFlags(): [string, { doc: string; users: string[] }][] {
  const flags = new Map<string, { doc: string; users: string[] }>();
  for (const d of designers.list())
    for (const [k, s] of Object.entries(d.flags)) {
      const f = flags.get(k) ?? { doc: s.doc, users: [] };
      f.users.push(d.name);
      flags.set(k, f);
    }
  return [...flags.entries()];
}

const camel = (flag: string) => flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** What `designer` takes on the command line, for the refusal of everything else. */
function accepted(d: Designer): string {
  const flags = [
    ...(d.budget ? ["--budget"] : []),
    ...(d.checkpoints ? ["--checkpoint", "--resume"] : []),
    ...Object.keys(d.flags).map((k) => `--${k}`),
  ];
  const params = Object.keys(d.params);
  return (
    `designer ${d.name} takes ${flags.length ? flags.join(", ") : "no designer flags"}` +
    (params.length ? ` and ${d.name}(${params.map((k) => `${k}=…`).join(",")})` : "")
  );
}

/** The designer-specific flags given on the command line, validated; others refused. */
function givenFlags(d: Designer, o: Options, cmd: Command): Record<string, ParamValue> {
  const fromCli = (k: string) => cmd.getOptionValueSource(camel(k)) === "cli";
  const raw: Record<string, string> = {};
  for (const [k, f] of allFlags()) {
    if (!fromCli(k)) continue;
    if (!(k in d.flags))
      throw new UsageError(`--${k}`, `applies to ${f.users.join(", ")}; ${accepted(d)}`);
    raw[`--${k}`] = String(o[camel(k)]);
  }
  for (const [flag, why] of [
    ["checkpoint", d.checkpoints ? "" : "no checkpoints"],
    ["resume", d.checkpoints ? "" : "no checkpoints"],
    ["budget", d.budget ? "" : "no step budget"],
  ])
    if (why && fromCli(flag))
      throw new UsageError(`--${flag}`, `designer ${d.name} has ${why}; ${accepted(d)}`);
  // Validate under the flag's own name, so that errors say "--width: …".
  const specs: ParamSpecs = Object.fromEntries(
    Object.keys(raw).map((k) => [k, d.flags[k.slice(2)]]),
  );
  const v = resolveParams(`designer ${d.name}`, specs, raw);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.slice(2), x]));
}

export const designCommand: CliCommand = {
  register(program) {
    const command = program
      .command("design")
      .description(
        "design a mechanism with a designer (see `mechlab list`, DESIGNERS) and certify it (exactly for discrete types)",
      )
      .option("--problem <name>", "problem with parameters (see `mechlab list`)")
      .option(
        "--designer <name>",
        `${designers
          .list()
          .map((d) => d.name)
          .join(
            " | ",
          )}, with parameters, e.g. bilevel(memory=full), penalty(rho=5), handicap(scales=0.8;1;1.2); each one's parameters and flags: mechlab list`,
        DEFAULT_DESIGNER,
      )
      .option("--seed <n>", "random seed", parseIntOption("--seed", 0, 2 ** 31 - 1), 0)
      .option(
        "--budget <steps>",
        designers
          .list()
          .filter((d) => d.budget)
          .map((d) => `${d.name}: ${d.budget!.doc}, default ${d.budget!.default}`)
          .join("; "),
        parseIntOption("--budget", 1, 10_000_000),
      )
      .option(
        "--out <dir>",
        "write a run directory (result.json, mechanism.json, metrics.csv, plots)",
      )
      .option("--json", "print the result as one JSON object")
      .option(
        "--checkpoint <file>",
        "checkpoint file, written every 10 steps and on Ctrl-C (default <out>.checkpoint.json); designers with checkpoints",
      )
      .option("--resume", "continue from the checkpoint file")
      .option("--force", "replace an existing run directory --out")
      .option("--verbose", "also print the designer's internals (problem sizes, steps, timings)");
    for (const [k, f] of allFlags())
      command.option(`--${k} <value>`, `${f.users.join(", ")}: ${f.doc}`);
    command.action(async (o: Options, cmd: Command) => {
      const problem = resolveProblem(o.problem);
      if (o.out) prepareRunDir(o.out, { force: o.force, resume: o.resume });
      const d = designers.get(parseName(o.designer, "--designer").name, "--designer");
      const built = designers.build(o.designer, "--designer");
      const flags = givenFlags(d, o, cmd);
      const ckpt = d.checkpoints
        ? (o.checkpoint ?? (o.out ? `${o.out}.checkpoint.json` : undefined))
        : undefined;
      if (o.resume && !ckpt)
        throw new UsageError(
          "--resume",
          "needs --checkpoint FILE or --out DIR (checkpoint DIR.checkpoint.json)",
        );
      if (o.resume && !existsSync(ckpt!))
        throw new UsageError("--resume", `no checkpoint at ${ckpt!}`);
      const progress = progressCallback("design", !o.json && process.stderr.isTTY);
      // Ctrl-C (designers with checkpoints; their loops yield between steps): finish the step,
      // write the checkpoint, exit 130; in the certification after training (on a worker
      // thread there), end it at once, keep the trained checkpoint, exit 130. A second Ctrl-C
      // more than a second later kills at once (launchers such as npx forward the first one,
      // so it may arrive twice within milliseconds).
      let stop = false;
      let first = 0;
      const ctrlC = new AbortController();
      const onSigint = () => {
        if (stop && performance.now() - first > 1000) process.exit(130);
        if (!stop) first = performance.now();
        stop = true;
        ctrlC.abort();
      };
      if (d.checkpoints) process.on("SIGINT", onSigint);
      // Progress for `mechlab studio` while the run goes (the run directory comes at the end).
      const live = o.out ? liveRun(o.out, `mechlab ${process.argv.slice(2).join(" ")}`) : undefined;
      const opts: DesignOptions = {
        seed: o.seed,
        budget: o.budget,
        flags,
        callbacks: [progress, new StopWhen("ctrl-c", () => stop), ...(live ? [live] : [])],
        checkpoint: ckpt ? { save: (text) => writeFileAtomic(ckpt, text) } : undefined,
        resume: o.resume ? readFileSync(ckpt!, "utf8") : undefined,
        signal: d.checkpoints ? ctrlC.signal : undefined,
      };
      let run;
      try {
        run = await built.value.design(problem, opts);
      } catch (e) {
        live?.close();
        if (!(e instanceof Interrupted)) throw e;
        const where =
          e.phase === "certification"
            ? `in certification (training done: ${e.nextStep - 1} steps)`
            : `before step ${e.nextStep}`;
        throw new InterruptedRun(
          e.checkpointed
            ? `interrupted (Ctrl-C) ${where}; nothing written; checkpoint ${ckpt}; continue with the same command plus --resume`
            : `interrupted (Ctrl-C) ${where}; nothing written and no checkpoint (give --out or --checkpoint)`,
        );
      } finally {
        progress.stop();
        process.off("SIGINT", onSigint);
      }
      const result = run.interrupted ? markInterrupted(run.result, run.interrupted) : run.result;
      if (o.out) {
        const files: Record<string, string | Uint8Array> = {
          "result.json": JSON.stringify(result, null, 2) + "\n",
          "mechanism.json":
            JSON.stringify(saveMechanism(run.mechanism, problem, o.seed, run.participation)) + "\n",
          "metrics.csv": run.metricsCsv,
        };
        // The last checkpoint moves into the run directory (a longer budget can resume from it).
        if (ckpt && existsSync(ckpt)) files["checkpoint.json"] = readFileSync(ckpt, "utf8");
        for (const [stem, fig] of Object.entries(run.figures)) {
          files[`${stem}.svg`] = await renderSvg(fig);
          files[`${stem}.png`] = await renderPng(fig);
        }
        writeRunDir(o.out, files);
        live?.close();
      }
      // A completed run needs no checkpoint; an interrupted one keeps it for --resume (exit 130).
      if (run.interrupted) {
        process.stderr.write(`mechlab: ${interruptedBanner(run.interrupted)}\n`);
        process.exitCode = 130;
      } else removeCheckpoint(ckpt);
      if (o.json) printJson(result);
      else {
        if (run.interrupted) process.stdout.write(interruptedBanner(run.interrupted) + "\n");
        if (o.verbose && run.details) process.stdout.write(run.details + "\n");
        process.stdout.write(run.summary + "\n");
        const payments = paymentsLine(problem, run.mechanism, result);
        if (payments) process.stdout.write(payments + "\n");
        if (o.out) process.stdout.write(`run directory: ${join(o.out)}\n`);
      }
    });
  },
};
