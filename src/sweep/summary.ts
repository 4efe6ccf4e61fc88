// The summary of a finished sweep: one row per combination of the non-seed axes, with the
// mean ± standard error across seeds of each metric the job kind reports (a single seed gives
// the value alone). Failed jobs are left out of the means and counted.
import { meanStderr } from "../core/measured.js";
import type { JobSpec } from "./job-spec.js";
import { findJobKind } from "./kinds/registry.js";

export interface FinishedJob {
  spec: JobSpec;
  result?: unknown;
}

export interface SweepSummary {
  header: string[];
  /** Formatted cells for printing. */
  rows: string[][];
  csv: string;
}

const csvCell = (x: string | number) => {
  const s = String(x);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function summarize(axes: string[], jobs: FinishedJob[]): SweepSummary {
  const groupAxes = axes.filter((a) => a !== "seed");
  const groups = new Map<string, { key: string[]; jobs: FinishedJob[] }>();
  for (const j of jobs) {
    const key = groupAxes.map((a) => String(j.spec.params[a]));
    const k = JSON.stringify(key);
    if (!groups.has(k)) groups.set(k, { key, jobs: [] });
    groups.get(k)!.jobs.push(j);
  }
  const metricNames: string[] = [];
  const metricsOf = (j: FinishedJob) => {
    const m = findJobKind(j.spec.kind).metrics(j.result);
    for (const name of Object.keys(m)) if (!metricNames.includes(name)) metricNames.push(name);
    return m;
  };
  const computed = [...groups.values()].map((g) => {
    const ok = g.jobs.filter((j) => j.result !== undefined);
    const ms = ok.map(metricsOf);
    return { g, n: ok.length, failed: g.jobs.length - ok.length, ms };
  });
  const header = [...groupAxes, "jobs", "failed", ...metricNames];
  const csvHeader = [
    ...groupAxes,
    "jobs",
    "failed",
    ...metricNames.flatMap((m) => [`${m}_mean`, `${m}_stderr`]),
  ];
  const rows: string[][] = [];
  const csvRows: (string | number)[][] = [];
  for (const { g, n, failed, ms } of computed) {
    const row: string[] = [...g.key, String(n), String(failed)];
    const csvRow: (string | number)[] = [...g.key, n, failed];
    for (const name of metricNames) {
      const xs = ms.map((m) => m[name]).filter((x) => x !== undefined && Number.isFinite(x));
      if (xs.length === 0) {
        row.push("—");
        csvRow.push("", "");
        continue;
      }
      const m = meanStderr(xs);
      const se = m.stderr ?? 0;
      row.push(xs.length > 1 ? `${m.value.toFixed(4)} ± ${se.toFixed(4)}` : m.value.toFixed(4));
      csvRow.push(m.value, xs.length > 1 ? se : "");
    }
    rows.push(row);
    csvRows.push(csvRow);
  }
  const csv = [csvHeader, ...csvRows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
  return { header, rows, csv };
}
