// A pricing run (`mechlab pricing --out DIR`): the instance and the algorithm, the benchmarks
// (ex-ante LP, hindsight optimum and its LP relaxation), the policy's welfare ratios ± s.e.,
// and the prices it posted per resource.
import { escapeHtml as esc } from "./assets.js";
import { isM, meas, num, table, type M } from "./cells.js";

export const PRICING_FORMAT = "mechlab.pricing-result";

const cell = (x: unknown) => (isM(x) ? meas(x) : "—");

export function pricingSection(r: Record<string, unknown>): string {
  if (r.format !== PRICING_FORMAT) return "";
  const lp = r.exAnteLp as { value: number; exact: boolean };
  const prices = Array.isArray(r.meanPrice) ? (r.meanPrice as M[]) : [];
  const hindsight = r.hindsightOptimum ? "hindsight optimum (IP)" : "hindsight LP relaxation";
  return [
    "<h2>Online pricing</h2>",
    `<p>Instance <code>${esc(String(r.instance))}</code>: ${esc(String(r.agents))} agents, ${esc(String(r.resources))} resources. Algorithm <code>${esc(String(r.algorithm))}</code> (access: ${esc(String(r.access))}; ${num(Number(r.samples))} samples and ${num(Number(r.queries))} pricing queries per run), arrival order ${esc(String(r.order))}, ${esc(String(r.runs))} independent runs (learn, realize, deploy) from seed ${esc(String(r.seed))}; sampled values are means over the runs ± their standard error.</p>`,
    "<h3>Benchmarks</h3>",
    table(
      ["benchmark", "value"],
      [
        [`ex-ante LP`, `${num(lp.value)} <span class=tag>${lp.exact ? "exact" : "sampled"}</span>`],
        ["hindsight optimum (IP)", cell(r.hindsightOptimum)],
        ["hindsight LP relaxation", cell(r.hindsightLp)],
      ],
    ),
    "<h3>The policy</h3>",
    table(
      ["measure", "value"],
      [
        ["welfare", cell(r.welfare)],
        [`welfare / ${hindsight}`, cell(r.ratioToHindsight)],
        ["welfare / ex-ante LP", cell(r.ratioToExAnteLp)],
        ["revenue", cell(r.revenue)],
        ["price spread (sd across agents)", cell(r.priceSpread)],
        ["unequal treatment (same-request pairs)", cell(r.unequalTreatment)],
        ["max use / supply", num(Number(r.maxUtilization))],
      ],
    ),
    "<h3>Prices learned</h3>",
    "<p>The price each resource was posted at: the mean over a run's agents of the price they faced (for a posted price, the learned price itself), then over the runs. Each run learns its prices once, from its samples or queries, before the agents arrive, so there is no learning curve.</p>",
    table(
      ["resource", "mean price"],
      prices.map((p, j) => [String(j), meas(p)]),
    ),
  ].join("\n");
}
