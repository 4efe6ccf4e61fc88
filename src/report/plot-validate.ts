// Checks a Figure before anything is drawn, so a bad input fails with the field at fault
// instead of a silently empty or misleading chart (Vega drops NaNs and non-positive log values).
import { UsageError } from "../core/errors.js";
import type { Figure, Panel, Series } from "./figure.js";

export function validateFigure(fig: Figure): void {
  if (fig === null || typeof fig !== "object") throw new UsageError("figure", "must be an object");
  if (fig.title !== undefined && typeof fig.title !== "string")
    throw new UsageError("title", "must be a string");
  if (!Array.isArray(fig.panels) || fig.panels.length === 0)
    throw new UsageError("panels", "must list at least one panel");
  if (fig.columns !== undefined && !(Number.isInteger(fig.columns) && fig.columns >= 1))
    throw new UsageError("columns", `must be a positive integer, got ${String(fig.columns)}`);
  fig.panels.forEach((p, i) => validatePanel(p, `panels[${i}]`));
}

function validatePanel(p: Panel, at: string): void {
  if (p === null || typeof p !== "object") throw new UsageError(at, "must be an object");
  for (const key of ["title", "xLabel", "yLabel"] as const)
    if (typeof p[key] !== "string") throw new UsageError(`${at}.${key}`, "must be a string");
  if (!Array.isArray(p.series) || p.series.length === 0)
    throw new UsageError(`${at}.series`, "must list at least one series");
  const logY = p.logY === true;
  uniqueNames(
    p.series.map((s) => s?.name),
    `${at}.series`,
  );
  p.series.forEach((s, j) => validateSeries(s, `${at}.series[${j}]`, logY));
  if (p.hlines !== undefined) {
    if (!Array.isArray(p.hlines)) throw new UsageError(`${at}.hlines`, "must be an array");
    uniqueNames(
      p.hlines.map((h) => h?.name),
      `${at}.hlines`,
    );
    p.hlines.forEach((h, k) => checkValue(h.y, `${at}.hlines[${k}].y`, logY));
  }
  if (p.vlines !== undefined) {
    if (!Array.isArray(p.vlines)) throw new UsageError(`${at}.vlines`, "must be an array");
    p.vlines.forEach((v, k) => {
      checkValue(v?.x, `${at}.vlines[${k}].x`, false);
      if (typeof v.label !== "string")
        throw new UsageError(`${at}.vlines[${k}].label`, "must be a string");
    });
  }
}

function validateSeries(s: Series, at: string, logY: boolean): void {
  numbers(s.x, `${at}.x`, false);
  if (s.x.length === 0) throw new UsageError(`${at}.x`, "must have at least one point");
  numbers(s.y, `${at}.y`, logY);
  sameLength(s.y, s.x, `${at}.y`);
  if ((s.lower === undefined) !== (s.upper === undefined))
    throw new UsageError(
      `${at}.${s.lower === undefined ? "lower" : "upper"}`,
      "lower and upper must be given together (they bound one band)",
    );
  if (s.stderr !== undefined) {
    if (s.lower !== undefined)
      throw new UsageError(`${at}.stderr`, "give stderr or lower/upper, not both (one band)");
    if (s.exact) throw new UsageError(`${at}.stderr`, "an exact series has no standard error");
    numbers(s.stderr, `${at}.stderr`, false);
    sameLength(s.stderr, s.x, `${at}.stderr`);
    s.stderr.forEach((e, i) => {
      if (e < 0) throw new UsageError(`${at}.stderr[${i}]`, `must be ≥ 0, got ${e}`);
      if (logY && s.y[i] - e <= 0)
        throw new UsageError(
          `${at}.stderr[${i}]`,
          `y − stderr must be > 0 on a log-scale panel (logY), got ${s.y[i] - e}`,
        );
    });
  }
  if (s.lower === undefined || s.upper === undefined) return;
  numbers(s.lower, `${at}.lower`, logY);
  sameLength(s.lower, s.x, `${at}.lower`);
  numbers(s.upper, `${at}.upper`, logY);
  sameLength(s.upper, s.x, `${at}.upper`);
  s.lower.forEach((lo, i) => {
    if (lo > s.upper![i])
      throw new UsageError(`${at}.lower[${i}]`, `${lo} is above upper[${i}] = ${s.upper![i]}`);
  });
}

function uniqueNames(names: unknown[], at: string): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (typeof n !== "string" || n === "")
      throw new UsageError(`${at}[${i}].name`, "must be a non-empty string");
    if (seen.has(n)) throw new UsageError(`${at}[${i}].name`, `"${n}" is used twice in one panel`);
    seen.add(n);
  });
}

function numbers(v: unknown, at: string, positive: boolean): asserts v is number[] {
  if (!Array.isArray(v)) throw new UsageError(at, "must be an array of numbers");
  v.forEach((value, i) => checkValue(value, `${at}[${i}]`, positive));
}

function checkValue(value: unknown, at: string, positive: boolean): void {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new UsageError(at, `must be a finite number, got ${String(value)}`);
  if (positive && value <= 0)
    throw new UsageError(at, `must be > 0 on a log-scale panel (logY), got ${value}`);
}

function sameLength(v: number[], x: number[], at: string): void {
  if (v.length !== x.length)
    throw new UsageError(at, `has ${v.length} values but x has ${x.length}; they must match`);
}
