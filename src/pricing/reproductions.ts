// `mechlab reproduce online-pricing`: what the abstract of the anonymous-pricing paper claims,
// measured on mechlab's reconstruction (docs/online-pricing.md). (1) Learning curves: welfare
// / E[hindsight OPT] against the samples of dual pricing and the pricing queries of the
// randomized anonymous pricing, with GSW25-style exponential pricing (one sample per agent)
// and the baselines beside them; (2) the large-market regime: the same ratio against supply
// scale; (3) arrival orders, adversarial ones included; (4) fairness: price spread across
// agents and unequal treatment of identical requests; (5) cloud with its default per-request
// value jitter (the other experiments use jitter=0, where requests tie at the dual prices). Run r of every configuration uses the
// r-th split of Rng(seed), so all algorithms face the same realized requests (paired).
import { formatMeasured, type Measured } from "../core/measured.js";
import type { Figure, Series } from "../report/plot.js";
import type { Reproduction, ReproductionOptions } from "../reproductions/reproduction.js";
import { pricingAlgorithms } from "./algorithms/registry.js";
import { evaluatePricing, type PricingResult } from "./evaluate.js";
import { pricingInstances } from "./generators/registry.js";
import type { OrderKind } from "./orders.js";
import { ORDERS } from "./orders.js";

const RUNS = 4;
const CURVE_INSTANCES = ["tie(k=200)", "cloud(scale=20,jitter=0)", "ads(scale=10)"];
const SAMPLES = [1, 2, 5, 10, 20];
const QUERIES = [1_000, 3_000, 10_000, 30_000, 100_000, 300_000];
const SCALE_INSTANCES: { family: string; scales: number[]; params: string }[] = [
  { family: "cloud", scales: [1, 2, 5, 10, 20, 50], params: ",jitter=0" },
  { family: "ads", scales: [1, 2, 5, 10, 20], params: "" },
];
const BASELINES = [
  "dual-prices",
  "anonymous-random",
  "exponential-pricing",
  "fixed-price",
  "first-come-first-served",
];
const ORDER_INSTANCES = ["tie(k=200)", "cloud(scale=20,jitter=0)"];
// The experiments above use cloud without its per-request value jitter (a finite support:
// exact ex-ante LP, fast hindsight integer programs, and requests that tie with the null option
// at the dual prices); this one measures the default jitter, against the hindsight LP
// relaxation (the integer programs with continuous values take minutes each).
const JITTER_INSTANCE = "cloud(scale=50)";

interface Row {
  experiment: string;
  instance: string;
  x: number;
  result: PricingResult;
}

