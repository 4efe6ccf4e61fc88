// The checkpoint file every designer with `--resume` writes: one JSON object with a format name,
// a version, the problem and the designer configuration it belongs to, and the designer's own
// fields. Typed arrays and non-finite numbers survive the round trip exactly (tagged objects),
// so that a resumed run continues bit-identically; a checkpoint only resumes the same problem
// and designer configuration.
import { UsageError } from "../core/errors.js";
import { namesProblem } from "../problems/registry.js";

export interface CheckpointKind {
  /** e.g. "mechlab.bilevel-checkpoint". */
  format: string;
  version: number;
  /** How the kind is named in messages ("a bilevel checkpoint"). */
  noun: string;
}

const FIELD = "--resume";
const WHERE = "the checkpoint";

// Tagged encodings; everything else is plain JSON.
function replacer(_key: string, v: unknown): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) return { $num: String(v) };
  if (v instanceof Float32Array) return { $f32: Array.from(v) };
  if (v instanceof Float64Array) return { $f64: Array.from(v) };
  return v;
}

function reviver(_key: string, v: unknown): unknown {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== 1) return v;
  const numbers = (a: unknown, tag: string) => {
    if (!Array.isArray(a) || a.some((x) => typeof x !== "number"))
      throw new UsageError(FIELD, `${WHERE}: ${tag} must hold numbers`);
    return a as number[];
  };
  if (keys[0] === "$f32") return Float32Array.from(numbers(o.$f32, "$f32"));
  if (keys[0] === "$f64") return Float64Array.from(numbers(o.$f64, "$f64"));
  if (keys[0] === "$num") {
    const x = Number(o.$num);
    if (Number.isFinite(x) || !["NaN", "Infinity", "-Infinity"].includes(String(o.$num)))
      throw new UsageError(FIELD, `${WHERE}: $num must be NaN, Infinity or -Infinity`);
    return x;
  }
  return v;
}

/** The checkpoint's text: header first, then the designer's fields (`body`). */
export function checkpointText(
  kind: CheckpointKind,
  problem: string,
  config: unknown,
  body: Record<string, unknown>,
): string {
  return JSON.stringify(
    { format: kind.format, version: kind.version, problem, config, ...body },
    replacer,
  );
}

/**
 * Parse a checkpoint and check its header: format, version, problem and configuration
 * (`sameConfig(saved)` says whether the saved configuration is the one resumed with). Returns the
 * whole object with typed arrays and non-finite numbers restored.
 */
export function parseCheckpoint(
  text: string,
  kind: CheckpointKind,
  problem: string,
  sameConfig: (saved: unknown) => boolean,
): Record<string, unknown> {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text, reviver) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(FIELD, `cannot parse ${WHERE}: ${(e as Error).message}`);
  }
  if (o === null || typeof o !== "object" || Array.isArray(o))
    throw new UsageError(FIELD, `${WHERE} is not a JSON object`);
  if (o.format !== kind.format)
    throw new UsageError(FIELD, `${WHERE} is not ${kind.noun} (format ${String(o.format)})`);
  if (o.version !== kind.version)
    throw new UsageError(
      FIELD,
      `${WHERE} has checkpoint version ${String(o.version)}; this mechlab reads version ${kind.version}`,
    );
  // Checkpoints written before canonical names dropped non-applying parameters carry the long
  // name; namesProblem matches both.
  if (o.problem !== problem && !namesProblem(o.problem, problem))
    throw new UsageError(FIELD, `${WHERE} is for problem ${String(o.problem)}, not ${problem}`);
  if (!sameConfig(o.config))
    throw new UsageError(
      FIELD,
      `${WHERE} was made with designer ${JSON.stringify(o.config)}; resume with the same designer parameters`,
    );
  return o;
}

/** A field of a parsed checkpoint that must be a Float32/Float64 array of `n` numbers. */
export function floatsField<A extends Float32Array | Float64Array>(
  v: unknown,
  n: number,
  name: string,
  kind: { new (n: number): A; from(a: ArrayLike<number>): A },
): A {
  // Plain arrays are accepted as well (checkpoints written before typed arrays were tagged).
  const ok =
    (v instanceof Float32Array || v instanceof Float64Array || Array.isArray(v)) &&
    (v as ArrayLike<unknown>).length === n &&
    Array.from(v as ArrayLike<unknown>).every((x) => typeof x === "number");
  if (!ok) throw new UsageError(FIELD, `${WHERE}: ${name} must hold ${n} numbers`);
  return kind.from(v as ArrayLike<number>);
}
