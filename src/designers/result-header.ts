// The common head of every designer's result.json ("mechlab.design-result"): what was designed,
// by which designer, with which seed, settings and versions, and the IR notion the numbers use.
// Each designer adds its own metrics and certificate after it.
import { benchmarksFor } from "../benchmarks/index.js";
import { formatMeasured } from "../core/measured.js";
import type { EvaluationReport } from "../evaluation/evaluation-report.js";
import type { DynamicProblem } from "../problems/types.js";
import { VERSION } from "../version.js";

export interface ResultHeaderInput {
  problem: string;
  designer: string;
  seed: number;
  config: unknown;
  versions: Record<string, string>;
  irNotion: string;
  /** Several goods designed one at a time: the single-good problem and the number of goods. */
  perGood?: { marginal: string; goods: number };
}

export function designResultHeader(h: ResultHeaderInput): Record<string, unknown> {
  return {
    format: "mechlab.design-result",
    problem: h.problem,
    designer: h.designer,
    seed: h.seed,
    config: h.config,
    versions: h.versions,
    irNotion: h.irNotion,
    ...(h.perGood ? { perGood: h.perGood } : {}),
  };
}

/** The versions recorded in every result.json. */
export const runVersions = (): Record<string, string> => ({
  mechlab: VERSION,
  node: process.version,
});

/** Benchmarks printed beside a design (PST constant handicap, relaxed bound, first-best, …). */
export function designBenchmarks(problem: DynamicProblem): { name: string; value: number }[] {
  return benchmarksFor(problem, { seed: 0, samples: 20_000 }).map((b) => ({
    name: b.name,
    value: b.value.value,
  }));
}

/** One line per agent of a certificate's utilities by initial type (`v0=…: u`), for summaries. */
export function interimUtilityLines(rep: EvaluationReport): string[] {
  return rep.agents.map(
    (a) =>
      `  agent ${a.agent}: ` +
      (a.utilityByInitialType ?? [])
        .map((t) => `v0=${t.type.join(",")}: ${formatMeasured(t.utility)}`)
        .join("  "),
  );
}

/** metrics.csv text: the header, then one line per step; NaN (not measured) is written empty. */
export function csvText(head: string, rows: (number | string)[][]): string {
  const line = (r: (number | string)[]) =>
    r.map((x) => (typeof x === "number" && Number.isNaN(x) ? "" : String(x))).join(",");
  return [head, ...rows.map(line)].join("\n") + "\n";
}

/** Every k-th point (and the last), so that a figure of a long run stays small. */
export function thin<T>(xs: T[], max = 400): T[] {
  const k = Math.max(1, Math.ceil(xs.length / max));
  return xs.filter((_, i) => i % k === 0 || i === xs.length - 1);
}
