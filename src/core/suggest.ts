// "Did you mean …?" for unknown names: the known names closest to a typo by edit distance.
// Every lookup of a name in a list (registries, designers, reproductions, choices, parameter
// keys) reports its misses through `unknownName`, so the suggestions are the same everywhere.
import { UsageError } from "./errors.js";

/** Levenshtein distance (insertions, deletions, substitutions; each costs 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Known names close to `name`: within a third of the longer name's length (at least 2 edits),
 * or sharing a prefix of 3+ characters; closest first, at most 3.
 */
export function closestNames(name: string, known: readonly string[]): string[] {
  const low = name.toLowerCase();
  return known
    .map((k) => {
      const d = editDistance(low, k.toLowerCase());
      const prefix = low.length >= 3 && k.toLowerCase().startsWith(low.slice(0, 3));
      const near = d <= Math.max(2, Math.floor(Math.max(low.length, k.length) / 3));
      return { k, d, ok: near || prefix };
    })
    .filter((x) => x.ok)
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.k);
}

/** The one message for a name that is not in a list: closest names first, then all of them. */
export function unknownNameMessage(kind: string, name: string, known: readonly string[]): string {
  const near = closestNames(name, known);
  const hint = near.length ? ` did you mean ${near.map((k) => `"${k}"`).join(" or ")}?` : "";
  return `unknown ${kind} "${name}";${hint} known: ${known.length ? known.join(", ") : "(none)"}`;
}

/** A value outside a fixed list of choices: `"x" is not allowed; did you mean …? allowed: …`. */
export function unknownValue(
  field: string,
  value: string,
  allowed: readonly string[],
  qualifier = "",
): UsageError {
  const near = closestNames(value, allowed);
  const hint = near.length ? ` did you mean ${near.map((k) => `"${k}"`).join(" or ")}?` : "";
  return new UsageError(
    field,
    `"${value}" is not allowed${qualifier};${hint} allowed: ${allowed.join(", ")}`,
  );
}

export function unknownName(
  field: string,
  kind: string,
  name: string,
  known: readonly string[],
): UsageError {
  return new UsageError(field, unknownNameMessage(kind, name, known));
}
