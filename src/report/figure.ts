// What a plot shows — a grid of panels of series — as plain data; plot.ts renders it, and
// plot-spec.ts / plot-validate.ts translate and check it without importing the renderer.

/** One curve. `lower`/`upper` (given together) draw a shaded band, e.g. a 95% interval. */
export interface Series {
  name: string;
  x: number[];
  y: number[];
  lower?: number[];
  upper?: number[];
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