const ratio = (r: PricingResult): Measured => r.ratioToHindsight ?? r.ratioToExAnteLp;
const cell = (m: Measured | null) => (m ? formatMeasured(m, 3) : "—");
const short = (name: string) => name.replace(/\(.*$/, "");

function series(rows: Row[], name: string): Series {
  const y = rows.map((r) => ratio(r.result));
  return {
    name,
    x: rows.map((r) => r.x),
    y: y.map((m) => m.value),
    lower: y.map((m) => m.value - 2 * (m.stderr ?? 0)),
    upper: y.map((m) => m.value + 2 * (m.stderr ?? 0)),
  };
}

export const onlinePricing: Reproduction = {
  name: "online-pricing",
  summary:
    "learned anonymous pricing vs dual pricing vs exponential pricing: learning curves, supply scale, orders, fairness",
  async run(opts: ReproductionOptions) {
    const cache = new Map<string, number>();
    const rows: Row[] = [];
    const jobs: {
      experiment: string;
      instance: string;
      algorithm: string;
      order: OrderKind;
      x: number;
      hindsight?: "lp";
    }[] = [];
    for (const instance of CURVE_INSTANCES) {
      for (const s of SAMPLES)
        jobs.push({
          experiment: "samples",
          instance,
          algorithm: `dual-prices(samples=${s})`,
          order: "random",
          x: s,
        });
      for (const q of QUERIES)
        jobs.push({
          experiment: "queries",
          instance,
          algorithm: `anonymous-random(queries=${q})`,
          order: "random",
          x: q,
        });
      for (const a of ["exponential-pricing", "fixed-price", "first-come-first-served"])
        jobs.push({ experiment: "reference", instance, algorithm: a, order: "random", x: 0 });
    }
    for (const { family, scales, params } of SCALE_INSTANCES)
      for (const scale of scales)
        for (const algorithm of BASELINES)
          jobs.push({
            experiment: "scale",
            instance: `${family}(scale=${scale}${params})`,
            algorithm,
            order: "random",
            x: scale,
          });
    for (const algorithm of BASELINES.slice(0, 2))
      jobs.push({
        experiment: "jitter",
        instance: JITTER_INSTANCE,
        algorithm,
        order: "random",
        x: 0,
        hindsight: "lp",
      });
    for (const instance of ORDER_INSTANCES)
      for (const order of ORDERS)
        for (const algorithm of BASELINES.slice(0, 4))
          jobs.push({ experiment: "order", instance, algorithm, order, x: 0 });
    const chosen = jobs.filter((j) => !opts.methods || opts.methods.includes(j.experiment));
    for (const [k, j] of chosen.entries()) {
      opts.onProgress?.(k, chosen.length, {
        experiment: j.experiment,
        algorithm: short(j.algorithm),
      });
      const inst = pricingInstances.build(j.instance, "instance");
      const alg = pricingAlgorithms.build(j.algorithm, "algorithm");
      const result = await evaluatePricing({
        instance: { ...inst.value, name: inst.name },
        algorithm: alg.value,
        algorithmName: alg.name,
        order: j.order,
        runs: RUNS,
        seed: opts.seed,
        hindsightCache: cache,
        hindsight: j.hindsight,
      });
      rows.push({ experiment: j.experiment, instance: j.instance, x: j.x, result });
    }
    opts.onProgress?.(chosen.length, chosen.length, {});
    return { text: report(rows), json: rows, figures: figures(rows) };
  },
};

function figures(rows: Row[]): { name: string; figure: Figure }[] {
  const out: { name: string; figure: Figure }[] = [];
  const curve = CURVE_INSTANCES.filter((i) =>
    rows.some((r) => r.instance === i && r.experiment === "samples"),
  );
  if (curve.length) {
    out.push({
      name: "online-pricing-learning",
      figure: {
        title: "Welfare / E[hindsight OPT] against learning budget (total samples or queries)",
        panels: curve.map((inst) => {
          const at = (e: string) => rows.filter((r) => r.instance === inst && r.experiment === e);
          const samples = at("samples").map((r) => ({ ...r, x: r.result.samples }));
          const queries = at("queries").map((r) => ({ ...r, x: r.result.queries }));
          return {
            title: inst,
            xLabel: "samples or queries (log10)",
            yLabel: "welfare / hindsight OPT",
            series: [
              series(
                samples.map((r) => ({ ...r, x: Math.log10(r.x) })),
                "dual-prices (samples)",
              ),
              series(
                queries.map((r) => ({ ...r, x: Math.log10(r.x) })),
                "anonymous-random (queries)",
              ),
            ],
            hlines: at("reference").map((r) => ({
              name: short(r.result.algorithm),
              y: ratio(r.result).value,
            })),
          };
        }),
      },
    });
  }
  const families = SCALE_INSTANCES.filter((f) =>
    rows.some((r) => r.experiment === "scale" && r.instance.startsWith(f.family)),
  );
  if (families.length) {
    out.push({
      name: "online-pricing-scale",
      figure: {
        title: "Large-market regime: welfare / E[hindsight OPT] against supply scale",
        panels: families.map((f) => ({
          title: `${f.family} (agents and supplies × scale)`,
          xLabel: "scale (log10)",
          yLabel: "welfare / hindsight OPT",
          series: BASELINES.map((a) =>
            series(
              rows
                .filter(
                  (r) =>
                    r.experiment === "scale" &&
                    r.instance.startsWith(f.family) &&
                    short(r.result.algorithm) === a,
                )
                .map((r) => ({ ...r, x: Math.log10(r.x) })),
              a,
            ),
          ),
        })),
      },
    });
  }
  return out;
}

function report(rows: Row[]): string {
  const out: string[] = [];
  const table = (head: string[], body: string[][]) =>
    [
      `| ${head.join(" | ")} |`,
      `|${head.map(() => " --- ").join("|")}|`,
      ...body.map((r) => `| ${r.join(" | ")} |`),
    ].join("\n");
  const line = (r: Row) => [
    r.instance,
    r.result.algorithm,
    String(r.result.samples || r.result.queries || 0),
    cell(r.result.welfare),
    cell(r.result.hindsightOptimum),
    `${r.result.exAnteLp.value.toFixed(1)}${r.result.exAnteLp.exact ? "" : " (sampled)"}`,
    cell(ratio(r.result)),
    cell(r.result.ratioToExAnteLp),
    r.result.learnSeconds.toFixed(2),
  ];
  const head = [
    "instance",
    "algorithm",
    "samples/queries per run",
    "welfare",
    "E[hindsight OPT]",
    "ex-ante LP",
    "welfare / OPT",
    "welfare / LP",
    "learn s",
  ];
  const learning = rows.filter((r) => ["samples", "queries", "reference"].includes(r.experiment));
  if (learning.length) {
    out.push(
      "### Learning curves\n",
      "![learning curves](img/online-pricing-learning.png)\n",
      table(head, learning.map(line)),
      "",
    );
  }
  const scale = rows.filter((r) => r.experiment === "scale");
  if (scale.length) {
    out.push(
      "### Supply scale (large-market regime)\n",
      "![supply scale](img/online-pricing-scale.png)\n",
      table(head, scale.map(line)),
      "",
    );
    const fair = scale.filter((r) => r.x === 20);
    out.push(
      "### Fairness at scale 20\n",
      table(
        [
          "instance",
          "algorithm",
          "price spread (sd across agents)",
          "unequal treatment of identical requests",
          "welfare / OPT",
        ],
        fair.map((r) => [
          r.instance,
          short(r.result.algorithm),
          cell(r.result.priceSpread),
          cell(r.result.unequalTreatment),
          cell(ratio(r.result)),
        ]),
      ),
      "",
    );
  }
  const jitter = rows.filter((r) => r.experiment === "jitter");
  if (jitter.length)
    out.push(
      "### Cloud with its default value jitter (welfare / OPT: against the hindsight LP relaxation)\n",
      table(head, jitter.map(line)),
      "",
    );
  const order = rows.filter((r) => r.experiment === "order");
  if (order.length) {
    const algs = [...new Set(order.map((r) => short(r.result.algorithm)))];
    const body: string[][] = [];
    for (const inst of ORDER_INSTANCES)
      for (const o of ORDERS) {
        const rs = order.filter((r) => r.instance === inst && r.result.order === o);
        if (rs.length)
          body.push([
            inst,
            o,
            ...algs.map((a) =>
              cell(ratio(rs.find((r) => short(r.result.algorithm) === a)!.result)),
            ),
          ]);
      }
    out.push(
      "### Arrival orders (welfare / E[hindsight OPT])\n",
      table(["instance", "order", ...algs], body),
      "",
    );
  }
  return out.join("\n");
}

export const pricingReproductions: Reproduction[] = [onlinePricing];
