// `mechlab list`: every problem and mechanism name with its parameters and defaults.
import type { CliCommand } from "../command.js";
import { problems } from "../../problems/registry.js";
import { mechanisms } from "../../mechanisms/registry.js";
import { describe, type ParamSpecs } from "../../core/spec.js";
import { table } from "../output.js";
import { pricingAlgorithms } from "../../pricing/algorithms/registry.js";

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
