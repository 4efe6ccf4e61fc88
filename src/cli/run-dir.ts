// Run directories that cannot lie. Every command that writes a run (design, design-grid, ama,
// spm, evaluate/reproduce --out) goes through this module:
// - `prepareRunDir` before any work: an existing run is refused unless --force (replace it) or
//   --resume (continue it), so a run of another problem is never silently replaced;
// - `writeRunDir` at the end: all files into a hidden temporary folder, renamed into place in
//   one step, so a crash or Ctrl-C leaves the old run or nothing, never half of one;
// - `markInterrupted`: a run stopped early but still worth keeping says so in result.json
//   ("interrupted": true and the reason) and in the printed summary;
// - `InterruptedRun`: a run stopped early and discarded (exit 130, nothing written);
// - `removeCheckpoint`: a completed run leaves no checkpoint file beside it.
import { writeDirAtomic } from "../core/atomic-dir.js";
import { withReport } from "../report/html/with-report.js";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../core/errors.js";

export interface RunDirOptions {
  /** Replace an existing run. */
  force?: boolean;
  /** Continue an existing run (its checkpoint); the run is replaced when it completes. */
  resume?: boolean;
  /** The flag naming the directory, for messages. */
  field?: string;
}

/** Refuse, before any work, a path whose parent cannot hold it (a file on the way). */
function checkParents(path: string, field: string): void {
  for (let p = dirname(resolve(path)); ; p = dirname(p)) {
    if (existsSync(p)) {
      if (!statSync(p).isDirectory())
        throw new UsageError(field, `cannot write ${path}: ${p} is a file, not a folder`);
      return;
    }
    if (dirname(p) === p) return;
  }
}

/** Refuse, before any work, to write over an existing run directory (or file). */
export function prepareRunDir(dir: string, opts: RunDirOptions = {}): void {
  const field = opts.field ?? "--out";
  checkParents(dir, field);
  if (!existsSync(dir) || opts.force || opts.resume) {
    if (existsSync(dir) && !statSync(dir).isDirectory())
      throw new UsageError(field, `${dir} is a file, not a run directory`);
    return;
  }
  if (!statSync(dir).isDirectory())
    throw new UsageError(field, `${dir} is a file, not a run directory`);
  if (readdirSync(dir).length === 0) return; // an empty folder holds no run
  throw new UsageError(
    field,
    `${dir} already holds a run${describeRun(dir)}; choose another directory or add --force to replace it`,
  );
}

/** Refuse, before any work, to replace an existing output file unless --force. */
export function prepareOutFile(path: string, opts: RunDirOptions = {}): void {
  const field = opts.field ?? "--out";
  checkParents(path, field);
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory())
    throw new UsageError(field, `${path} is a directory; give a file name`);
  if (!opts.force)
    throw new UsageError(field, `${path} exists; choose another file or add --force to replace it`);
}

/** " (problem …)" when the run's result.json names its problem. */
function describeRun(dir: string): string {
  try {
    const j = JSON.parse(readFileSync(join(dir, "result.json"), "utf8")) as { problem?: unknown };
    return typeof j.problem === "string" ? ` (problem ${j.problem})` : "";
  } catch {
    return "";
  }
}

/**
 * Write every file of a run at once (core/atomic-dir.ts: a private temporary folder renamed
 * into place; an existing `dir`, allowed by prepareRunDir, is moved aside first and deleted
 * only after the rename, so a failure at any point leaves either the old run or the new one),
 * with its report.html. `files` maps relative paths
 * to contents.
 */
export function writeRunDir(dir: string, files: Record<string, string | Uint8Array>): void {
  if (files["result.json"] && !files["report.html"]) files = withReport(dir, files);
  writeDirAtomic(dir, files);
}

/** A result object marked as interrupted: the flag and the reason come first in result.json. */
export function markInterrupted<T extends object>(
  result: T,
  reason: string,
): { interrupted: true; interruptedReason: string } & T {
  return { interrupted: true, interruptedReason: reason, ...result };
}

/** The line printed before the summary of an interrupted run. */
export const interruptedBanner = (reason: string) =>
  `INTERRUPTED: ${reason}; the numbers below are of an incomplete run`;

// Its own module so that the command line's error path (run-cli.ts) does not load the report
// builder that writeRunDir needs.
export { InterruptedRun } from "./interrupted-run.js";

/** A run completed: its checkpoint is of no further use. */
export function removeCheckpoint(path: string | undefined): void {
  if (path) rmSync(path, { force: true });
}
