// A set system given by its maximal feasible sets (feasible = subset of one of them), and the
// lower-bound family of the clock-auction literature: bidder 0 against a group 1..n−1 whose
// members can only win together (without bidder 0) — the one-versus-group instances on which
// no deterministic clock auction beats O(log^{1−ε} n) (the abstract of Gkatzelis–Schoepflin–Tan).
import { UsageError } from "../../core/errors.js";
import type { Constraint } from "../types.js";

export function parseSets(raw: string, n: number): number[][] {
  const sets = raw
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) =>
      s.split("+").map((x) => {
        const i = Number(x.trim());
        if (!Number.isInteger(i) || i < 0 || i >= n) {
          throw new UsageError(
            "sets",
            `"${x}" is not a bidder index 0..${n - 1} (sets like 0+1;2)`,
          );
        }
        return i;
      }),
    );
  if (sets.length === 0) throw new UsageError("sets", "give at least one maximal set, like 0+1;2");
  return sets;
}

export function explicitSets(n: number, sets: number[][], name?: string): Constraint {
  const members = sets.map((s) => new Set(s));
  return {
    name: name ?? `explicit(sets=${sets.map((s) => s.join("+")).join(";")})`,
    n,
    exact: true,
    feasible: (set) => members.some((m) => set.every((i) => m.has(i))),
    maxWeightFeasible(subset, w) {
      let best: number[] = [];
      let bestW = 0;
      for (const m of members) {
        const part = subset.filter((i) => m.has(i) && w[i] > 0);
        let s = 0;
        for (const i of part) s += w[i];
        if (s > bestW + 1e-12) {
          // first maximum wins ties
          best = part;
          bestW = s;
        }
      }
      return [...best].sort((a, b) => a - b);
    },
    size: () => 1,
  };
}

export function oneVersusGroup(n: number): Constraint {
  if (n < 2) throw new UsageError("values", "one-vs-group needs at least 2 bidders");
  const group = Array.from({ length: n - 1 }, (_, k) => k + 1);
  return explicitSets(n, [[0], group], "one-vs-group");
}
