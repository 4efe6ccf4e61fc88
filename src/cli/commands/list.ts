// `mechlab list`: every problem and mechanism name with its parameters and defaults.
import type { CliCommand } from "../command.js";
import { problems } from "../../problems/registry.js";
import { mechanisms } from "../../mechanisms/registry.js";
import { amaEnvironments } from "../../ama/environments/registry.js";
import { amaDesigners } from "../../ama/designers/registry.js";
import { spmSettings } from "../../spm/settings/registry.js";
import { describe, type ParamSpecs } from "../../core/spec.js";
import { registrySection } from "./list-sections.js";
import { table } from "../output.js";

function paramRows(specs: ParamSpecs): string[][] {
  return Object.entries(specs).map(([k, s]) => [`  ${k}`, String(s.default), describe(s), s.doc]);
}

export const listCommand: CliCommand = {
  register(program) {
    program
      .command("list")
      .description("list problems and mechanisms with their parameters and defaults")
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
        out.push(registrySection("AMA ENVIRONMENTS (mechlab ama --env)", amaEnvironments.list()));
        out.push(registrySection("AMA DESIGNERS (mechlab ama --designer)", amaDesigners.list()));
        out.push(registrySection("SPM SETTINGS (mechlab spm --setting)", spmSettings.list()));
        out.push(
          'Names take parameters in parentheses, e.g. "bandit-auction(values=continuous,items=2)" and "second-price(reserve=2)".',
        );
        process.stdout.write(out.join("\n") + "\n");
      });
  },
};
