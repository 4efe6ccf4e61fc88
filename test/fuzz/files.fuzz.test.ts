// Fuzz: saved mechanism files and bilevel checkpoints, random mutations of valid ones. A
// mechanism file goes through `mechlab evaluate --mechanism FILE` in-process; a checkpoint
// through the reader `--resume` uses. Each must be accepted or refused in one line.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { bilevelConfig } from "../../src/designers/exact-game/bilevel-types.js";
import { checkpointJson, readCheckpoint } from "../../src/designers/exact-game/checkpoint.js";
import { lpOptimum } from "../../src/designers/lp-optimum.js";
import { buildMechanism } from "../../src/mechanisms/registry.js";
import { saveMechanism } from "../../src/mechanisms/saved.js";
import { buildProblem } from "../../src/problems/registry.js";
import { cli, expectClean, expectNoPartial, expectUsageOrOk, nasty } from "./harness.js";

const PROBLEM = "bandit-auction(horizon=2)";
const dir = mkdtempSync(join(tmpdir(), "mechlab-fuzz-files-"));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Random JSON values to splice in. */
const jsonValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1e308, 0.5, "", "x", [], {}, [1, 2], { a: 1 }),
  nasty as fc.Arbitrary<Json>,
  fc.double() as fc.Arbitrary<Json>,
);

/** One mutation of a JSON tree at a random path: delete, replace, retype or add a key. */
function mutate(root: Json, picks: number[], replacement: Json, op: number): Json {
  const copy = structuredClone(root) as Json;
  let node: Json = copy;
  for (const pick of picks) {
    if (node === null || typeof node !== "object") break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[pick % keys.length];
    const child = (node as Record<string, Json>)[key];
    const last = child === null || typeof child !== "object" || pick % 3 === 0;
    if (last) {
      const obj = node as Record<string, Json>;
      if (op === 0) delete obj[key];
      else if (op === 1) obj[key] = replacement;
      else if (op === 2) obj[key] = typeof child === "number" ? String(child) : 7;
      else obj[`${key}_extra`] = replacement;
      return copy;
    }
    node = child;
  }
  return copy;
}

/** A text-level mutation: truncate, or flip one character. */
const textMutation = fc.tuple(
  fc.nat(),
  fc.nat({ max: 2 }),
  fc.string({ minLength: 1, maxLength: 1 }),
);

const mutations = (valid: Json) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), jsonValue, fc.nat({ max: 3 }))
        .map(([picks, v, op]) => JSON.stringify(mutate(valid, picks, v, op))),
    },
    {
      weight: 1,
      arbitrary: textMutation.map(([at, op, ch]) => {
        const text = JSON.stringify(valid);
        const k = at % text.length;
        return op === 0 ? text.slice(0, k) : text.slice(0, k) + ch + text.slice(k + 1);
      }),
    },
  );

let valid: Json[] = [];

beforeAll(async () => {
  const problem = buildProblem(PROBLEM);
  const lp = await lpOptimum(problem);
  valid = [
    saveMechanism(lp.mechanism, problem, 0),
    saveMechanism(buildMechanism("second-price(reserve=1)", problem), problem, 1),
  ] as unknown as Json[];
});

describe("fuzz: files", () => {
  it("mechanism files, mutated: evaluate exits 0 or 2 in one line, writes no partial file (400 cases)", async () => {
    let k = 0;
    const seen = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 1 }), fc.nat(), async (which, seed) => {
        const text = fc.sample(mutations(valid[which]), { numRuns: 1, seed })[0];
        const file = join(dir, `m${k++}.json`);
        writeFileSync(file, text);
        const out = join(dir, `r${k}.json`);
        const argv = ["evaluate", "--problem", PROBLEM, "--mechanism", file, "--mode", "exact"];
        const o = await cli([...argv, "--out", out, "--json"]);
        expectClean(o, `${argv.join(" ")}\n${text}`);
        seen[o.code === 0 ? "ok" : "refused"]++;
        expectNoPartial(dir);
      }),
      { numRuns: 400, seed: 22 },
    );
    expect(seen.refused).toBeGreaterThan(100);
    expect(seen.ok).toBeGreaterThan(10);
  });

  it("checkpoints, mutated: read or refused in one line (400 cases)", () => {
    const problem = buildProblem(PROBLEM);
    const cfg = bilevelConfig("bilevel", 3);
    const x = new Float64Array(6).fill(1 / 3);
    const good = JSON.parse(
      checkpointJson({
        problem: problem.name,
        config: cfg,
        nextStep: 2,
        x,
        adam: { m1: new Float64Array(6), m2: new Float64Array(6), t: 2 },
        history: [],
        best: undefined,
        fallback: { step: 1, value: 1, x, p: new Float64Array(4) },
      }),
    ) as Json;
    const file = join(dir, "c.json");
    writeFileSync(file, JSON.stringify(good));
    expect(
      expectUsageOrOk(
        () => readCheckpoint(readFileSync(file, "utf8"), problem.name, cfg, 6, 4),
        "valid",
      ),
    ).toBe("ok");
    fc.assert(
      fc.property(mutations(good), (text) => {
        writeFileSync(file, text);
        expectUsageOrOk(
          () => readCheckpoint(readFileSync(file, "utf8"), problem.name, cfg, 6, 4),
          `checkpoint ${text}`,
        );
      }),
      { numRuns: 400, seed: 23 },
    );
  });
});
