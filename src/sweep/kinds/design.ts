// Job kind `design`: `mechlab design --json` as a job (design a mechanism for a problem, certify
// it); the run files are those of `mechlab design --out` (mechanism.json, metrics.csv). Designer
// parameters go in the designer's name, e.g. penalty(rho=5); the designers' own flags (--width,
// --ir, …) and checkpoints are not job parameters yet.
import { z } from "zod";
import { UsageError } from "../../core/errors.js";
import { parseName } from "../../core/spec.js";
import { DEFAULT_DESIGNER, designers } from "../../designers/registry.js";
import { saveMechanism } from "../../mechanisms/saved.js";
import { buildProblem, DEFAULT_PROBLEM } from "../../problems/registry.js";
import type { JobKind } from "../job-kind.js";
import { int } from "./schema-parts.js";
import { JOB_KIND_SUMMARIES } from "./catalog.js";

const schema = z
  .object({
    problem: z.string().default(DEFAULT_PROBLEM),
    designer: z.string().default(DEFAULT_DESIGNER),
    seed: int(0, 2 ** 31 - 1).default(0),
    budget: int(1, 10_000_000).optional(),
  })
  .strict();
type Params = z.infer<typeof schema>;

function build(p: Params) {
  const problem = buildProblem(p.problem, "problem");
  const d = designers.get(parseName(p.designer, "designer").name, "designer");
  if (p.budget !== undefined && !d.budget)
    throw new UsageError("budget", `designer ${d.name} has no step budget`);
  return { problem, designer: designers.build(p.designer, "designer").value };
}

export const designKind: JobKind = {
  name: "design",
  summary: JOB_KIND_SUMMARIES.design,
  schema: schema as unknown as JobKind["schema"],
  check: (p) => void build(p as Params),
  async run(raw) {
    const p = raw as Params;
    const { problem, designer } = build(p);
    const run = await designer.design(problem, { seed: p.seed, budget: p.budget });
    return {
      result: run.result,
      files: {
        "mechanism.json":
          JSON.stringify(saveMechanism(run.mechanism, problem, p.seed, run.participation)) + "\n",
        "metrics.csv": run.metricsCsv,
      },
    };
  },
  metrics(result) {
    const r = result as Record<string, { value?: unknown } | undefined>;
    const out: Record<string, number> = {};
    for (const k of ["revenue", "welfare", "exploitability"])
      if (typeof r[k]?.value === "number") out[k] = r[k].value as number;
    return out;
  },
};
