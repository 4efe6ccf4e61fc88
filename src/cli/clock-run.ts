// The run directory of `mechlab clock --out DIR`: result.json holds, per instance, the
// values, constraint, advice, the summary and the whole transcript, so report.html can table
// the clock rounds (src/report/html/clock-view.ts).
import type { ClockOutcome } from "../clock/engine.js";
import type { ClockInstance } from "../clock/instance.js";
import type { ClockSummary } from "../clock/run.js";

export function clockRunFiles(
  command: string,
  auction: string,
  instances: ClockInstance[],
  advices: (number[] | null)[],
  runs: { summary: ClockSummary; outcome: ClockOutcome }[],
): Record<string, string> {
  const result = {
    format: "mechlab.clock-result",
    command,
    auction,
    instances: instances.map((inst, k) => ({
      values: inst.values,
      constraint: inst.constraint.name,
      advice: advices[k],
      ...runs[k].summary,
      transcript: runs[k].outcome.transcript,
    })),
  };
  return { "result.json": JSON.stringify(result, null, 2) + "\n" };
}
