// `mechlab reproduce clock-auctions`: the measurements of docs/results/clock-auctions.md —
// ratio vs prediction error per auction and family (mean and worst), ratio vs n on the
// lower-bound family, the consistency^∞–robustness frontier, and learned advice — with four
// figures written to docs/img/clock-*.{svg,png} (relative to the working directory).
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Reproduction, ReproductionOptions } from "../reproductions/reproduction.js";
import { renderPng, renderSvg, type Figure } from "../report/plot.js";
import { FAMILIES } from "./generators.js";
import {
  ERROR_AUCTIONS,
  ERROR_BINS,
  FRONTIER_GAMMAS,
  LEARNED_COLUMNS,
  LEARNED_FAMILIES,
  LEARNED_NOISE,
  LOWER_BOUND_RUNS,
  frontier,
  learnedAdviceTable,
  ratioVsError,
  ratioVsN,
  type ErrorCell,
  type FrontierPoint,
  type LearnedRow,
  type LowerBoundRow,
} from "./measure.js";

const SIZES = {
  perFamily: 30,
  n: 10,
  frontierPerFamily: 20,
  learnedTests: 30,
  learnedN: 21,
  dims: 8,
};
const LOWER_NS = [8, 16, 32, 64, 128, 256, 512, 1024, 2048];
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "∞");
const binLabel = (b: number) =>
  b === 0
    ? "η = 1"
    : `${ERROR_BINS[b - 1]} < η ≤ ${Number.isFinite(ERROR_BINS[b]) ? ERROR_BINS[b] : "∞"}`;

function errorTable(cells: ErrorCell[], which: "mean" | "worst"): string {
  const out = [`| auction | family | ${ERROR_BINS.map((_, b) => binLabel(b)).join(" | ")} |`];
  out.push(`| --- | --- | ${ERROR_BINS.map(() => "---").join(" | ")} |`);
  for (const a of ERROR_AUCTIONS) {
    for (const f of FAMILIES) {
      const row = ERROR_BINS.map((_, b) => {
        const c = cells.find((x) => x.auction === a && x.family === f && x.bin === b);
        return c ? `${f3(c[which])} (${c.count})` : "—";
      });
      out.push(`| ${a} | ${f} | ${row.join(" | ")} |`);
    }
  }
  return out.join("\n");
}

function errorFigure(cells: ErrorCell[], which: "mean" | "worst"): Figure {
  return {
    title: `OPT/welfare (${which}) against prediction error η = OPT/v(Ô)`,
    columns: 3,
    panels: FAMILIES.map((f) => ({
      title: f,
      xLabel: "error bin (0: η = 1, …, 5: η > 3)",
      yLabel: `${which} OPT/welfare`,
      logY: true,
      series: ERROR_AUCTIONS.map((a) => {
        const cs = cells
          .filter((x) => x.auction === a && x.family === f && Number.isFinite(x[which]))
          .sort((p, q) => p.bin - q.bin);
        return { name: a, x: cs.map((c) => c.bin), y: cs.map((c) => c[which]) };
      }).filter((s) => s.x.length > 0),
    })),
  };
}

function lowerBoundFigure(rows: LowerBoundRow[]): Figure {
  return {
    title: "One bidder (value 1.2) against a harmonic group: OPT/welfare against n",
    panels: [
      {
        title: "lower-bound family",
        xLabel: "log2 n",
        yLabel: "OPT/welfare",
        series: [
          ...LOWER_BOUND_RUNS.map(([label]) => ({
            name: label,
            x: rows.map((r) => Math.log2(r.n)),
            y: rows.map((r) => r.ratios[label]),
          })),
          {
            name: "H_{n−1}/1.2",
            x: rows.map((r) => Math.log2(r.n)),
            y: rows.map((r) => r.harmonic / 1.2),
          },
        ],
      },
    ],
  };
}

function frontierFigure(points: FrontierPoint[]): Figure {
  const fam = points.filter((p) => p.auction.startsWith("advice-weighted"));
  return {
    title: "consistency^∞ against robustness (worst case over the suite)",
    panels: [
      {
        title: "advice-weighted(γ), γ = " + FRONTIER_GAMMAS.join(", "),
        xLabel: "consistency^∞ = max v(Ô)/welfare",
        yLabel: "robustness = max OPT/welfare, worst advice",
        logY: true,
        series: [
          {
            name: "advice-weighted(γ)",
            x: fam.map((p) => p.consistencyInf),
            y: fam.map((p) => p.robustness),
          },
        ],
      },
    ],
  };
}

function learnedFigure(rows: LearnedRow[]): Figure {
  return {
    title: "Mean welfare/OPT with learned advice against training-set size (bidders)",
    columns: 3,
    panels: LEARNED_FAMILIES.flatMap((f) =>
      LEARNED_NOISE.map((s) => {
        const rs = rows.filter((r) => r.family === f && r.noise === s);
        return {
          title: `${f}, noise σ = ${s}`,
          xLabel: "log10 training bidders",
          yLabel: "welfare/OPT",
          series: LEARNED_COLUMNS.slice(0, 3).map((c) => ({
            name: c,
            x: rs.map((r) => Math.log10(r.trainingBidders)),
            y: rs.map((r) => r.cells[c].mean),
            lower: rs.map((r) => r.cells[c].mean - 2 * r.cells[c].se),
            upper: rs.map((r) => r.cells[c].mean + 2 * r.cells[c].se),
          })),
        };
      }),
    ),
  };
}

