import { describe, expect, it } from "vitest";
import { table } from "./table.js";

describe("table", () => {
  it("aligns columns and prints no negative zero, whoever formatted the cell", () => {
    const t = table(
      [
        ["a", (-1e-9).toFixed(4), "-0.0000 ± 0.0012", -0],
        ["bb", "-0.0001", "-2.5000", "1e-0"],
      ],
      ["name", "x", "y", "z"],
    );
    expect(t.split("\n")).toEqual([
      "name        x                y     z",
      "----  -------  ---------------  ----",
      "a      0.0000  0.0000 ± 0.0012     0",
      "bb    -0.0001          -2.5000  1e-0",
    ]);
  });
});
