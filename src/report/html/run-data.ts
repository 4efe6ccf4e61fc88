// What a run report shows, gathered from a run directory's files: the run's summary and
// certificate (result.json), learning curves (metrics.csv), plots already drawn (*.svg), and,
// for a saved dynamic direct mechanism of a discrete problem, the explorer's data.
import { bestResponseExact, type DeviationStep } from "../../evaluation/best-response-exact.js";
import { exactIsFeasible } from "../../evaluation/evaluate.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { loadMechanism } from "../../mechanisms/saved.js";
import { buildProblem } from "../../problems/registry.js";
import { isDiscrete, type DynamicProblem } from "../../problems/types.js";
import type { Mechanism } from "../../mechanisms/types.js";
import { explorerData, type ExplorerData } from "./explorer-data.js";
import { paymentSummary, type PaymentSummary } from "./payment-summary.js";

/** A run directory in memory: relative path → contents. */
export type RunFiles = Record<string, string | Uint8Array>;

export interface MetricsTable {
  columns: string[];
  rows: (number | string)[][];
}

export interface RunData {
  title: string;
  /** The command that made the run, or an equivalent one rebuilt from the result. */
  command?: string;
  result: Record<string, unknown> | null;
  metrics: MetricsTable | null;
  svgs: { name: string; svg: string }[];
  explorer: ExplorerData | null;
  /** The same explorer for the per-period baseline auctions on the run's problem. */
  baselines: { mechanism: string; data: ExplorerData }[];
  /** Why there is no explorer, when there is none. */
  explorerNote?: string;
  payments: PaymentSummary | null;
  /** A dynamic affine maximizer's parameters (AMA runs), in place of the explorer. */
  ama?: AmaView;
}

/** Weights per agent and boosts b(s, a) by state s (rows) and action a (columns). */
export interface AmaView {
  weights: number[];
  boosts: number[][];
}

/** The AMA parameters of a mechanism.json of kind "dynamic-affine-maximizer", if valid. */
function amaView(saved: Record<string, unknown>): AmaView | undefined {
  const { weights, boosts, actions } = saved;
  const nums = (x: unknown): x is number[] =>
    Array.isArray(x) && x.every((v) => typeof v === "number");
  if (saved.kind !== "dynamic-affine-maximizer" || !nums(weights) || !nums(boosts)) return;
  const a =
    typeof actions === "number" && actions > 0 && boosts.length % actions === 0
      ? actions
      : boosts.length;
  const rows: number[][] = [];
  for (let k = 0; k < boosts.length; k += a) rows.push(boosts.slice(k, k + a));
  return { weights, boosts: rows };
}

const BASELINES = ["second-price", "first-price", "myerson", "posted-price"];

const text = (f: string | Uint8Array | undefined) =>
  f === undefined ? undefined : typeof f === "string" ? f : new TextDecoder().decode(f);

export function parseCsv(csv: string): MetricsTable | null {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length < 2) return null;
  const columns = lines[0].split(",");
  const rows = lines.slice(1).map((l) =>
    l.split(",").map((c) => {
      const x = Number(c);
      return c.trim() !== "" && Number.isFinite(x) ? x : c;
    }),
  );
  return { columns, rows };
}

function rebuiltCommand(r: Record<string, unknown>): string | undefined {
  if (r.format === "mechlab.design-result" && typeof r.problem === "string")
    return `mechlab design --problem "${r.problem}" --designer "${String(r.designer)}" --seed ${String(r.seed)}`;
  return undefined;
}

/** Certificate's best deviations, or the exact best response computed here. */
function deviations(result: Record<string, unknown> | null): DeviationStep[][] | null {
  // An evaluation report carries the certificate's fields at its top level.
  const cert = (result?.certificate ?? (isEvaluation(result) ? result : undefined)) as
    { agents?: { bestDeviation?: DeviationStep[] }[] } | undefined;
  // Certificates written before `firstDeparture` existed are recomputed.
  const complete = (a: { bestDeviation?: DeviationStep[] }) =>
    Array.isArray(a.bestDeviation) && a.bestDeviation.every((s) => "firstDeparture" in s);
  if (!cert?.agents?.every(complete)) return null;
  return cert.agents.map((a) => a.bestDeviation!);
}