async function writeFigure(name: string, fig: Figure): Promise<string> {
  const base = `docs/img/${name}`;
  for (const [ext, data] of [
    ["svg", await renderSvg(fig)],
    ["png", await renderPng(fig)],
  ] as const) {
    const path = `${base}.${ext}`;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.partial`, data);
    renameSync(`${path}.partial`, path);
  }
  return `![${fig.title}](../img/${name}.png)`;
}

async function run(opts: ReproductionOptions) {
  const total =
    FAMILIES.length * SIZES.perFamily +
    LOWER_NS.length +
    FRONTIER_GAMMAS.length +
    3 +
    LEARNED_FAMILIES.length * LEARNED_NOISE.length * 5;
  let done = 0;
  const tick = (info: Record<string, string | number>) => opts.onProgress?.(++done, total, info);
  const errors = ratioVsError(SIZES.perFamily, SIZES.n, opts.seed, tick);
  const lower = ratioVsN(LOWER_NS, tick);
  const front = frontier(SIZES.frontierPerFamily, SIZES.n, opts.seed + 1, tick);
  const learned = learnedAdviceTable(
    SIZES.learnedTests,
    SIZES.learnedN,
    SIZES.dims,
    opts.seed + 2,
    tick,
  );
  const figs = [
    await writeFigure("clock-ratio-vs-error-mean", errorFigure(errors, "mean")),
    await writeFigure("clock-ratio-vs-error-worst", errorFigure(errors, "worst")),
    await writeFigure("clock-lower-bound", lowerBoundFigure(lower)),
    await writeFigure("clock-frontier", frontierFigure(front)),
    await writeFigure("clock-learned-advice", learnedFigure(learned)),
  ];
  const text = [
    `Suite: ${SIZES.perFamily} random instances per family, n = ${SIZES.n} bidders, values log-normal (median 1); advice from OPT with each member dropped with probability 0, 0.25, 0.5, 0.75, 1 then filled randomly, plus the worst maximal set (lowest values first). Error η = OPT/v(Ô); cells: OPT/welfare (instances in the bin). Exact: every number is computed exactly (no sampling error) for the instances drawn.`,
    "",
    "### Ratio against prediction error — mean",
    "",
    figs[0],
    "",
    errorTable(errors, "mean"),
    "",
    "### Ratio against prediction error — worst case",
    "",
    figs[1],
    "",
    errorTable(errors, "worst"),
    "",
    "### Lower-bound family: ratio against n",
    "",
    figs[2],
    "",
    `| n | H_{n−1}/1.2 | ${LOWER_BOUND_RUNS.map(([l]) => l).join(" | ")} | no-advice rounds |`,
    `| --- | --- | ${LOWER_BOUND_RUNS.map(() => "---").join(" | ")} | --- |`,
    ...lower.map(
      (r) =>
        `| ${r.n} | ${f3(r.harmonic / 1.2)} | ${LOWER_BOUND_RUNS.map(([l]) => f3(r.ratios[l])).join(" | ")} | ${r.rounds} |`,
    ),
    "",
    "### consistency^∞ against robustness",
    "",
    figs[3],
    "",
    `Suite of ${SIZES.frontierPerFamily} instances per family (seed + 1). consistency^∞: max over instances and advice (drop 0.5 and 1 of OPT, filled randomly) of v(Ô)/welfare; robustness: max OPT/welfare with the worst advice; consistency: max OPT/welfare with Ô = OPT.`,
    "",
    "| auction | consistency^∞ | robustness | consistency |",
    "| --- | --- | --- | --- |",
    ...front.map(
      (p) =>
        `| ${p.auction} | ${f3(p.consistencyInf)} | ${f3(p.robustness)} | ${f3(p.consistency)} |`,
    ),
    "",
    "### Learned advice",
    "",
    figs[4],
    "",
    `${SIZES.learnedTests} test instances per row, n = ${SIZES.learnedN}, ${SIZES.dims} features; training = the first k bidders of past auctions of the same market; cells: mean welfare/OPT ± s.e.`,
    "",
    `| family | noise σ | training bidders | ${LEARNED_COLUMNS.join(" | ")} |`,
    `| --- | --- | --- | ${LEARNED_COLUMNS.map(() => "---").join(" | ")} |`,
    ...learned.map(
      (r) =>
        `| ${r.family} | ${r.noise} | ${r.trainingBidders} | ${LEARNED_COLUMNS.map((c) => `${r.cells[c].mean.toFixed(3)} ± ${r.cells[c].se.toFixed(3)}`).join(" | ")} |`,
    ),
  ].join("\n");
  return { text, json: { sizes: SIZES, errors, lower, frontier: front, learned } };
}

export const clockReproductions: Reproduction[] = [
  {
    name: "clock-auctions",
    summary: "learning-augmented clock auctions: ratio vs error, vs n, frontier, learned advice",
    run,
  },
];
