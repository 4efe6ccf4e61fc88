// `mechlab reproduce <name>`: re-run a table of a seed paper and print ours beside the
// paper's. The list of reproductions is src/reproductions/registry.ts.
import type { CliCommand } from "../command.js";
import { UsageError } from "../../core/errors.js";
import { findReproduction, reproductions } from "../../reproductions/registry.js";
import { parseIntOption } from "../resolve.js";
import { printJson, writeFileAtomic, writeRunDir } from "../output.js";
import { progressBar } from "../progress.js";
import { availableParallelism, cpus } from "node:os";
import { reproductionSweeps } from "../../sweep/reproduction-sweeps.js";
import { DEFAULT_STORE } from "../../sweep/store.js";
import { runSweep } from "./sweep.js";
import { dirname, join } from "node:path";
import { renderPng, renderSvg } from "../../report/plot.js";
import { prepareOutFile, prepareRunDir } from "../run-dir.js";
import { reproductionRunFiles } from "../reproduction-run.js";

function parseList(flag: string) {
  return (raw: string): string[] => {
    const xs = raw.split(",").map((s) => s.trim());
    if (xs.some((x) => x === ""))
      throw new UsageError(flag, `expected a comma-separated list, got "${raw}"`);
    return xs;
  };
}

/** A reproduction with a sweep form, on the sweep executors; prints the sweep summary. */
function runAsSweep(
  name: string,
  o: { queue?: string; shard?: string; jobs?: number; store: string; json?: boolean } & Record<
    string,
    unknown
  >,
) {
  const form = reproductionSweeps[name];
  if (!form)
    throw new UsageError(
      o.queue ? "--queue" : o.shard ? "--shard" : "--jobs",
      `${name} has no sweep form yet; reproductions with one: ${Object.keys(reproductionSweeps).join(", ")}`,
    );
  for (const flag of ["rows", "methods", "samples", "out", "markdown", "outDir"] as const)
    if (o[flag] !== undefined && !(form.accepts as string[]).includes(flag))
      throw new UsageError(
        `--${flag === "outDir" ? "out-dir" : flag}`,
        `not with --queue/--shard/--jobs for ${name}${form.accepts.length ? ` (its sweep form takes --${form.accepts.join(", --")})` : ""}`,
      );
  const rows = (o.rows as string[] | undefined)?.map((r) => parseIntOption("--rows", 1, 1000)(r));
  return runSweep(name, {
    store: o.store,
    json: o.json,
    jobs: o.jobs ?? availableParallelism(),
    queue: o.queue,
    attempts: 3,
    shard: o.shard,
    form: {
      seed: o.seed as number | undefined,
      rows,
      methods: o.methods as string[] | undefined,
      samples: o.samples as number | undefined,
    },
  });
}

export const reproduceCommand: CliCommand = {
  register(program) {
    program
      .command("reproduce")
      .description(`reproduce a paper table: ${reproductions.map((r) => r.name).join(", ")}`)
      .argument("<name>", "reproduction name")
      .option("--seed <n>", "base seed", parseIntOption("--seed", 0, 2 ** 31 - 1), 0)
      .option(
        "--samples <k>",
        "evaluation samples per row",
        parseIntOption("--samples", 10, 10_000_000),
      )
      .option("--rows <list>", "only these rows (1-based, comma-separated)", parseList("--rows"))
      .option(
        "--methods <list>",
        "only these methods/designers (comma-separated; inverse-game-table-1: default bilevel,handicap, every method with --queue/--shard)",
        parseList("--methods"),
      )
      .option("--out <file>", "also write the JSON result to this file")
      .option(
        "--out-dir <DIR>",
        "also write a run directory: result.json (the table and everything measured), the figures and report.html",
      )
      .option("--force", "replace an existing --out file or --out-dir directory")
      .option(
        "--markdown <file>",
        "also write the table, with this command and the date, as a markdown section (e.g. docs/results/<name>.md)",
      )
      .option("--json", "print the JSON result")
      .option(
        "--queue <url>",
        `run the reproduction's jobs on workers through Redis, as \`mechlab sweep NAME --queue\` (reproductions with a sweep form: ${Object.keys(reproductionSweeps).join(", ")})`,
      )
      .option("--shard <i/N>", "run only slice i of N of the reproduction's jobs (its sweep form)")
      .option("--jobs <n>", "with --queue/--shard: local threads", parseIntOption("--jobs", 1, 256))
      .option("--store <dir>", "with --queue/--shard: the run store", DEFAULT_STORE)
      .action(
        async (
          name: string,
          o: {
            seed: number;
            samples?: number;
            rows?: string[];
            methods?: string[];
            out?: string;
            outDir?: string;
            force?: boolean;
            markdown?: string;
            json?: boolean;
            queue?: string;
            shard?: string;
            jobs?: number;
            store: string;
          },
        ) => {
          const rep = findReproduction(name);
          if (o.queue || o.shard || o.jobs) return runAsSweep(name, o);
          if (o.out) prepareOutFile(o.out, { force: o.force });
          if (o.outDir) prepareRunDir(o.outDir, { force: o.force, field: "--out-dir" });
          const rows = o.rows?.map((r) => parseIntOption("--rows", 1, 1000)(r));
          const bar = progressBar(100, name, !o.json && process.stderr.isTTY);
          const t0 = performance.now();
          const res = await rep.run({
            seed: o.seed,
            samples: o.samples,
            rows,
            methods: o.methods,
            onProgress: (d, t, info) => {
              bar.update(Math.round((100 * d) / t), info);
            },
          });
          bar.stop();
          const seconds = (performance.now() - t0) / 1000;
          if (o.out) writeFileAtomic(o.out, JSON.stringify(res.json, null, 2) + "\n");
          const command = ["mechlab", ...process.argv.slice(2)]
            .map((a) => (/[\s()|;]/.test(a) ? `"${a}"` : a))
            .join(" ");
          if (o.outDir)
            writeRunDir(o.outDir, await reproductionRunFiles(name, command, seconds, res));
          if (o.markdown) {
            for (const f of res.figures ?? []) {
              const base = join(dirname(o.markdown), "img", f.name);
              writeFileAtomic(`${base}.svg`, await renderSvg(f.figure));
              writeFileAtomic(`${base}.png`, await renderPng(f.figure));
            }
            const when = new Date().toISOString().slice(0, 16).replace("T", " ");
            writeFileAtomic(
              o.markdown,
              `## ${name}\n\nCommand: \`${command}\` — run at ${when} UTC in ${seconds.toFixed(0)} s ` +
                `(${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, Node ${process.version}).\n\n${res.text}\n`,
            );
          }
          if (o.json) printJson(res.json);
          else process.stdout.write(res.text + "\n");
        },
      );
  },
};
