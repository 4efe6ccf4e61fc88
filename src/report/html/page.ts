// report.html: one self-contained page (styles, chart libraries and data inline; no network)
// showing a run: what was run, its certificate, benchmarks, curves and the mechanism explorer.
import { paymentSummaryText } from "./payment-summary.js";
import { largestDeparture, largestDepartureText } from "./deviation-words.js";
import type { ExplorerData } from "./explorer-data.js";
import { chartScripts, escapeHtml as esc, inlineJson, inlineScript } from "./assets.js";
import { EXPLORER_SCRIPT } from "./explorer-script.js";
import { isEvaluation, type RunData } from "./run-data.js";
import { isM, meas, num, table, type M } from "./cells.js";
import { participationSection } from "./participation-view.js";
import { clockSection } from "./clock-view.js";
import { spmSection } from "./spm-view.js";
import { reproductionSection } from "./reproduction-view.js";
import { pricingSection } from "./pricing-view.js";
import { curvesSpec } from "./curves-spec.js";

function certificateSection(r: Record<string, unknown>): string {
  const cert = (r.certificate ?? r) as Record<string, unknown>;
  const rows: string[][] = [];
  for (const k of ["revenue", "profit", "welfare"]) if (isM(cert[k])) rows.push([k, meas(cert[k])]);
  if (isM(cert.exploitability)) {
    const e = cert.exploitability;
    const bound = e.lowerBound
      ? "lower bound (best of the deviations tried)"
      : "exact under the information model below (an upper bound on what a deviator who sees less can gain)";
    rows.push(["exploitability", `${meas(e)}<div class=sub>${bound}</div>`]);
    if (typeof cert.exploitabilityNote === "string")
      rows.push(["information model", esc(cert.exploitabilityNote)]);
  }
  if (isM(cert.minInterimUtility))
    rows.push([
      `min interim utility (${esc(String(cert.irNotion ?? "interim"))} IR needs ≥ 0)`,
      meas(cert.minInterimUtility),
    ]);
  let out = rows.length ? table(["", "value"], rows) : "";
  const agents = cert.agents as
    | {
        agent: number;
        utilityByInitialType?: {
          type: number[];
          /** Exact certificates: the type's prior probability. */
          probability?: number;
          /** Sampled certificates of continuous types: the prior quantile of the grid point. */
          quantile?: number;
          utility: M;
          exploitability?: M;
        }[];
      }[]
    | undefined;
  if (Array.isArray(agents)) {
    const ur: string[][] = [];
    for (const a of agents)
      for (const t of a.utilityByInitialType ?? [])
        ur.push([
          String(a.agent),
          t.type.join(","),
          typeof t.probability === "number"
            ? num(t.probability)
            : typeof t.quantile === "number"
              ? `quantile ${num(t.quantile)}`
              : "",
          meas(t.utility),
          t.exploitability ? meas(t.exploitability) : "",
        ]);
    if (ur.length)
      out +=
        "<h3>Interim utilities (per initial type)</h3>" +
        table(
          [
            "agent",
            "initial type",
            "probability (or prior quantile)",
            "utility",
            "best deviation gains",
          ],
          ur,
        );
  }
  return out;
}

function summarySection(r: Record<string, unknown>): string {
  const flat: string[][] = [];
  const walk = (o: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (isM(v)) flat.push([esc(key), meas(v)]);
      else if (typeof v === "number") flat.push([esc(key), num(v)]);
      else if (typeof v === "string" && v.length < 200) flat.push([esc(key), esc(v)]);
      else if (v && typeof v === "object" && !Array.isArray(v) && depth < 2)
        walk(v as Record<string, unknown>, key, depth + 1);
    }
  };
  walk(r, "", 0);
  return flat.length ? table(["field", "value"], flat.slice(0, 80)) : "";
}

function benchmarksSection(r: Record<string, unknown>): string {
  const b = r.benchmarks as { name: string; value: number }[] | undefined;
  if (!Array.isArray(b) || !b.length) return "";
  return (
    "<h2>Benchmarks</h2>" +
    table(
      ["benchmark", "value"],
      b.map((x) => [esc(x.name), num(x.value)]),
    )
  );
}

function paymentsSection(d: RunData): string {
  return d.payments ? `<h2>Payments</h2><p>${esc(paymentSummaryText(d.payments))}</p>` : "";
}

/** The largest first departure of each mechanism's best response, in words (deviation-words.ts). */
function deviationsSection(d: RunData): string {
  if (!d.explorer) return "";
  const all = [{ mechanism: "this run's mechanism", data: d.explorer }, ...d.baselines];
  const score = (x: ExplorerData) => {
    const f = largestDeparture(x);
    return f ? f.dev.reach * f.dev.gain : 0;
  };
  const worst = d.baselines.reduce<(typeof all)[number] | undefined>(
    (w, b) => (score(b.data) > (w ? score(w.data) : 0) ? b : w),
    undefined,
  );
  const items = all.map(
    (x) => `<li><b>${esc(x.mechanism)}</b>: ${esc(largestDepartureText(x.data))}</li>`,
  );
  return `<h2>Where the best response deviates most</h2><p>For each mechanism, the first lie with the largest reach × gain (the explorer marks it at its node; the menu there switches mechanisms).${worst ? ` Among the per-period baselines it is largest in <b>${esc(worst.mechanism)}</b>.` : ""}</p><ul>${items.join("")}</ul>`;
}

