// Fuzz: CLI flag combinations, in-process through runCli. `evaluate`, `check` and `list` run
// for real on small problems; for the long-running commands (design, design-grid, ama, spm,
// reproduce, benchmark, start) every case carries one flag that commander must refuse while
// parsing, so the case stays fast and exercises every option parser before it.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadCommands } from "../../src/cli/commands/index.js";
import { cli, edgeNumber, expectClean, expectNoPartial, nasty, typo } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "mechlab-fuzz-flags-"));
const existing = join(dir, "existing.json");
writeFileSync(existing, "{}\n");

/** Every command's options, read from the registered commander definitions. */
const program = new Command();
for (const c of await loadCommands()) c.register(program);
const optionsOf = (name: string) =>
  program.commands
    .find((c) => c.name() === name)!
    .options.map((o) => ({ flag: o.long!, takesValue: o.required || o.optional }));

const smallProblem = fc.oneof(
  fc.constantFrom(
    "bandit-auction(horizon=1)",
    "bandit-auction(horizon=2)",
    "bandit-auction(horizon=2,discount=1)",
    "bandit-auction(horizon=2,grid=1;2,prior=1;3)",
    "bandit-auction(values=continuous,horizon=2)",
    "bandit-auction(items=2,horizon=1)",
  ),
  typo("bandit-auction(horizon=2)"),
  nasty,
);
const mechanism = fc.oneof(
  fc.constantFrom("second-price", "second-price(reserve=1.5)", "myerson", "first-price"),
  fc.constantFrom("posted-price(price=2)", "tabular", "per-good", "neural(width=4)"),
  typo("second-price"),
  nasty,
);

/** `evaluate` flag values: valid mostly, and small so that valid runs are quick. */
const evaluateFlag = fc.oneof(
  fc.tuple(fc.constant("--mode"), fc.oneof(fc.constantFrom("exact", "sampled", "auto"), nasty)),
  fc.tuple(fc.constant("--samples"), fc.oneof(fc.constantFrom("10", "20", "50"), edgeNumber())),
  fc.tuple(fc.constant("--adversary"), fc.oneof(fc.constantFrom("0", "0", "1"), edgeNumber(-1, 1))),
  fc.tuple(fc.constant("--adversary-batch"), fc.oneof(fc.constantFrom("2", "4"), edgeNumber(0, 3))),
  fc.tuple(fc.constant("--adversary-policy"), fc.oneof(fc.constantFrom("mlp", "recurrent"), nasty)),
  fc.tuple(fc.constant("--seed"), edgeNumber(0, 5)),
  fc.tuple(fc.constant("--out"), fc.constantFrom("fresh", "existing", "through-file")),
  fc.tuple(fc.constantFrom("--json", "--force", "--debug")),
  fc.tuple(fc.constantFrom("--bogus", "--mod", "-x", "--json=1")),
);

describe("fuzz: CLI flags", () => {
  it("evaluate, check and list with random flags: exit 0 or 2, one line, no partial file (450 cases)", async () => {
    let k = 0;
    const seen = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          {
            weight: 6,
            arbitrary: fc.constantFrom("evaluate", "evaluate", "evaluate", "check", "list"),
          },
          { weight: 1, arbitrary: typo("evaluate") },
        ),
        smallProblem,
        mechanism,
        fc.array(evaluateFlag, { maxLength: 5 }),
        fc.boolean(),
        async (command, problem, mech, flags, withMechanism) => {
          const argv = [command, "--problem", problem];
          if (command === "evaluate" && withMechanism) argv.push("--mechanism", mech);
          let out: string | undefined;
          for (const [flag, v] of flags) {
            if (command !== "evaluate" && flag !== "--bogus") continue;
            if (flag === "--out") {
              out =
                v === "existing"
                  ? existing
                  : v === "through-file"
                    ? join(existing, "x.json")
                    : join(dir, `out${k++}.json`);
              argv.push(flag, out);
            } else argv.push(flag, ...(v === undefined ? [] : [v]));
          }
          if (command === "list") argv.splice(1, 2);
          const o = await cli(argv);
          expectClean(o, argv.join(" "));
          seen[o.code === 0 ? "ok" : "refused"]++;
          if (o.code !== 0 && out && out !== existing) expect(existsSync(out)).toBe(false);
          expectNoPartial(dir);
        },
      ),
      { numRuns: 450, seed: 24 },
    );
    expect(seen.ok).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(50);
  });

  const LONG = ["design", "design-grid", "ama", "spm", "reproduce", "benchmark", "start"];
  it("long-running commands: every option parser, then a refusal by commander (600 cases)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...LONG)
          .chain((name) =>
            fc.tuple(
              fc.constant(name),
              fc.array(
                fc.tuple(fc.constantFrom(...optionsOf(name)), fc.oneof(edgeNumber(), nasty)),
                { maxLength: 5 },
              ),
              fc.constantFrom(
                ["--no-such-option"],
                ["--seed", "minus-one"],
                ["--seed", "-1"],
                ["--json", "--seed"],
                ["--seed", "2147483648"],
              ),
            ),
          ),
        async ([name, opts, poison]) => {
          const argv = [name];
          // A positional argument for reproduce, a value for every option that takes one.
          if (name === "reproduce") argv.push("ama-table-1");
          for (const [o, v] of opts) argv.push(o.flag, ...(o.takesValue ? [v] : []));
          argv.push(...poison);
          const o = await cli(argv);
          expectClean(o, argv.join(" "));
          expect(o.code, argv.join(" ")).toBe(2);
        },
      ),
      { numRuns: 600, seed: 25 },
    );
  });
});
