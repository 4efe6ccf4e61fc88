// A sweep file (JSON or YAML): the command (job kind), its base flags and the axes to vary.
// The jobs are the cross product of the axes, in file order with the last axis varying
// fastest. An axis is a list of values, a range {from, to, step} (inclusive) or, for seeds,
// {count, from} (count consecutive integers). An optional list of `cells` (each a set of
// flags, e.g. the rows of a paper table with their own seeds) is crossed with the axes, cells
// outermost.
import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../core/errors.js";
import { findJobKind } from "./kinds/registry.js";
import { reproductionSweeps, type SweepFormOptions } from "./reproduction-sweeps.js";
import { validateJob, type PlannedJob } from "./job-spec.js";
import { sweepSchema, type Axis, type SweepFile } from "./sweep-schema.js";

export type { SweepFile };
import type { ParamValue } from "./job-kind.js";

/** More jobs than this are refused up front: split the sweep or use fewer axis values. */
export const MAX_JOBS = 100_000;

export interface Sweep {
  kind: string;
  /** Cell keys, then axis names in file order (the summary groups by all but `seed`). */
  axes: string[];
  /** Distinct jobs in sweep order (an equal job listed twice runs once). */
  jobs: PlannedJob[];
}

function axisValues(name: string, a: Axis): ParamValue[] {
  if (Array.isArray(a)) return a;
  if ("count" in a) return Array.from({ length: a.count }, (_, k) => a.from + k);
  const n = Math.floor((a.to - a.from) / a.step + 1e-9) + 1;
  if (!(n >= 1)) throw new UsageError(`axes.${name}`, `empty range: from ${a.from} to ${a.to}`);
  if (n > MAX_JOBS) throw new UsageError(`axes.${name}`, `${n} values; at most ${MAX_JOBS}`);
  // Rounded to 12 digits so that 0.1 steps give 0.3, not 0.30000000000000004.
  return Array.from({ length: n }, (_, k) => Number((a.from + k * a.step).toPrecision(12)));
}

/** Expand a parsed sweep file into validated jobs (errors are prefixed with `where`). */
export function expandSweep(raw: unknown, where: string): Sweep {
  const parsed = sweepSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join(".");
    throw new UsageError(path ? `${where}: ${path}` : where, issue.message);
  }
  const { command, base, axes } = parsed.data;
  const cells = parsed.data.cells ?? [{}];
  findJobKind(command, `${where}: command`);
  const names = Object.keys(axes);
  const cellKeys = [...new Set(cells.flatMap((c) => Object.keys(c)))];
  for (const n of names)
    if (n in base || cellKeys.includes(n))
      throw new UsageError(`${where}: axes.${n}`, "also set in base or cells; keep one");
  for (const n of cellKeys)
    if (n in base) throw new UsageError(`${where}: cells.${n}`, "also set in base; keep one");
  const values = names.map((n) => axisValues(n, axes[n]));
  const perCell = values.reduce((p, v) => p * v.length, 1);
  const total = perCell * cells.length;
  if (total > MAX_JOBS)
    throw new UsageError(
      where,
      `${total} jobs; at most ${MAX_JOBS} per sweep — split it into several files`,
    );
  const jobs: PlannedJob[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < total; k++) {
    const params: Record<string, ParamValue> = { ...base, ...cells[Math.floor(k / perCell)] };
    let rest = k % perCell;
    for (let a = names.length - 1; a >= 0; a--) {
      params[names[a]] = values[a][rest % values[a].length];
      rest = Math.floor(rest / values[a].length);
    }
    const job = validateJob(command, params, `${where}: job ${k + 1}`);
    if (!seen.has(job.id)) jobs.push(job);
    seen.add(job.id);
  }
  return { kind: command, axes: [...cellKeys, ...names], jobs };
}

/**
 * Read a sweep file: YAML for .yaml/.yml, JSON otherwise; a reproduction name with a sweep
 * form (reproduction-sweeps.ts; `form`: the reproduction's options) when no such file exists.
 */
export function loadSweep(path: string, form: SweepFormOptions = {}): Sweep {
  if (isReproductionName(path)) return expandSweep(reproductionSweeps[path].sweep(form), path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(path, `cannot read the sweep file (${(e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new UsageError(
      path,
      `not valid ${/\.ya?ml$/i.test(path) ? "YAML" : "JSON"}: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  return expandSweep(raw, path);
}

/** Whether `path` names a reproduction's sweep form rather than a file. */
export const isReproductionName = (path: string) =>
  !existsSync(path) && Object.hasOwn(reproductionSweeps, path);

/** The i-th of n deterministic slices (0-based, round-robin over the sweep order). */
export function shardOf(jobs: PlannedJob[], index: number, count: number): PlannedJob[] {
  return jobs.filter((_, k) => k % count === index);
}
