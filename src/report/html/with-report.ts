// Every run directory gets its report.html, written with the run's other files.
import { basename, resolve } from "node:path";
import { runReportHtml } from "./run-report.js";
import type { RunFiles } from "./run-data.js";

/**
 * The files plus report.html. A report that cannot be built does not cost the run: the run is
 * written without it, with a warning saying how to retry (`mechlab report DIR`).
 */
export function withReport(dir: string, files: RunFiles): RunFiles {
  try {
    return { ...files, "report.html": runReportHtml(files, basename(resolve(dir))) };
  } catch (e) {
    process.stderr.write(
      `mechlab: warning: no report.html for ${dir} (${(e as Error).message}); retry with \`mechlab report ${dir}\`\n`,
    );
    return files;
  }
}
