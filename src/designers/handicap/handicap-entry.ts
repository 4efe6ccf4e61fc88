// The handicap designer behind the Designer contract (designer.ts): no step budget (its
// parameters set the grid of scales and the samples), the benchmarks beside the certified
// profit, and its run-directory files.
import { parseParticipation, participationParams } from "../../mechanisms/participation.js";
import type { Designer } from "../designer.js";
import { designBenchmarks, runVersions } from "../result-header.js";
import { designHandicap, handicapConfigOf, handicapDesignerParams } from "./handicap-designer.js";
import {
  handicapFigure,
  handicapMetricsCsv,
  handicapResultJson,
  handicapSummary,
} from "./report.js";

export const handicapDesigner: Designer = {
  name: "handicap",
  summary:
    "search over handicap-team mechanisms (PST's handicap policy scaled by k), sampled certificate",
  types: "continuous",
  params: handicapDesignerParams,
  // --ir/--subsidies (also handicap(ir=…)): ex-ante and interim only; others exit 2.
  flags: participationParams,
  checkpoints: false,
  create: (params) => ({
    design(problem, opts) {
      const v = { ...params, ...opts.flags };
      const res = designHandicap(problem, handicapConfigOf(v), opts.seed, opts.callbacks);
      const benchmarks = designBenchmarks(problem);
      // The figure's revenue is per good; the goods are i.i.d., so are the benchmarks' shares.
      const perGood = benchmarks.map((b) => ({
        name: res.perGood ? `${b.name} / ${res.perGood.goods}` : b.name,
        y: b.value / (res.perGood?.goods ?? 1),
      }));
      return Promise.resolve({
        designer: res.designer,
        mechanism: res.mechanism,
        participation: parseParticipation(v, "--designer"),
        certificate: res.certificate,
        history: res.candidates,
        summary: handicapSummary(res, benchmarks),
        result: handicapResultJson(res, problem.name, opts.seed, runVersions(), benchmarks),
        metricsCsv: handicapMetricsCsv(res),
        figures: { "profit-by-scale": handicapFigure(res, perGood) },
      });
    },
  }),
};
