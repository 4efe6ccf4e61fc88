// The design curve of an AMA run (run directories' design-trace.svg/.png): the validation
// objective of the designer's iterate per step. Validation scores are exact evaluations on the
// designer's validation profiles, so the curve carries no band; the held-out test values of
// VCG and the AMA (sampled, with their standard errors) are in result.json and the summary.
import { exactSeries, type Figure } from "../report/figure.js";
import type { AmaRunResult } from "./run.js";

export function amaTraceFigure(r: AmaRunResult): Figure | undefined {
  if (r.trace.length < 2) return undefined;
  return {
    title: `${r.environment}, designer ${r.designer.split("(")[0]}`,
    panels: [
      {
        title: `${r.objective} of the designer's iterate on its validation profiles`,
        xLabel: "design step",
        yLabel: r.objective,
        series: [
          exactSeries(
            "validation",
            r.trace.map((p) => p.step),
            r.trace.map((p) => p.validation),
          ),
        ],
      },
    ],
  };
}
