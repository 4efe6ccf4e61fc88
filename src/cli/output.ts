// Output helpers shared by CLI commands: aligned tables, JSON, and all-or-nothing run
// directories (written to a temporary folder and renamed into place at the end, so a failed
// run leaves no half-written output).
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { withReport } from "../report/html/with-report.js";

export function table(rows: (string | number)[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  const cells = all.map((r) => r.map((c) => String(c)));
  const widths: number[] = [];
  for (const r of cells) r.forEach((c, k) => (widths[k] = Math.max(widths[k] ?? 0, c.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, k) => (k === 0 ? c.padEnd(widths[k]) : c.padStart(widths[k])))
      .join("  ")
      .trimEnd();
  const lines = cells.map(fmt);
  if (header) lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return lines.join("\n");
}

export function printJson(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj, null, 2) + "\n");
}

/**
 * Write every file of a run at once: into `<dir>.partial`, then rename to `dir`.
 * `files` maps relative paths to contents.
 */
export function writeRunDir(dir: string, files: Record<string, string | Uint8Array>): void {
  if (files["result.json"] && !files["report.html"]) files = withReport(dir, files);
  const partial = join(dirname(dir), `.${basename(dir)}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    for (const [rel, content] of Object.entries(files)) {
      const path = join(partial, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}

/** Write one file atomically (temp file + rename). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.partial`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
