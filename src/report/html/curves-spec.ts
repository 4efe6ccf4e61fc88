// The report's interactive learning curves (vega-embed): one small line chart per numeric
// metric of metrics.csv against its first column, coloured by phase when there is one. A
// metric with a standard-error column (`X_stderr` for `X` or the first metric starting with
// `X`, `stderr` for `value`) is a sampled estimate and gets a ± 1 s.e. band; the others none.
import type { MetricsTable } from "./run-data.js";

/** The metric each standard-error column belongs to. */
function stderrColumns(numeric: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of numeric) {
    const stem = c === "stderr" ? "value" : c.endsWith("_stderr") ? c.slice(0, -7) : undefined;
    if (stem === undefined) continue;
    const metric =
      numeric.find((m) => m === stem) ??
      numeric.find((m) => m.startsWith(stem) && !m.endsWith("stderr"));
    if (metric) out.set(metric, c);
  }
  return out;
}

export function curvesSpec(t: MetricsTable): object | null {
  const [x, ...rest] = t.columns;
  const col = (c: string) => t.columns.indexOf(c);
  const phaseCol = col("phase");
  const numeric = rest.filter((c) => t.rows.every((r) => typeof r[col(c)] === "number"));
  const se = stderrColumns(numeric);
  const seCols = new Set(se.values());
  const metrics = numeric.filter((c) => !seCols.has(c));
  if (!metrics.length) return null;
  const values = t.rows.flatMap((r) =>
    metrics.map((c) => {
      const v = r[col(c)] as number;
      const s = se.has(c) ? (r[col(se.get(c)!)] as number) : undefined;
      return {
        x: r[0],
        metric: se.has(c) ? `${c} (± 1 s.e.)` : c,
        value: v,
        ...(s !== undefined ? { lower: v - s, upper: v + s } : {}),
        ...(phaseCol >= 0 ? { phase: r[phaseCol] } : {}),
      };
    }),
  );
  const xEnc = { field: "x", type: "quantitative", title: x };
  const line = {
    mark: { type: "line", point: t.rows.length < 60, tooltip: true },
    encoding: {
      x: xEnc,
      y: { field: "value", type: "quantitative", title: null, scale: { zero: false } },
      ...(phaseCol >= 0 ? { color: { field: "phase", type: "nominal" } } : {}),
    },
  };
  const band = {
    mark: { type: "area", opacity: 0.25, color: "#4c78a8" },
    encoding: {
      x: xEnc,
      y: { field: "lower", type: "quantitative", title: null },
      y2: { field: "upper" },
    },
  };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    data: { values },
    facet: { field: "metric", type: "nominal", title: null },
    columns: 3,
    resolve: { scale: { y: "independent" } },
    spec: { width: 260, height: 150, layer: se.size > 0 ? [band, line] : [line] },
  };
}
