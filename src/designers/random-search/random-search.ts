// A toy designer, the smallest complete example of the Designer contract (docs/designers.md):
// random search over one parameter of a mechanism family — the reserve of a second-price
// auction or a posted price. Each of `--budget` candidates is a uniform draw from [lo, hi],
// scored by its expected discounted profit under truthful play (exact for discrete types,
// sampled with the same draws for every candidate otherwise, so the comparison is paired);
// KeepBest keeps the best, and the evaluator certifies it — exploitability included, since
// nothing in the search makes these mechanisms incentive compatible in a dynamic problem.
import { KeepBest, type StepRecord } from "../../core/callbacks.js";
import { formatMeasured } from "../../core/measured.js";
import type { ParamSpecs } from "../../core/spec.js";
import { Rng } from "../../engine/rng.js";
import { evaluate } from "../../evaluation/evaluate.js";
import { evaluateTruthfulSampled } from "../../evaluation/sampled.js";
import { evaluateTruthfulExact } from "../../evaluation/truthful-exact.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { isDiscrete, type DynamicProblem } from "../../problems/types.js";
import { exactSeries, sampledSeries } from "../../report/figure.js";
import { designCallbacks, type Designer, type DesignState } from "../designer.js";
import { designResultHeader, runVersions } from "../result-header.js";

/** The family's mechanism name and the parameter searched. */
const FAMILIES: Record<string, string> = { "second-price": "reserve", "posted-price": "price" };

export const randomSearchParams: ParamSpecs = {
  family: {
    type: "enum",
    default: "second-price",
    values: Object.keys(FAMILIES),
    doc: "mechanism family: second-price (reserve searched) or posted-price (price searched)",
  },
  lo: { type: "number", default: 0, min: 0, doc: "lower end of the searched interval" },
  hi: { type: "number", default: -1, doc: "upper end (−1: the highest initial value)" },
  samples: {
    type: "number",
    default: 20_000,
    min: 100,
    integer: true,
    doc: "continuous types: trajectories per profit estimate and for the certificate",
  },
};

function highestValue(problem: DynamicProblem): number {
  const space = problem.typeSpace(0);
  return space.kind === "discrete" ? Math.max(...space.grid) : space.hi;
}

export const randomSearchDesigner: Designer = {
  name: "random-search",
  summary: "toy: random search over a second-price reserve or a posted price (docs/designers.md)",
  types: "discrete and continuous",
  params: randomSearchParams,
  flags: {},
  budget: { default: 20, doc: "candidates drawn" },
  checkpoints: false,
  create: (params) => ({
    design(problem, opts) {
      const family = params.family as string;
      const key = FAMILIES[family];
      const samples = params.samples as number;
      const lo = params.lo as number;
      const hi = (params.hi as number) < 0 ? highestValue(problem) : (params.hi as number);
      const budget = opts.budget ?? 20;
      const rng = new Rng(opts.seed);
      const discrete = isDiscrete(problem);
      const keep = new KeepBest<DesignState, number>("profit", (_, r) => r.metrics[key]);
      const callbacks = designCallbacks({ callbacks: [keep, ...(opts.callbacks ?? [])] });
      const history: { step: number; x: number; profit: number; stderr: number }[] = [];
      callbacks.onStart({ total: budget, firstStep: 1 });
      for (let step = 1; step <= budget; step++) {
        const x = lo + (hi - lo) * rng.uniform();
        const mech = buildMechanism(`${family}(${key}=${x})`, problem, "--designer");
        // Exact on discrete types; sampled (with its standard error) on continuous ones.
        const measured = discrete
          ? { value: evaluateTruthfulExact(problem, mech).profit, stderr: 0 }
          : evaluateTruthfulSampled(problem, mech, samples, opts.seed + 1).profit;
        const profit = measured.value;
        history.push({ step, x, profit, stderr: measured.stderr ?? 0 });
        const record: StepRecord = { step, total: budget, metrics: { [key]: x, profit } };
        // A stop request (EarlyStop, Ctrl-C) ends the search; the best so far is certified.
        if (callbacks.onStep(record, {}) === "stop") break;
      }
      callbacks.onEnd({ step: history.length, stoppedBy: callbacks.stoppedBy });
      const best = keep.best!;
      const designer = `random-search(family=${family},lo=${lo},hi=${hi})`;
      const mechanism = buildMechanism(`${family}(${key}=${best.snapshot})`, problem, "--designer");
      const certificate = evaluate(problem, mechanism, { seed: opts.seed + 2, samples });
      const result = {
        ...designResultHeader({
          problem: problem.name,
          designer,
          seed: opts.seed,
          config: { family, lo, hi, samples, budget },
          versions: runVersions(),
          irNotion: "interim",
        }),
        metrics: { chosen: { step: best.step, [key]: best.snapshot, profit: best.value } },
        revenue: certificate.revenue,
        exploitability: certificate.exploitability,
        minInterimUtility: certificate.minInterimUtility,
        certificate,
      };
      const summary = [
        `designer ${designer}: ${history.length} candidates; chosen ${mechanism.name} (step ${best.step}, truthful profit ${best.value.toFixed(4)})`,
        `revenue (certified)          ${formatMeasured(certificate.revenue)}`,
        `exploitability (certified)   ${formatMeasured(certificate.exploitability)}`,
        `exploitability note: ${certificate.exploitabilityNote}`,
      ].join("\n");
      const byX = [...history].sort((a, b) => a.x - b.x);
      return Promise.resolve({
        designer,
        mechanism,
        certificate,
        history,
        summary,
        result,
        metricsCsv:
          [`step,${key},profit`, ...history.map((h) => `${h.step},${h.x},${h.profit}`)].join("\n") +
          "\n",
        figures: {
          candidates: {
            title: `${designer}: truthful profit of each candidate`,
            panels: [
              {
                title: "profit under truthful play",
                xLabel: key,
                yLabel: "expected discounted profit",
                series: [
                  discrete
                    ? exactSeries(
                        "candidates",
                        byX.map((h) => h.x),
                        byX.map((h) => h.profit),
                      )
                    : sampledSeries(
                        "candidates",
                        byX.map((h) => h.x),
                        byX.map((h) => ({ value: h.profit, stderr: h.stderr })),
                      ),
                ],
              },
            ],
          },
        },
      });
    },
  }),
};
