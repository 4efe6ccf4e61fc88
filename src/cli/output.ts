// Output helpers shared by CLI commands: aligned tables, JSON, atomic files.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

// Run directories live in run-dir.ts (refusal of existing runs, interruption, checkpoints).
export { writeRunDir } from "./run-dir.js";

export { table } from "../report/table.js";

export function printJson(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj, null, 2) + "\n");
}

/** Write one file atomically (temp file + rename). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.partial`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
