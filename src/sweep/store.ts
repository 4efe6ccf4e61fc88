// The run store: one directory per job, `<store>/<id>/` holding result.json (id, version, spec
// and the command's --json result) and the job's run files, written atomically and never
// overwritten (the first writer of an id wins). A job whose result.json exists is done, so
// reruns, resumes and retries skip it. Failures go to `<store>/failed/<id>/error.json` and do
// not count as done: a rerun tries them again. Sweep summaries go to `<store>/sweeps/`.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeDirAtomic } from "../core/atomic-dir.js";
import { VERSION } from "../version.js";
import type { JobOutput } from "./job-kind.js";
import type { JobSpec } from "./job-spec.js";

export const DEFAULT_STORE = "runs/store";

export interface StoredResult {
  id: string;
  version: string;
  spec: JobSpec;
  result: unknown;
}

export class RunStore {
  constructor(readonly dir: string = DEFAULT_STORE) {}

  path(id: string): string {
    return join(this.dir, id);
  }

  has(id: string): boolean {
    return existsSync(join(this.path(id), "result.json"));
  }

  read(id: string): StoredResult {
    return JSON.parse(readFileSync(join(this.path(id), "result.json"), "utf8")) as StoredResult;
  }

  /** Store a finished job; false when the id was already stored (nothing is rewritten). */
  write(id: string, spec: JobSpec, output: JobOutput): boolean {
    // A stat, not a temporary folder written and removed, when the id is already stored.
    if (this.has(id)) return false;
    const record: StoredResult = { id, version: VERSION, spec, result: output.result };
    return writeDirAtomic(
      this.path(id),
      { ...output.files, "result.json": JSON.stringify(record, null, 2) + "\n" },
      false,
    );
  }

  recordFailure(id: string, spec: JobSpec, error: string): void {
    const record = { id, version: VERSION, spec, error, at: new Date().toISOString() };
    writeDirAtomic(join(this.dir, "failed", id), {
      "error.json": JSON.stringify(record, null, 2) + "\n",
    });
  }

  /** Write a sweep's summary CSV; returns its path. */
  writeSummary(name: string, csv: string): string {
    writeDirAtomic(join(this.dir, "sweeps", name), { "summary.csv": csv });
    return join(this.dir, "sweeps", name, "summary.csv");
  }
}
