// `mechlab export-mechanism RUN_DIR --csv`: every history node and report profile of the run's
// saved mechanism, with allocation probabilities and payments, as CSV on stdout.
import type { CliCommand } from "../command.js";
import { UsageError } from "../../core/errors.js";

export const exportMechanismCommand: CliCommand = {
  register(program) {
    program
      .command("export-mechanism")
      .description(
        "print a run's mechanism as CSV: one row per (public history, report profile) with allocation and payments",
      )
      .argument("<RUN_DIR>", "a run directory with mechanism.json")
      .option("--csv", "CSV output (the only format)")
      .action(async (dir: string, o: { csv?: boolean }) => {
        if (!o.csv) throw new UsageError("--csv", "is required (the only export format)");
        const { readRunFiles } = await import("../../report/html/run-report.js");
        const { runData } = await import("../../report/html/run-data.js");
        const { mechanismCsv } = await import("../../report/html/mechanism-csv.js");
        const data = runData(readRunFiles(dir), dir);
        if (!data.explorer) throw new UsageError("RUN_DIR", `cannot export: ${data.explorerNote}`);
        process.stdout.write(mechanismCsv(data.explorer));
      });
  },
};
