// Output helpers shared by CLI commands: aligned tables, JSON, and all-or-nothing run
// directories (written to a temporary folder and renamed into place at the end, so a failed
// run leaves no half-written output).
import { writeDirAtomic } from "../core/atomic-dir.js";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { withReport } from "../report/html/with-report.js";

export { table } from "../report/table.js";

export function printJson(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj, null, 2) + "\n");
}

/**
 * Write every file of a run at once: into a temporary folder, then rename to `dir`.
 * `files` maps relative paths to contents.
 */
export function writeRunDir(dir: string, files: Record<string, string | Uint8Array>): void {
  if (files["result.json"] && !files["report.html"]) files = withReport(dir, files);
  writeDirAtomic(dir, files);
}

/** Write one file atomically (temp file + rename). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.partial`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
