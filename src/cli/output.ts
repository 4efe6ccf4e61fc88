// Output helpers shared by CLI commands: aligned tables, JSON, and all-or-nothing run
// directories (written to a temporary folder and renamed into place at the end, so a failed
// run leaves no half-written output).
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, basename } from "node:path";

export { table } from "../report/table.js";

export function printJson(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj, null, 2) + "\n");
}

/**
 * Write every file of a run at once: into `<dir>.partial`, then rename to `dir`.
 * `files` maps relative paths to contents.
 */
export function writeRunDir(dir: string, files: Record<string, string | Uint8Array>): void {
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
