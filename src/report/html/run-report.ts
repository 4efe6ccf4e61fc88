// Build or rebuild a run directory's report.html from its files.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { UsageError } from "../../core/errors.js";
import { reportPage } from "./page.js";
import { runData, type RunFiles } from "./run-data.js";

/** The report of a run held in memory (e.g. just before its directory is written). */
export function runReportHtml(files: RunFiles, title: string): string {
  return reportPage(runData(files, title));
}

/** The files of a run directory that a report reads (top level only). */
export function readRunFiles(dir: string): RunFiles {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
    names = readdirSync(dir);
  } catch {
    throw new UsageError("RUN_DIR", `${dir} is not a run directory`);
  }
  const files: RunFiles = {};
  for (const f of names)
    if (/^(result\.json|mechanism\.json|metrics\.csv|.*\.svg)$/.test(f))
      files[f] = readFileSync(join(dir, f), "utf8");
  if (!files["result.json"])
    throw new UsageError("RUN_DIR", `${dir} has no result.json (not a mechlab run directory)`);
  return files;
}

export function runTitle(dir: string): string {
  return basename(resolve(dir));
}
