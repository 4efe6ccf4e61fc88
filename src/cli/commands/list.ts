// `mechlab list`: every problem, mechanism and designer name with its parameters and defaults.
import type { CliCommand } from "../command.js";
import { problems } from "../../problems/registry.js";
import { mechanisms } from "../../mechanisms/registry.js";
import { designers } from "../../designers/registry.js";
import { amaEnvironments } from "../../ama/environments/registry.js";
import { amaDesigners } from "../../ama/designers/registry.js";
import { spmSettings } from "../../spm/settings/registry.js";
import { describe, type ParamSpecs } from "../../core/spec.js";
import { registrySection } from "./list-sections.js";
import { table } from "../output.js";
import { JOB_KIND_SUMMARIES } from "../../sweep/kinds/catalog.js";
import { clockAuctions } from "../../clock/auctions/registry.js";
import { constraints as clockConstraints } from "../../clock/constraints/registry.js";
import { pricingAlgorithms } from "../../pricing/algorithms/registry.js";

function paramRows(specs: ParamSpecs, prefix = ""): string[][] {
  return Object.entries(specs).map(([k, s]) => [
    `  ${prefix}${k}`,
    String(s.default),
    describe(s),
    s.doc,
  ]);
}

export const listCommand: CliCommand = {
  register(program) {
    program
      .command("list")
      .description("list problems, mechanisms and designers with their parameters and defaults")
      .action(() => {
        const out: string[] = [];
        out.push("PROBLEMS");
        for (const p of problems.list()) {
          out.push(`${p.name} — ${p.summary}`);
          out.push(table(paramRows(p.params), ["  key", "default", "allowed", "meaning"]));
          out.push("");
        }
        out.push("MECHANISMS");
        for (const m of mechanisms) {
          out.push(`${m.name} — ${m.summary}`);
          if (Object.keys(m.params).length)
            out.push(table(paramRows(m.params), ["  key", "default", "allowed", "meaning"]));
          out.push("");
        }
        out.push("DESIGNERS (mechlab design --designer NAME(k=v,…) [flags])");
        for (const d of designers.list()) {
          const budget = d.budget
            ? `--budget: ${d.budget.doc}, default ${d.budget.default}`
            : "no --budget";
          out.push(
            `${d.name} — ${d.summary}; types: ${d.types}; ${budget}${d.checkpoints ? "; --checkpoint/--resume" : ""}`,
          );
          if (Object.keys(d.params).length)
            out.push(table(paramRows(d.params), ["  key", "default", "allowed", "meaning"]));
          if (Object.keys(d.flags).length)
            out.push(table(paramRows(d.flags, "--"), ["  flag", "default", "allowed", "meaning"]));
          out.push("");
        }
        out.push("JOB KINDS (the `command` of a sweep file; keys are the command's flags)");
        for (const [name, summary] of Object.entries(JOB_KIND_SUMMARIES))
          out.push(`${name} — ${summary}`);
        out.push("");
        for (const [title, reg] of [
          ["CLOCK AUCTIONS (mechlab clock --auction)", clockAuctions],
          ['CLOCK CONSTRAINTS (instance field "constraint")', clockConstraints],
        ] as const) {
          out.push(title);
          for (const e of reg.list()) {
            out.push(`${e.name} — ${e.summary}`);
            if (Object.keys(e.params).length)
              out.push(table(paramRows(e.params), ["  key", "default", "allowed", "meaning"]));
            out.push("");
          }
        }
        out.push(registrySection("AMA ENVIRONMENTS (mechlab ama --env)", amaEnvironments.list()));
        out.push(registrySection("AMA DESIGNERS (mechlab ama --designer)", amaDesigners.list()));
        out.push(registrySection("SPM SETTINGS (mechlab spm --setting)", spmSettings.list()));
        out.push("PRICING ALGORITHMS (mechlab pricing --algorithm)");
        for (const a of pricingAlgorithms.list()) {
          out.push(`${a.name} — ${a.summary}`);
          if (Object.keys(a.params).length)
            out.push(table(paramRows(a.params), ["  key", "default", "allowed", "meaning"]));
          out.push("");
        }
        out.push(
          'Names take parameters in parentheses, e.g. "bandit-auction(values=continuous,items=2)" and "second-price(reserve=2)".',
        );
        process.stdout.write(out.join("\n") + "\n");
      });
  },
};
