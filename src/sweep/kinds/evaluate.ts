// Job kind `evaluate`: `mechlab evaluate --json` as a job (mechanisms by name only: a saved
// mechanism file on the submitter's disk is not on a worker's).
import { z } from "zod";
import { evaluate, type EvaluationReport } from "../../evaluation/evaluate.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { buildProblem, DEFAULT_PROBLEM } from "../../problems/registry.js";
import type { JobKind } from "../job-kind.js";
import { int } from "./schema-parts.js";
import { JOB_KIND_SUMMARIES } from "./catalog.js";

const schema = z
  .object({
    problem: z.string().default(DEFAULT_PROBLEM),
    mechanism: z.string(),
    mode: z.enum(["auto", "exact", "sampled"]).default("auto"),
    samples: int(10, 10_000_000).default(20_000),
    adversary: int(0, 100_000).default(0),
    "adversary-batch": int(2, 1_000_000).default(256),
    "adversary-policy": z.enum(["recurrent", "mlp"]).default("recurrent"),
    seed: int(0, 2 ** 31 - 1).default(0),
  })
  .strict();
type Params = z.infer<typeof schema>;

function build(p: Params) {
  const problem = buildProblem(p.problem, "problem");
  return { problem, mechanism: buildMechanism(p.mechanism, problem, "mechanism") };
}

export const evaluateKind: JobKind = {
  name: "evaluate",
  summary: JOB_KIND_SUMMARIES.evaluate,
  schema,
  check: (p) => void build(p as Params),
  async run(raw) {
    const p = raw as Params;
    const { problem, mechanism } = build(p);
    const report = evaluate(problem, mechanism, {
      mode: p.mode,
      seed: p.seed,
      samples: p.samples,
      adversary: {
        iterations: p.adversary,
        batch: p["adversary-batch"],
        policy: p["adversary-policy"],
      },
    });
    return { result: report, files: {} };
  },
  metrics(result) {
    const r = result as EvaluationReport;
    return {
      revenue: r.revenue.value,
      welfare: r.welfare.value,
      exploitability: r.exploitability.value,
    };
  },
};
