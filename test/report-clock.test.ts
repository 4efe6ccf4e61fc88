// `mechlab clock --out DIR`: a run directory whose report.html tables the clock rounds.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cli-process.js";

const dir = mkdtempSync(join(tmpdir(), "mechlab-clock-report-"));

/** The rows of the transcript table that follows `<h4>Transcript</h4>`. */
function transcriptRows(html: string): string[] {
  const from = html.indexOf("<h4>Transcript</h4>");
  const table = html.slice(from, html.indexOf("</table>", from));
  return table.split("\n").filter((l) => l.startsWith("<tr><td>"));
}

describe("clock --out", () => {
  it("k-uniform(k=2), values 1..4: every round tabled, the drop-outs and the allocation", async () => {
    const inst = join(dir, "one.json");
    writeFileSync(inst, JSON.stringify({ values: [1, 2, 3, 4], constraint: "k-uniform(k=2)" }));
    const out = join(dir, "run");
    const r = await cli("clock", "--instance", inst, "--auction", "no-advice", "--out", out);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["report.html", "result.json"]);
    const run = JSON.parse(readFileSync(join(out, "result.json"), "utf8")).instances[0];
    expect(run.winners).toEqual([2, 3]);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("final allocation {2, 3}, welfare 7.0000 against the optimum 7.0000");
    const rows = transcriptRows(html);
    expect(rows).toHaveLength(run.rounds);
    // The rounds where bidders 0 and 1 drop out: their price passes their value there.
    const quits = rows.filter((l) => l.includes(" quits"));
    expect(quits).toHaveLength(2);
    for (const [bidder, value] of [
      [0, 1],
      [1, 2],
    ]) {
      const k = run.transcript.rounds.findIndex((x: { quits: number[] }) =>
        x.quits.includes(bidder),
      );
      const cells = rows[k].split("</td><td>");
      expect(cells[0]).toBe(`<tr><td>${k + 1}`);
      expect(cells[1 + bidder]).toMatch(/^<b>(\d+\.\d+)<\/b> quits$/);
      expect(Number(cells[1 + bidder].match(/\d+\.\d+/)![0])).toBeGreaterThan(value);
      expect(cells.at(-1)).toBe(`${bidder}</td></tr>`);
    }
    // The winners pay their last clock price.
    const price = run.prices[3].toFixed(4);
    expect(html).toContain(
      `<tr><td>3</td><td>4.0000</td><td></td><td>${price}</td><td>wins</td></tr>`,
    );
    expect(html).not.toContain("<h2>Mechanism explorer</h2>");
  }, 60_000);

  it("a long transcript keeps its first, last and drop-out rounds", async () => {
    const inst = join(dir, "long.json");
    writeFileSync(inst, JSON.stringify({ values: [1, 2, 3, 4], constraint: "k-uniform(k=2)" }));
    const out = join(dir, "long");
    const auction = "no-advice(step=0.01)";
    expect((await cli("clock", "--instance", inst, "--auction", auction, "--out", out)).code).toBe(
      0,
    );
    const run = JSON.parse(readFileSync(join(out, "result.json"), "utf8")).instances[0];
    expect(run.rounds).toBeGreaterThan(400);
    const html = readFileSync(join(out, "report.html"), "utf8");
    const rows = transcriptRows(html);
    expect(rows).toHaveLength(40 + 2 - (run.transcript.rounds.at(-1).quits.length ? 1 : 0));
    expect(rows.filter((l) => l.includes(" quits"))).toHaveLength(2);
    expect(html).toContain(`${run.rounds - rows.length} rounds in which nobody drops out`);
  }, 60_000);
});
