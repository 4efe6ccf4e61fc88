// `mechlab check`: run the problem checker (distributions, shapes, bounds, determinism).
import type { CliCommand } from "../command.js";
import { checkProblem } from "../../problems/check.js";
import { resolveProblem } from "../resolve.js";

export const checkCommand: CliCommand = {
  register(program) {
    program
      .command("check")
      .description(
        "check a problem definition: probabilities sum to 1, shapes, bounds, seeded determinism",
      )
      .option("--problem <name>", "problem name with parameters")
      .action((o: { problem?: string }) => {
        const problem = resolveProblem(o.problem);
        const r = checkProblem(problem);
        if (r.ok) process.stdout.write(`ok: ${problem.name} passed ${r.checks} checks\n`);
        else {
          process.stdout.write(
            `${problem.name} failed:\n${r.problems.map((p) => `  - ${p}`).join("\n")}\n`,
          );
          process.exitCode = 1;
        }
      });
  },
};
