// Resolving CLI arguments into library objects, with errors that name the flag.
import { existsSync } from "node:fs";
import { UsageError } from "../core/errors.js";
import { unknownValue } from "../core/suggest.js";
import { buildMechanism } from "../mechanisms/registry.js";
import { loadMechanismFile } from "../mechanisms/saved.js";
import type { Mechanism } from "../mechanisms/types.js";
import { buildProblem, DEFAULT_PROBLEM } from "../problems/registry.js";
import type { DynamicProblem } from "../problems/types.js";

export function resolveProblem(text: string | undefined): DynamicProblem {
  return buildProblem(text ?? DEFAULT_PROBLEM, "--problem");
}

/** A mechanism name with parameters, or the path of a saved mechanism (.json). */
export function resolveMechanism(text: string, problem: DynamicProblem): Mechanism {
  if (text.endsWith(".json") || existsSync(text)) return loadMechanismFile(text, problem);
  return buildMechanism(text, problem, "--mechanism");
}

export function parseIntOption(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new UsageError(flag, `must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return v;
  };
}

export function parseChoice<T extends string>(flag: string, allowed: readonly T[]) {
  return (raw: string): T => {
    if (!(allowed as readonly string[]).includes(raw)) {
      throw unknownValue(flag, raw, allowed);
    }
    return raw as T;
  };
}