/**
 * The explorer's data for a mechanism of a discrete problem small enough to enumerate, its best
 * deviations taken from `result`'s certificate when it has them.
 */
export function mechanismExplorer(
  problem: DynamicProblem,
  mech: Mechanism,
  result: Record<string, unknown> | null,
): ExplorerData {
  const fromCertificate = deviations(result);
  const best = Array.from({ length: problem.agents }, (_, agent) =>
    fromCertificate
      ? { agent, deviation: fromCertificate[agent], valueByInitialType: [], value: NaN }
      : bestResponseExact(problem, mech, agent),
  );
  return explorerData(problem, mech, best);
}

export function runData(files: RunFiles, title: string): RunData {
  const resultText = text(files["result.json"]);
  let result: Record<string, unknown> | null = null;
  if (resultText !== undefined) {
    try {
      result = JSON.parse(resultText) as Record<string, unknown>;
    } catch {
      result = null;
    }
  }
  const metricsText = text(files["metrics.csv"]);
  const svgs = Object.keys(files)
    .filter((f) => f.endsWith(".svg"))
    .sort()
    .map((name) => ({ name, svg: text(files[name])! }));
  const data: RunData = {
    title,
    command:
      typeof result?.command === "string"
        ? result.command
        : result
          ? rebuiltCommand(result)
          : undefined,
    result,
    metrics: metricsText ? parseCsv(metricsText) : null,
    svgs,
    explorer: null,
    baselines: [],
    payments: null,
  };
  const mechText = text(files["mechanism.json"]);
  if (!mechText) {
    const named = namedMechanism(result);
    if (named) addExplorer(data, named.problem, named.mech, result);
    else data.explorerNote = "this run saved no mechanism (mechanism.json)";
    return data;
  }
  let saved: { format?: string; problem?: string };
  try {
    saved = JSON.parse(mechText);
  } catch {
    data.explorerNote = "mechanism.json is not valid JSON";
    return data;
  }
  const ama = amaView(saved as Record<string, unknown>);
  if (ama) {
    data.ama = ama;
    data.explorerNote =
      "an affine maximizer has no table of histories; its weights and boosts are above";
    return data;
  }
  if (saved.format !== "mechlab.mechanism" || typeof saved.problem !== "string") {
    data.explorerNote = "mechanism.json is not a dynamic direct mechanism (mechlab.mechanism)";
    return data;
  }
  const problem = buildProblem(saved.problem);
  addExplorer(data, problem, loadMechanism(mechText, problem, "mechanism.json"), result);
  return data;
}

/**
 * An evaluation's mechanism given by name (`mechlab evaluate --out-dir` of a named
 * mechanism saves no mechanism.json): rebuilt from the result's problem and mechanism names.
 */
function namedMechanism(
  result: Record<string, unknown> | null,
): { problem: DynamicProblem; mech: Mechanism } | undefined {
  if (!result || result.format !== undefined || !isEvaluation(result)) return;
  try {
    const problem = buildProblem(result.problem as string);
    return { problem, mech: buildMechanism(result.mechanism as string, problem) };
  } catch {
    return;
  }
}

/** An evaluation report (src/evaluation/evaluation-report.ts) rather than a designer's result. */
export function isEvaluation(r: Record<string, unknown> | null): boolean {
  return (
    typeof r?.problem === "string" &&
    typeof r.mechanism === "string" &&
    typeof (r.exploitability as { value?: unknown } | undefined)?.value === "number"
  );
}

/** The explorer, payment summary and baselines of a mechanism of a discrete problem. */
function addExplorer(
  data: RunData,
  problem: DynamicProblem,
  mech: Mechanism,
  result: Record<string, unknown> | null,
): void {
  if (!isDiscrete(problem) || !exactIsFeasible(problem, mech)) {
    data.explorerNote =
      "the explorer needs a problem with discrete types small enough to enumerate";
    return;
  }
  data.explorer = mechanismExplorer(problem, mech, result);
  data.payments = paymentSummary(data.explorer);
  // Baselines forget history (one node per period), so their best responses are cheap.
  for (const name of BASELINES) {
    const b = buildMechanism(name, problem);
    const brs = Array.from({ length: problem.agents }, (_, i) => bestResponseExact(problem, b, i));
    data.baselines.push({ mechanism: b.name, data: explorerData(problem, b, brs) });
  }
}
