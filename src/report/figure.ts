// What a plot shows — a grid of panels of series — as plain data; plot.ts renders it, and
// plot-spec.ts / plot-validate.ts translate and check it without importing the renderer.

/**
 * One curve. Every training curve says how its points were measured: `stderr` (a sampled
 * estimate: the standard error of the samples behind each point, drawn as a ± 1 s.e. band) or
 * `exact` (no sampling error: no band, and the panel says "exact"); `sampledSeries` and
 * `exactSeries` build them. `lower`/`upper` (given together) draw any other band.
 */
export interface Series {
  name: string;
  x: number[];
  y: number[];
  lower?: number[];
  upper?: number[];
  /** Standard error of each y; drawn as the band y ± 1 s.e. (not with lower/upper). */
  stderr?: number[];
  /** The values are exact expectations: no band, and the panel's subtitle says so. */
  exact?: boolean;
}

/** A sampled curve: each point's value and the standard error of the samples behind it. */
export function sampledSeries(
  name: string,
  x: number[],
  points: readonly { value: number; stderr: number }[],
): Series {
  return { name, x, y: points.map((p) => p.value), stderr: points.map((p) => p.stderr) };
}

/** An exact curve (no sampling error): drawn without a band, and the panel says "exact". */
export const exactSeries = (name: string, x: number[], y: number[]): Series => ({
  name,
  x,
  y,
  exact: true,
});

/** How a panel's curves were measured, for its subtitle: "exact", "± 1 s.e." or both. */
export function measurementNote(series: readonly Series[]): string | undefined {
  const exact = series.filter((s) => s.exact).map((s) => s.name);
  const sampled = series.filter((s) => s.stderr).map((s) => s.name);
  const parts: string[] = [];
  if (sampled.length > 0)
    parts.push(
      `${sampled.length < series.length ? sampled.join(", ") + ": " : ""}sampled, band ± 1 standard error`,
    );
  if (exact.length > 0)
    parts.push(`${exact.length < series.length ? exact.join(", ") + ": " : ""}exact (no band)`);
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** A horizontal reference line across a panel, e.g. a baseline or a benchmark value. */
export interface HLine {
  name: string;
  y: number;
}

/** A vertical marker at `x`, e.g. where a run changes phase; its label is drawn beside it. */
export interface VLine {
  label: string;
  x: number;
}

export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  hlines?: HLine[];
  vlines?: VLine[];
  /** Logarithmic y axis; every y, band bound and hline must then be > 0. */
  logY?: boolean;
}

/** Panels are laid out row by row, `columns` per row (default: all in one row, at most 3). */
export interface Figure {
  title?: string;
  panels: Panel[];
  columns?: number;
}

/** A marker at every step where `phase` changes from the step before (not at the first). */
export function phaseChanges(steps: readonly { step: number; phase?: string }[]): VLine[] {
  const out: VLine[] = [];
  for (let k = 1; k < steps.length; k++)
    if (steps[k].phase !== undefined && steps[k].phase !== steps[k - 1].phase)
      out.push({ label: steps[k].phase!, x: steps[k].step });
  return out;
}

/**
 * A marker where a designer's target δ changes (the acceptance method's binary-search rounds,
 * Inverse Games §4), labelled with the new target; NaN targets (other methods) mark nothing.
 */
export function targetChanges(history: readonly { step: number; delta: number }[]): VLine[] {
  return phaseChanges(
    history.map((r) => ({
      step: r.step,
      phase: Number.isNaN(r.delta) ? undefined : `δ ${r.delta.toPrecision(4)}`,
    })),
  );
}
