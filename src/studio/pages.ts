// The studio's two pages: the index of runs (pick some to compare) and the comparison.
import { escapeHtml as esc } from "../report/html/assets.js";
import type { RunSummary } from "./runs-index.js";

const STYLE = `<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
code{word-break:break-all}.running{color:#b35c00}.cmp{display:flex;gap:1em}.cmp iframe{flex:1;height:80vh;border:1px solid #ccc}
</style>`;

const enc = (id: string) => id.split("/").map(encodeURIComponent).join("/");

function row(r: RunSummary, pick: boolean): string {
  const link =
    r.status === "complete"
      ? `<a href="/runs/${enc(r.id)}/report.html">${esc(r.id)}</a>`
      : esc(r.id);
  const status =
    r.status === "running"
      ? `<span class=running data-live="${esc(r.id)}">running</span>`
      : r.status === "stopped"
        ? "stopped (no result)"
        : "done";
  return `<tr>${pick ? `<td><input type=checkbox name=run value="${esc(r.id)}"></td>` : ""}<td>${link}</td><td>${status}</td><td><code>${esc(r.problem ?? "")}</code></td><td><code>${esc(r.designer ?? "")}</code></td><td>${esc(r.revenue ?? "")}</td><td>${esc(r.exploitability ?? "")}</td><td>${esc(r.modified.replace("T", " ").slice(0, 19))}</td></tr>`;
}

const HEAD =
  "<th>run</th><th>status</th><th>problem</th><th>designer / mechanism</th><th>revenue</th><th>exploitability</th><th>modified (UTC)</th>";

export function indexPage(runs: RunSummary[]): string {
  const live = `<script>
document.querySelectorAll("[data-live]").forEach(function (el) {
  var es = new EventSource("/events/" + el.dataset.live.split("/").map(encodeURIComponent).join("/"));
  var n = 0;
  es.addEventListener("row", function (e) {
    n++;
    var r = JSON.parse(e.data), last = "step " + r.step + (r.phase ? " (" + r.phase + ")" : "");
    for (var k in r) if (k !== "step" && k !== "phase") last += ", " + k + " " + r[k];
    el.textContent = "running: " + n + " steps, last " + last;
  });
  es.addEventListener("done", function (e) { el.textContent = e.data + " (reload)"; es.close(); });
});
</script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>mechlab studio</title>${STYLE}</head><body>
<h1>mechlab studio</h1>
<p>${runs.length} run(s). Tick two or more and compare them side by side.</p>
<form action="/compare" method="get"><table><tr><th></th>${HEAD}</tr>
${runs.map((r) => row(r, true)).join("\n")}
</table><p><button type=submit>compare</button></p></form>
${live}</body></html>`;
}

export function comparePage(runs: RunSummary[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>compare — mechlab studio</title>${STYLE}</head><body>
<p><a href="/">← all runs</a></p><h1>Comparison</h1>
<table><tr>${HEAD}</tr>${runs.map((r) => row(r, false)).join("\n")}</table>
<div class=cmp>${runs.map((r) => `<iframe title="${esc(r.id)}" src="/runs/${enc(r.id)}/report.html"></iframe>`).join("")}</div>
</body></html>`;
}
