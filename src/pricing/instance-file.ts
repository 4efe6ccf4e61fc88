// Instance files for `mechlab pricing --instance FILE.json`:
//   {"supplies": [B_1, …, B_m],
//    "agents": [{"options": [{"value": v, "consumption": [a_1, …]}, …], "count": k}
//             | {"distribution": [{"probability": p, "options": [...]}, …], "count": k}]}
// Every field is validated; an error names the field (e.g. agents[2].distribution[0].probability).
import { readFileSync } from "node:fs";
import { UsageError } from "../core/errors.js";
import type { AgentClass, PricingInstance, PricingOption, Request, SupportPoint } from "./model.js";

const PROB_TOLERANCE = 1e-9;

function fail(field: string, msg: string): never {
  throw new UsageError(field, msg);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function parseOptions(raw: unknown, m: number, field: string): Request {
  if (!Array.isArray(raw)) fail(field, "must be a list of options {value, consumption}");
  const options: PricingOption[] = raw.map((o, k) => {
    const f = `${field}[${k}]`;
    if (!isObject(o)) fail(f, "must be an object {value, consumption}");
    const v = o.value;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      fail(`${f}.value`, `must be a finite number ≥ 0, got ${JSON.stringify(v)}`);
    const a = o.consumption;
    if (!Array.isArray(a)) fail(`${f}.consumption`, `must be a list of ${m} numbers in [0, 1]`);
    if (a.length !== m)
      fail(`${f}.consumption`, `has ${a.length} entries; the instance has m = ${m} resources`);
    a.forEach((x, j) => {
      if (typeof x !== "number" || !(x >= 0 && x <= 1))
        fail(`${f}.consumption[${j}]`, `must be a number in [0, 1], got ${JSON.stringify(x)}`);
    });
    return { value: v, consumption: Float64Array.from(a as number[]) };
  });
  return { options };
}

/** Validate a parsed JSON document into an instance. */
export function parseInstance(doc: unknown, name = "instance"): PricingInstance {
  if (!isObject(doc)) fail("instance", "must be a JSON object {supplies, agents}");
  const s = doc.supplies;
  if (!Array.isArray(s) || s.length === 0)
    fail("supplies", "must be a non-empty list of supplies ≥ 0");
  s.forEach((x, j) => {
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0)
      fail(`supplies[${j}]`, `must be a finite number ≥ 0, got ${JSON.stringify(x)}`);
  });
  const m = s.length;
  const agents = doc.agents;
  if (!Array.isArray(agents) || agents.length === 0)
    fail("agents", "must be a non-empty list of agents");
  const classes: AgentClass[] = agents.map((a, i) => {
    const f = `agents[${i}]`;
    if (!isObject(a)) fail(f, 'must be an object with "options" or "distribution"');
    const count = a.count ?? 1;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > 1e7)
      fail(`${f}.count`, `must be an integer from 1 to 10000000, got ${JSON.stringify(count)}`);
    if ((a.options === undefined) === (a.distribution === undefined))
      fail(f, 'must have exactly one of "options" and "distribution"');
    let support: SupportPoint[];
    if (a.options !== undefined) {
      support = [{ probability: 1, request: parseOptions(a.options, m, `${f}.options`) }];
    } else {
      const d = a.distribution;
      if (!Array.isArray(d) || d.length === 0)
        fail(`${f}.distribution`, "must be a non-empty list of {probability, options}");
      support = d.map((p, k) => {
        const g = `${f}.distribution[${k}]`;
        if (!isObject(p)) fail(g, "must be an object {probability, options}");
        const pr = p.probability;
        if (typeof pr !== "number" || !(pr >= 0 && pr <= 1))
          fail(`${g}.probability`, `must be a number in [0, 1], got ${JSON.stringify(pr)}`);
        return { probability: pr, request: parseOptions(p.options, m, `${g}.options`) };
      });
      const total = support.reduce((t, p) => t + p.probability, 0);
      if (Math.abs(total - 1) > PROB_TOLERANCE)
        fail(`${f}.distribution`, `probabilities sum to ${total}; they must sum to 1`);
    }
    return { count, support };
  });
  return { name, supplies: Float64Array.from(s as number[]), classes };
}

/** Read and validate an instance file. */
export function loadInstanceFile(path: string, field = "--instance"): PricingInstance {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    fail(field, `cannot read "${path}"`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    fail(field, `"${path}" is not valid JSON (${(e as Error).message})`);
  }
  return parseInstance(doc, path.replace(/^.*\//, "").replace(/\.json$/, ""));
}
