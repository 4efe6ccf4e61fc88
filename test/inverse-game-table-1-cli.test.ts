import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./cli-process.js";

describe("mechlab reproduce inverse-game-table-1 --methods", () => {
  it("refuses an unknown method with exit 2, one line naming the field and the allowed methods, and writes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "igt1-"));
    const md = join(dir, "t.md");
    const r = await cli(
      "reproduce",
      "inverse-game-table-1",
      "--methods",
      "bilevel,sgda",
      "--markdown",
      md,
    );
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(
      /^mechlab: --methods: "sgda" is not allowed for inverse-game-table-1;.* allowed: bilevel, handicap, npg-penalty, npg-acceptance, penalty, acceptance$/,
    );
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(existsSync(md)).toBe(false);
  }, 60_000);
});