/** An AMA's weights and boosts (Curry et al. 2024 Def. 3.1): the outcome maximizes Σ_i w_i v_i + b(s, a). */
function amaSection(d: RunData): string {
  if (!d.ama) return "";
  const { weights, boosts } = d.ama;
  const head = (cells: string[]) => `<tr>${cells.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>`;
  const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`;
  const actions = boosts[0]?.length ?? 0;
  return [
    "<h2>Affine maximizer</h2>",
    "<p>Each period the mechanism chooses the action a that maximizes the weighted welfare Σ<sub>i</sub> w<sub>i</sub>·v<sub>i</sub>(a) plus the boost b(s, a) of the current state s (Curry et al. 2024, Def. 3.1); VCG is every w<sub>i</sub> = 1 and every b = 0.</p>",
    `<table>${head(["agent", "weight w_i"])}${weights.map((w, i) => row([String(i), num(w)])).join("")}</table>`,
    `<p>Boosts b(s, a): one row per state s, one column per action a (as the environment numbers them).</p>`,
    `<table>${head(["state", ...Array.from({ length: actions }, (_, a) => `a = ${a}`)])}${boosts.map((r, s) => row([String(s), ...r.map(num)])).join("")}</table>`,
  ].join("\n");
}

export function reportPage(d: RunData): string {
  const r = d.result ?? {};
  const head = [
    d.command ? `<p><b>Command</b> <code>${esc(d.command)}</code></p>` : "",
    typeof r.problem === "string" ? `<p><b>Problem</b> <code>${esc(r.problem)}</code></p>` : "",
    typeof r.designer === "string" ? `<p><b>Designer</b> <code>${esc(r.designer)}</code></p>` : "",
    isEvaluation(r) ? `<p><b>Mechanism</b> <code>${esc(String(r.mechanism))}</code></p>` : "",
  ].join("\n");
  const spec = d.metrics ? curvesSpec(d.metrics) : null;
  // A run that is not a direct mechanism shows its own view in place of the explorer.
  const own = clockSection(r) || reproductionSection(r) || pricingSection(r);
  const spm = spmSection(r);
  const noExplorer = own !== "" || spm !== "";
  const body = [
    `<h1>${esc(d.title)}</h1>`,
    head,
    r.certificate || isEvaluation(r)
      ? "<h2>Certificate</h2>" + certificateSection(r)
      : own
        ? own
        : "<h2>Summary</h2>" + summarySection(r),
    participationSection((r.certificate ?? r) as Record<string, unknown>),
    benchmarksSection(r),
    paymentsSection(d),
    deviationsSection(d),
    amaSection(d),
    spm,
    spec ? `<h2>Learning curves</h2><div id="curves" class="chart"></div>` : "",
    d.svgs.length
      ? "<h2>Plots</h2>" +
        d.svgs
          .map((s) => `<figure>${s.svg}<figcaption>${esc(s.name)}</figcaption></figure>`)
          .join("\n")
      : "",
    noExplorer ? "" : "<h2>Mechanism explorer</h2>",
    noExplorer
      ? ""
      : d.explorer
        ? `<p class=note>Nodes are public histories the mechanism cannot tell apart. A history is written <code>[r→c]</code> per period: <code>r</code> lists every agent's report (agent 0 first, goods in order within an agent), <code>c</code> what each agent consumed. Grey rows are never played when everyone is truthful; off the truthful path, payments only matter to deviators.</p><div id="explorer"></div>`
        : `<p class=note>No explorer: ${esc(d.explorerNote ?? "no mechanism")}.</p>`,
  ].join("\n");
  const scripts = [
    spec ? chartScripts() : "",
    spec ? inlineJson("curves-spec", spec) : "",
    spec
      ? inlineScript(
          `vegaEmbed("#curves", JSON.parse(document.getElementById("curves-spec").textContent), {actions: false, renderer: "svg"}).catch(function (e) { document.getElementById("curves").textContent = "chart error: " + e.message; });`,
        )
      : "",
    d.explorer
      ? inlineJson("explorer-data", [
          { mechanism: "this run's mechanism", data: d.explorer },
          ...d.baselines.map((b) => ({ mechanism: `baseline: ${b.mechanism}`, data: b.data })),
        ])
      : "",
    d.explorer ? inlineScript(EXPLORER_SCRIPT) : "",
  ].join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(d.title)} — mechlab report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222}
code{background:#f3f3f3;padding:0 .25em;border-radius:3px;word-break:break-all}
table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top}
.tag{font-size:11px;color:#555;background:#eef;border-radius:3px;padding:0 .3em}.sub,.note{color:#555;font-size:13px}
details.node{margin:.15em 0 .15em 1em}details.node>summary{cursor:pointer}
tr.off{color:#999}
p.dev{background:#fde7cf;padding:.3em .5em;border-radius:3px}.flash>summary{outline:2px solid #e67e22}
figure{margin:.5em 0}figure svg{max-width:100%;height:auto}
</style></head><body>
${body}
${scripts}
</body></html>
`;
}
