// Fuzz: problem and mechanism names with parameters, through the CLI's resolve layer (the code
// every command uses for --problem and --mechanism). Each case builds or is refused with a
// one-line UsageError; small problems that build are also evaluated through runCli.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveMechanism, resolveProblem } from "../../src/cli/resolve.js";
import { parseName, resolveParams, type ParamSpec, type ParamSpecs } from "../../src/core/spec.js";
import { exactEvaluationSize } from "../../src/evaluation/exact-size.js";
import { mechanismEntry, mechanisms } from "../../src/mechanisms/registry.js";
import { problems } from "../../src/problems/registry.js";
import { cli, edgeNumber, expectClean, expectUsageOrOk, nasty, typo } from "./harness.js";

/** Mechanisms whose construction by name runs a long computation (fee schedules). */
const SLOW_TO_BUILD = new Set(["handicap-team"]);
/** Mechanisms whose every outcome is a network forward: exact evaluation is slow per node. */
const SLOW_TO_EVALUATE = new Set(["handicap-team", "neural"]);

const value = (spec: ParamSpec | undefined): fc.Arbitrary<string> => {
  if (!spec) return fc.oneof(edgeNumber(), nasty);
  switch (spec.type) {
    case "number": {
      // Valid and small most of the time, so that what builds also evaluates quickly.
      const lo = spec.min ?? 0;
      const hi = Math.min(spec.max ?? lo + 3, lo + 3);
      const valid = spec.integer
        ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
        : fc.double({ min: lo, max: hi, noNaN: true });
      return fc.oneof(
        {
          weight: 8,
          arbitrary: valid
            .filter((v) => !(spec.minExclusive && v === lo) && !(spec.maxExclusive && v === hi))
            .map((v) => String(spec.integer ? v : Number(v.toFixed(3)))),
        },
        { weight: 2, arbitrary: edgeNumber(spec.min ?? -2, Math.min(spec.max ?? 6, 6)) },
        { weight: 1, arbitrary: edgeNumber(spec.min ?? -2, spec.max ?? 60) },
        { weight: 1, arbitrary: nasty },
      );
    }
    case "enum":
      return fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...spec.values) },
        { weight: 1, arbitrary: typo(spec.values[0]) },
        { weight: 1, arbitrary: nasty },
      );
    case "boolean":
      return fc.oneof(fc.constantFrom("true", "false", "1", "0", "yes"), nasty);
    case "list":
      return fc.oneof(
        fc.array(edgeNumber(0, 5), { minLength: 0, maxLength: 4 }).map((a) => a.join(";")),
        nasty,
      );
  }
};

/** `name`, `name(k=v,…)` or a broken variant, from a registry's names and parameter specs. */
const nameText = (entries: { name: string; params: ParamSpecs }[]): fc.Arbitrary<string> =>
  fc.constantFrom(...entries).chain((e) => {
    const keys = Object.keys(e.params);
    const key = keys.length
      ? fc.oneof(
          { weight: 12, arbitrary: fc.constantFrom(...keys) },
          { weight: 1, arbitrary: typo(keys[0]) },
          { weight: 1, arbitrary: nasty },
        )
      : fc.oneof(fc.constant("x"), nasty);
    const pair = key.chain((k) => value(e.params[k]).map((v) => `${k}=${v}`));
    const name = fc.oneof(
      { weight: 12, arbitrary: fc.constant(e.name) },
      { weight: 1, arbitrary: typo(e.name) },
    );
    const args = fc.array(pair, { maxLength: 3 });
    return fc.tuple(name, args, fc.nat({ max: 19 })).map(([n, a, shape]) =>
      shape === 0
        ? `${n}(${a.join(",")}` // unclosed
        : shape === 1
          ? `${n}(${a.join(";")})` // wrong separator
          : a.length
            ? `${n}(${a.join(",")})`
            : n,
    );
  });

const problemText = nameText(problems.list());
const mechanismText = nameText(mechanisms);

describe("fuzz: names with parameters", () => {
  it("problems: built or refused in one line (600 cases)", () => {
    const seen = { ok: 0, usage: 0 };
    fc.assert(
      fc.property(problemText, (text) => {
        seen[expectUsageOrOk(() => resolveProblem(text), `--problem ${text}`)]++;
      }),
      { numRuns: 600, seed: 19 },
    );
    // Both outcomes are exercised, not only refusals.
    expect(seen.ok).toBeGreaterThan(60);
    expect(seen.usage).toBeGreaterThan(60);
  });

  it("mechanisms on problems: built or refused in one line (700 cases)", () => {
    const seen = { ok: 0, usage: 0 };
    fc.assert(
      fc.property(problemText, mechanismText, (p, m) => {
        const what = `--problem ${p} --mechanism ${m}`;
        let problem;
        try {
          problem = resolveProblem(p);
        } catch {
          return; // covered above
        }
        let slow = false;
        try {
          slow = SLOW_TO_BUILD.has(parseName(m, "--mechanism").name);
        } catch {
          /* unparsable: resolveMechanism must refuse it */
        }
        if (slow) {
          // Validate the parameters only; building runs the fee-schedule simulation.
          expectUsageOrOk(() => {
            const parsed = parseName(m, "--mechanism");
            resolveParams(parsed.name, mechanismEntry(parsed.name).params, parsed.args);
          }, what);
          return;
        }
        seen[expectUsageOrOk(() => resolveMechanism(m, problem), what)]++;
      }),
      { numRuns: 700, seed: 20 },
    );
    expect(seen.ok).toBeGreaterThan(50);
    expect(seen.usage).toBeGreaterThan(50);
  });

  it("small problems that build evaluate through the CLI: exit 0 or 2 (300 cases)", async () => {
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(problemText, mechanismText, async (p, m) => {
        try {
          const problem = resolveProblem(p);
          if (SLOW_TO_EVALUATE.has(parseName(m, "m").name)) return;
          const mech = resolveMechanism(m, problem);
          if (exactEvaluationSize(problem, mech).work > 1e5) return;
        } catch {
          return;
        }
        const argv = ["evaluate", "--problem", p, "--mechanism", m, "--mode", "exact", "--json"];
        const o = await cli(argv);
        expectClean(o, argv.join(" "));
        ran++;
      }),
      { numRuns: 300, seed: 21 },
    );
    expect(ran).toBeGreaterThan(8);
  });
});
