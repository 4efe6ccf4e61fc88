// `mechlab report RUN_DIR`: (re)build the run's report.html from the files in the directory.
import type { CliCommand } from "../command.js";
import { join } from "node:path";
import { writeFileAtomic } from "../output.js";

export const reportCommand: CliCommand = {
  register(program) {
    program
      .command("report")
      .description(
        "write RUN_DIR/report.html: one self-contained page with the certificate, curves and the mechanism explorer",
      )
      .argument("<RUN_DIR>", "a run directory (with result.json)")
      .action(async (dir: string) => {
        const { readRunFiles, runReportHtml, runTitle } =
          await import("../../report/html/run-report.js");
        const html = runReportHtml(readRunFiles(dir), runTitle(dir));
        const out = join(dir, "report.html");
        writeFileAtomic(out, html);
        process.stdout.write(`wrote ${out}\n`);
      });
  },
};
