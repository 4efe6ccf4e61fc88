// An AMA run's report shows its weights and boosts, boosts laid out by state and action.
import { describe, expect, it } from "vitest";
import { runReportHtml } from "./run-report.js";

describe("report of an AMA run", () => {
  it("tables the weights and the boosts b(s, a), one row per state", () => {
    const mechanism = {
      kind: "dynamic-affine-maximizer",
      environment: "sequential-sales(agents=2,items=1)",
      designer: "smooth",
      weights: [1, 2],
      boosts: [0.5, -0.25, 0, 1, 2, -0],
      actions: 3,
    };
    const html = runReportHtml(
      {
        "result.json": JSON.stringify({ environment: mechanism.environment, ama: 1 }),
        "mechanism.json": JSON.stringify(mechanism),
      },
      "ama run",
    );
    const section = html.slice(html.indexOf("<h2>Affine maximizer</h2>"));
    expect(section).toContain("<tr><td>1</td><td>2.0000</td></tr>");
    expect(section).toContain("<th>a = 2</th></tr>");
    expect(section).not.toContain("<th>a = 3</th>");
    expect(section).toContain(
      "<tr><td>0</td><td>0.5000</td><td>-0.2500</td><td>0.0000</td></tr><tr><td>1</td><td>1.0000</td><td>2.0000</td><td>0.0000</td></tr>",
    );
    expect(html).not.toContain('id="explorer-data"');
  });
});
