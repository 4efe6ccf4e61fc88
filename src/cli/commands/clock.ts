// `mechlab clock`: run a clock auction (docs/clock-auctions.md) on one instance or an array of
// instances from a JSON file and report winners, prices, welfare against the exact optimum.
import { readFileSync } from "node:fs";
import type { CliCommand } from "../command.js";
import { UsageError } from "../../core/errors.js";
import { clockAuctions } from "../../clock/auctions/registry.js";
import { checkAdvice, parseInstances } from "../../clock/instance.js";
import { runInstance } from "../../clock/run.js";
import { printJson, table, writeFileAtomic, writeRunDir } from "../output.js";
import { prepareRunDir } from "../run-dir.js";
import { clockRunFiles } from "../clock-run.js";

interface ClockOptions {
  instance: string;
  auction: string;
  advice?: string;
  transcript?: string;
  out?: string;
  force?: boolean;
  json?: boolean;
}

function parseAdviceFlag(raw: string): number[] {
  if (raw.trim() === "") return [];
  return raw.split(",").map((s) => {
    const v = Number(s.trim());
    if (s.trim() === "" || !Number.isInteger(v) || v < 0) {
      throw new UsageError("--advice", `"${s}" is not a bidder index; expected a list like 0,2,3`);
    }
    return v;
  });
}

export const clockCommand: CliCommand = {
  register(program) {
    program
      .command("clock")
      .description("run a (learning-augmented) clock auction on instances from a JSON file")
      .requiredOption(
        "--instance <file>",
        'JSON instance or array: {"values": [...], "constraint": "k-uniform(k=3)", "advice": [0,2]}',
      )
      .option(
        "--auction <spec>",
        `auction: ${clockAuctions
          .list()
          .map((e) => e.name)
          .join(", ")} (parameters as name(k=v))`,
        "no-advice",
      )
      .option("--advice <list>", "predicted optimal set for every instance, e.g. 0,2,3")
      .option("--transcript <file>", "also write every run's transcript (rounds, prices, quits)")
      .option(
        "--out <DIR>",
        "also write a run directory: result.json (summaries and transcripts) and report.html (the clock rounds as tables)",
      )
      .option("--force", "replace an existing --out run directory")
      .option("--json", "print {winners, prices, welfare, optimum, ratio, rounds} per instance")
      .action((o: ClockOptions) => {
        if (o.out) prepareRunDir(o.out, { force: o.force });
        let text: string;
        try {
          text = readFileSync(o.instance, "utf8");
        } catch (e) {
          throw new UsageError("--instance", `cannot read ${o.instance}: ${(e as Error).message}`);
        }
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch (e) {
          throw new UsageError("--instance", `${o.instance} is not JSON: ${(e as Error).message}`);
        }
        const rule = clockAuctions.build(o.auction, "--auction").value;
        const { instances, array } = parseInstances(raw);
        const flagAdvice = o.advice === undefined ? undefined : parseAdviceFlag(o.advice);
        const advices = instances.map((inst) =>
          flagAdvice === undefined
            ? inst.advice
            : checkAdvice(flagAdvice, inst.constraint, "--advice"),
        );
        // Everything is validated before anything runs or is written.
        const runs = instances.map((inst, k) => runInstance(inst, rule, advices[k]));
        if (o.transcript) {
          const ts = runs.map((r) => r.outcome.transcript);
          writeFileAtomic(o.transcript, JSON.stringify(array ? ts : ts[0], null, 2) + "\n");
        }
        if (o.out) {
          const command = ["mechlab clock --instance", o.instance, "--auction", `"${o.auction}"`]
            .concat(o.advice === undefined ? [] : ["--advice", o.advice])
            .join(" ");
          writeRunDir(o.out, clockRunFiles(command, rule.name, instances, advices, runs));
        }
        const summaries = runs.map((r) => r.summary);
        if (o.json) {
          printJson(array ? summaries : summaries[0]);
          return;
        }
        const rows = summaries.map((s, k) => [
          k,
          `{${s.winners.join(",")}}`,
          s.winners.map((i) => s.prices[i].toFixed(3)).join(" "),
          s.welfare.toFixed(4),
          s.optimum.toFixed(4),
          s.ratio === null ? "∞" : s.ratio.toFixed(4),
          s.rounds,
        ]);
        process.stdout.write(
          `${rule.name}\n` +
            table(rows, [
              "#",
              "winners",
              "winners' prices",
              "welfare",
              "OPT",
              "OPT/welfare",
              "rounds",
            ]) +
            "\n",
        );
      });
  },
};
