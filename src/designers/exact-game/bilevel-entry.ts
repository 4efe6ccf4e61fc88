// The bilevel designer behind the Designer contract (designer.ts): `--budget` outer steps,
// checkpoints, the benchmarks beside the certified revenue, and its run-directory files.
import type { Designer } from "../designer.js";
import { designBenchmarks, runVersions } from "../result-header.js";
import { bilevelConfigOf, bilevelParams, DEFAULT_BILEVEL } from "./bilevel-types.js";
import { designBilevelWithSearch } from "./relaxed-search.js";
import {
  bilevelFigure,
  bilevelMetricsCsv,
  bilevelResultJson,
  bilevelDetails,
  bilevelSummary,
} from "./report.js";

export const bilevelDesigner: Designer = {
  name: "bilevel",
  summary:
    "exact bilevel designer: Adam on a table's allocation, optimal payments by LP, vertex search (Inverse Games)",
  types: "discrete, semantics=realized",
  params: bilevelParams,
  // --ir/--subsidies: the participation notion, also writable as bilevel(ir=…,subsidies=…).
  flags: { ir: bilevelParams.ir, subsidies: bilevelParams.subsidies },
  budget: { default: DEFAULT_BILEVEL.steps, doc: "outer steps (payment LPs)" },
  checkpoints: true,
  create: (params) => ({
    async design(problem, opts) {
      // Flags given on the command line override the designer's parameters.
      const cfg = bilevelConfigOf(
        { ...params, ...opts.flags },
        opts.budget ?? DEFAULT_BILEVEL.steps,
      );
      const res = await designBilevelWithSearch(problem, cfg, opts);
      const benchmarks = designBenchmarks(problem);
      return {
        designer: res.designer,
        mechanism: res.mechanism,
        participation: res.config.participation,
        interrupted: res.interrupted,
        certificate: res.certificate,
        history: res.history,
        summary: bilevelSummary(res, benchmarks),
        details: bilevelDetails(res),
        result: bilevelResultJson(res, problem.name, opts.seed, runVersions(), benchmarks),
        metricsCsv: bilevelMetricsCsv(res),
        figures: {
          convergence: bilevelFigure(
            res,
            benchmarks.map((b) => ({ name: b.name, y: b.value })),
          ),
        },
      };
    },
  }),
};
