import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./cli-process.js";

const cont = "bandit-auction(values=continuous,horizon=2)";

describe("the fresh adversary's update on the command line", () => {
  it("evaluate --adversary-update npg reaches the certificate", async () => {
    const args = ["--problem", cont, "--mechanism", "myerson", "--mode", "sampled"];
    const small = ["--samples", "200", "--adversary", "2", "--adversary-batch", "8", "--json"];
    const npg = await cli("evaluate", ...args, ...small, "--adversary-update", "npg");
    expect(npg.code).toBe(0);
    expect(JSON.parse(npg.out).exploitabilityNote).toMatch(
      /REINFORCE with natural-gradient steps, 2 iterations × 8/,
    );
    const adam = await cli("evaluate", ...args, ...small);
    expect(adam.code).toBe(0);
    expect(JSON.parse(adam.out).exploitabilityNote).toMatch(/REINFORCE, 2 iterations × 8/);
  });

  it("bad values exit 2 naming the flag and what is allowed; nothing written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-cu-"));
    const out = join(dir, "run");
    const cases: [string[], RegExp][] = [
      [
        ["evaluate", "--problem", cont, "--mechanism", "myerson", "--adversary-update", "sgd"],
        /^mechlab: --adversary-update: "sgd" is not allowed; allowed: adam, npg$/,
      ],
      [
        [
          "evaluate",
          "--problem",
          cont,
          "--mechanism",
          "myerson",
          "--adversary-policy",
          "mlp",
        ].concat(["--adversary-update", "npg"]),
        /^mechlab: --adversary-update: npg needs --adversary-policy recurrent/,
      ],
      [
        ["design", "--problem", cont, "--designer", "penalty", "--certify-update", "lbfgs"],
        /^mechlab: --certify-update: .*adam, npg/,
      ],
      [
        ["design", "--designer", "penalty", "--certify-update", "npg"],
        /^mechlab: --certify-update: .*continuous types only/,
      ],
    ];
    for (const [args, msg] of cases) {
      const r = await cli(...args, args[0] === "design" ? "--out" : "--out-dir", out);
      expect(r.code).toBe(2);
      expect(r.err.trim()).toMatch(msg);
      expect(existsSync(out)).toBe(false);
    }
  });
});
