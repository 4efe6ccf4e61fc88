// The runs under a folder, with what the studio's index shows of each: its certificate's
// headline numbers, or, for a run still going (a `<out>.running/` folder, core/live-run.ts),
// "running" while its process lives and "stopped" after (it never became a run directory).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { isAlive, LIVE_INFO, LIVE_METRICS, readLiveInfo } from "../core/live-run.js";

export interface RunSummary {
  /** Path relative to the runs folder, with "/" separators. */
  id: string;
  status: "complete" | "running" | "stopped";
  modified: string;
  problem?: string;
  designer?: string;
  revenue?: string;
  exploitability?: string;
  hasReport: boolean;
}

const MAX_DEPTH = 3;

function measured(x: unknown): string | undefined {
  if (typeof x === "number") return x.toFixed(4);
  if (x && typeof x === "object" && typeof (x as { value?: unknown }).value === "number") {
    const m = x as { value: number; exact?: boolean; stderr?: number; lowerBound?: boolean };
    const v = m.value.toFixed(4).replace(/^-0\.0000$/, "0.0000");
    if (m.exact === false && m.stderr !== undefined) return `${v} ± ${m.stderr.toFixed(4)}`;
    return m.lowerBound ? `≥ ${v}` : `${v} (exact)`;
  }
  return undefined;
}

function summarize(root: string, dir: string): RunSummary | null {
  const id = relative(root, dir).split(/[\\/]/).join("/");
  const live = readLiveInfo(dir);
  if (live) {
    const metrics = join(dir, LIVE_METRICS);
    return {
      id,
      status: isAlive(live.pid) ? "running" : "stopped",
      modified: statSync(existsSync(metrics) ? metrics : join(dir, LIVE_INFO)).mtime.toISOString(),
      problem: live.command,
      hasReport: false,
    };
  }
  const result = join(dir, "result.json");
  if (!existsSync(result)) return null;
  const s: RunSummary = {
    id,
    status: "complete",
    modified: statSync(result).mtime.toISOString(),
    hasReport: existsSync(join(dir, "report.html")),
  };
  try {
    const r = JSON.parse(readFileSync(result, "utf8")) as Record<string, any>;
    const cert = r.certificate ?? r.summary ?? r;
    s.problem =
      typeof r.problem === "string" ? r.problem : (cert.problem ?? cert.environment ?? r.instance);
    s.designer = r.designer ?? cert.designer ?? cert.mechanism ?? r.algorithm;
    s.revenue = measured(cert.revenue);
    s.exploitability = measured(cert.exploitability);
  } catch {
    s.problem = "(unreadable result.json)";
  }
  return s;
}

/** Runs at most three folders deep, newest first; hidden (partial) folders are skipped. */
export function listRuns(root: string): RunSummary[] {
  const out: RunSummary[] = [];
  const walk = (dir: string, depth: number) => {
    const s = summarize(root, dir);
    if (s && dir !== root) {
      out.push(s);
      return;
    }
    if (depth >= MAX_DEPTH) return;
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith(".")) continue;
      const p = join(dir, name);
      try {
        if (statSync(p).isDirectory()) walk(p, depth + 1);
      } catch {
        // vanished while listing
      }
    }
  };
  walk(root, 0);
  return out.sort((a, b) => b.modified.localeCompare(a.modified));
}
