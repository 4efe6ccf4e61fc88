// What the mechanism network reads (Inverse Games App. D.4, with the "current type" stream removed: a
// direct mechanism sees reports, never types). Every input is PUBLIC information: the current
// report profile, the cumulative realized consumption, the period, and the sequence of past
// (report profile, realized consumption) records. The JS evaluator path (`outcome`) and the
// batched training path (exact trees) both encode through this one function, so the two cannot
// drift apart.
import type { DynamicProblem } from "../../problems/types.js";

/** The public part of one past period that the network reads. */
export interface PublicRecord {
  reports: ArrayLike<number>;
  consumption: ArrayLike<number>;
}

export interface FeatureLayout {
  n: number;
  m: number;
  horizon: number;
  /** Reports are divided by this (the largest grid value or box bound). */
  scale: number;
  /** Width of the current-report stream: n·m. */
  reportDim: number;
  /** Width of the cumulative-allocation stream: n·m consumption totals / T, plus τ/(T−1). */
  cumDim: number;
  /** Number of history slots (T − 1, at least 1) and width of one history token. */
  histLen: number;
  tokenDim: number;
}

export function featureLayout(problem: DynamicProblem): FeatureLayout {
  const n = problem.agents;
  const m = problem.goods;
  const space = problem.typeSpace(0);
  const scale = space.kind === "discrete" ? Math.max(...space.grid.map(Math.abs)) : space.hi;
  return {
    n,
    m,
    horizon: problem.horizon,
    scale: scale > 0 ? scale : 1,
    reportDim: n * m,
    cumDim: n * m + 1,
    histLen: Math.max(1, problem.horizon - 1),
    // reports (n·m) + consumption (n·m) + period index k/(T−1)
    tokenDim: 2 * n * m + 1,
  };
}

/** Feature rows for a batch of nodes, filled in place by `encodePublic`. */
export interface FeatureBatch {
  size: number;
  report: Float32Array; // [N, reportDim]
  cum: Float32Array; // [N, cumDim]
  hist: Float32Array; // [N, histLen, tokenDim]
  mask: Float32Array; // [N, histLen]: 1 for a real past period
}

export function allocFeatureBatch(layout: FeatureLayout, size: number): FeatureBatch {
  return {
    size,
    report: new Float32Array(size * layout.reportDim),
    cum: new Float32Array(size * layout.cumDim),
    hist: new Float32Array(size * layout.histLen * layout.tokenDim),
    mask: new Float32Array(size * layout.histLen),
  };
}

/** Write row `row` of `batch` from a public history (oldest first) and the current reports. */
export function encodePublic(
  layout: FeatureLayout,
  history: readonly PublicRecord[],
  reports: ArrayLike<number>,
  batch: FeatureBatch,
  row: number,
): void {
  const { reportDim, cumDim, histLen, tokenDim, scale, horizon } = layout;
  const nm = reportDim;
  const tNorm = Math.max(1, horizon - 1);
  for (let k = 0; k < nm; k++) batch.report[row * reportDim + k] = reports[k] / scale;
  const cumBase = row * cumDim;
  for (let k = 0; k < nm; k++) batch.cum[cumBase + k] = 0;
  for (const rec of history)
    for (let k = 0; k < nm; k++) batch.cum[cumBase + k] += rec.consumption[k] / horizon;
  batch.cum[cumBase + nm] = history.length / tNorm;
  const hBase = row * histLen;
  for (let s = 0; s < histLen; s++) {
    const t = (hBase + s) * tokenDim;
    if (s < history.length) {
      const rec = history[s];
      for (let k = 0; k < nm; k++) {
        batch.hist[t + k] = rec.reports[k] / scale;
        batch.hist[t + nm + k] = rec.consumption[k];
      }
      batch.hist[t + 2 * nm] = s / tNorm;
      batch.mask[hBase + s] = 1;
    } else {
      for (let k = 0; k < tokenDim; k++) batch.hist[t + k] = 0;
      batch.mask[hBase + s] = 0;
    }
  }
}
