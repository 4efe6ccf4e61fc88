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

export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  hlines?: HLine[];
  /** Logarithmic y axis; every y, band bound and hline must then be > 0. */
  logY?: boolean;
}

/** Panels are laid out row by row, `columns` per row (default: all in one row, at most 3). */
export interface Figure {
  title?: string;
  panels: Panel[];
  columns?: number;
}
