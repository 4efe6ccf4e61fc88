// `mechlab reproduce NAME --out-dir DIR`: a run directory whose report.html shows the table.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cli-process.js";
import { markdownHtml } from "../src/report/html/reproduction-view.js";

describe("reproduce --out-dir", () => {
  it("ama-table-1, row 1, smooth: result.json and the reproduced table in report.html", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "mechlab-repro-")), "run");
    const args = ["reproduce", "ama-table-1", "--rows", "1", "--methods", "smooth"];
    const r = await cli(...args, "--out-dir", out);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["report.html", "result.json"]);
    const saved = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
    expect(saved.format).toBe("mechlab.reproduction");
    expect(saved.table).toBe(r.out.trimEnd());
    const smooth = saved.result.rows[0].cells.smooth.value;
    const html = readFileSync(join(out, "report.html"), "utf8");
    const from = html.indexOf("<h2>Reproduced: ama-table-1</h2>");
    expect(from).toBeGreaterThan(0);
    const section = html.slice(from, html.indexOf("</table>", from));
    expect(section).toContain(
      "<tr><th>n</th><th>m</th><th>VCG ours</th><th>VCG paper</th><th>smooth ours</th>",
    );
    // The one row: n = m = 2, our smooth revenue as measured, the paper's 0.4893.
    const row = section.split("\n").filter((l) => l.startsWith("<tr><td>"));
    expect(row).toHaveLength(1);
    const cells = row[0].replace(/^<tr><td>|<\/td><\/tr>$/g, "").split("</td><td>");
    expect(cells.slice(0, 2)).toEqual(["2", "2"]);
    expect(cells[4]).toBe(`${smooth.value.toFixed(4)} ± ${smooth.stderr.toFixed(4)}`);
    expect(cells[5]).toBe("0.4893");
  }, 60_000);

  it("markdown: separator rows dropped, text escaped, paragraphs and headings kept", () => {
    const html = markdownHtml("# T\n\na <b>\n\n| x | y |\n| --- | :-: |\n| 1 | <2> |\nend");
    expect(html).toBe(
      "<h3>T</h3>\n<p>a &#60;b&#62;</p>\n<table><tr><th>x</th><th>y</th></tr>\n<tr><td>1</td><td>&#60;2&#62;</td></tr></table>\n<p>end</p>",
    );
  });
});
