// Output helpers shared by CLI commands: aligned tables, JSON, atomic files.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

// Run directories live in run-dir.ts (refusal of existing runs, interruption, checkpoints).
export { writeRunDir } from "./run-dir.js";

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

/** Write one file atomically (temp file + rename). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.partial`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
