// `mechlab pricing`: learn item prices for online resource allocation with one algorithm
// (sample access, pricing queries or none), deploy them to agents arriving in an order, and
// compare the welfare with the hindsight optimum and the ex-ante LP (docs/online-pricing.md).
import { existsSync } from "node:fs";
import type { CliCommand } from "../command.js";
import { formatMeasured, type Measured } from "../../core/measured.js";
import { pricingAlgorithms } from "../../pricing/algorithms/registry.js";
import { evaluatePricing, HINDSIGHT, type HindsightKind } from "../../pricing/evaluate.js";
import { pricingInstances } from "../../pricing/generators/registry.js";
import { loadInstanceFile } from "../../pricing/instance-file.js";
import type { PricingInstance } from "../../pricing/model.js";
import { ORDERS, type OrderKind } from "../../pricing/orders.js";
import { printJson, table } from "../output.js";
import { progressBar } from "../progress.js";
import { parseChoice, parseIntOption } from "../resolve.js";
import { prepareRunDir, writeRunDir } from "../run-dir.js";
import { PRICING_FORMAT } from "../../report/html/pricing-view.js";

/** A JSON file, or a generator name such as cloud(scale=20). */
function resolveInstance(text: string): PricingInstance {
  if (text.endsWith(".json") || existsSync(text)) return loadInstanceFile(text);
  const built = pricingInstances.build(text, "--instance");
  return { ...built.value, name: built.name };
}

const fmt = (m: Measured | null) => (m ? formatMeasured(m, 4) : "—");

export const pricingCommand: CliCommand = {
  register(program) {
    program
      .command("pricing")
      .description("learned item pricing for online resource allocation (docs/online-pricing.md)")
      .requiredOption(
        "--instance <file|name>",
        `instance file (.json) or generator: ${pricingInstances
          .list()
          .map((e) => e.name)
          .join(", ")}`,
      )
      .option(
        "--algorithm <name>",
        `pricing algorithm with parameters: ${pricingAlgorithms
          .list()
          .map((e) => e.name)
          .join(", ")}`,
        "anonymous-random",
      )
      .option(
        "--order <kind>",
        `arrival order: ${ORDERS.join(", ")}`,
        parseChoice("--order", ORDERS),
        "random",
      )
      .option(
        "--runs <k>",
        "independent runs (learn, realize, deploy)",
        parseIntOption("--runs", 1, 100_000),
        10,
      )
      .option("--seed <n>", "base seed", parseIntOption("--seed", 0, 2 ** 31 - 1), 0)
      .option(
        "--hindsight <kind>",
        `hindsight benchmark per run: ${HINDSIGHT.join(", ")} (ip: integer optimum and LP relaxation)`,
        parseChoice("--hindsight", HINDSIGHT),
        "ip",
      )
      .option("--json", "print one JSON object")
      .option("--out <DIR>", "write a run directory (result.json, report.html)")
      .option("--force", "replace an existing --out run directory")
      .action(
        async (o: {
          instance: string;
          algorithm: string;
          order: OrderKind;
          runs: number;
          seed: number;
          hindsight: HindsightKind;
          json?: boolean;
          out?: string;
          force?: boolean;
        }) => {
          if (o.out) prepareRunDir(o.out, { force: o.force });
          const instance = resolveInstance(o.instance);
          const alg = pricingAlgorithms.build(o.algorithm, "--algorithm");
          const bar = progressBar(o.runs, `pricing ${alg.name}`, !o.json && process.stderr.isTTY);
          const r = await evaluatePricing({
            instance,
            algorithm: alg.value,
            algorithmName: alg.name,
            order: o.order,
            runs: o.runs,
            seed: o.seed,
            hindsight: o.hindsight,
            onProgress: (d) => bar.update(d),
          });
          bar.stop();
          if (o.out) {
            const command = `mechlab ${process.argv.slice(2).join(" ")}`;
            const result = { format: PRICING_FORMAT, command, ...r };
            writeRunDir(o.out, { "result.json": JSON.stringify(result, null, 2) + "\n" });
          }
          if (o.json) return printJson(r);
          const rows: (string | number)[][] = [
            ["welfare", fmt(r.welfare)],
            ["hindsight optimum (IP)", fmt(r.hindsightOptimum)],
            ["hindsight LP relaxation", fmt(r.hindsightLp)],
            [`ex-ante LP (${r.exAnteLp.exact ? "exact" : "sampled"})`, r.exAnteLp.value.toFixed(4)],
            ["welfare / hindsight", fmt(r.ratioToHindsight)],
            ["welfare / ex-ante LP", fmt(r.ratioToExAnteLp)],
            ["revenue", fmt(r.revenue)],
            ["price spread (sd across agents)", fmt(r.priceSpread)],
            ["unequal treatment (same-request pairs)", fmt(r.unequalTreatment)],
            ["max use / supply", r.maxUtilization.toFixed(4)],
            ["samples / queries per run", `${r.samples} / ${r.queries}`],
            [
              "learn / deploy seconds per run",
              `${r.learnSeconds.toFixed(3)} / ${r.deploySeconds.toFixed(3)}`,
            ],
          ];
          process.stdout.write(
            `${r.instance}: ${r.agents} agents, ${r.resources} resources; ${r.algorithm} (${r.access}), order ${r.order}, ${r.runs} runs, seed ${r.seed}\n\n` +
              table(rows, ["measure", "value"]) +
              "\n" +
              (o.out ? `run directory: ${o.out}\n` : ""),
          );
        },
      );
  },
};
