// The run directory of `mechlab evaluate --out-dir`: the report as result.json, plus the saved
// mechanism file when one was evaluated (a named mechanism is rebuilt from its name), so that
// report.html can show the mechanism explorer.
import { existsSync, readFileSync } from "node:fs";
import type { EvaluationReport } from "../evaluation/evaluation-report.js";

export function evaluationRunFiles(
  report: EvaluationReport,
  mechanismArg: string,
): Record<string, string> {
  const files: Record<string, string> = {
    "result.json": JSON.stringify(report, null, 2) + "\n",
  };
  if (mechanismArg.endsWith(".json") || existsSync(mechanismArg)) {
    // Only a dynamic direct mechanism is copied: the report reads mechanism.json as one.
    const text = readFileSync(mechanismArg, "utf8");
    if ((JSON.parse(text) as { format?: unknown }).format === "mechlab.mechanism")
      files["mechanism.json"] = text;
  }
  return files;
}
