// Interference graph with k channels (the spectrum-repacking shape): bidders are stations,
// edges join stations that interfere, and a set can win when its induced subgraph is
// k-colourable. Exact solver: branch and bound over (include with a colour | exclude),
// refused up front beyond EXACT_LIMIT bidders; `solver=greedy` is a first-fit heuristic whose
// sets are feasible by construction (it carries a colouring), for large instances.
import { TooLargeError, UsageError } from "../../core/errors.js";
import type { Constraint } from "../types.js";

export const EXACT_LIMIT = 26;
/** Search nodes the greedy mode's feasibility test may spend before answering "not shown feasible". */
const CHECK_BUDGET = 5_000;

export function parseEdges(raw: string, n: number): [number, number][] {
  return raw
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((p): [number, number] => {
      const m = /^(\d+)-(\d+)$/.exec(p);
      const a = m ? Number(m[1]) : -1;
      const b = m ? Number(m[2]) : -1;
      if (!m || a >= n || b >= n || a === b) {
        throw new UsageError("edges", `"${p}" is not an edge a-b between bidders 0..${n - 1}`);
      }
      return [a, b];
    });
}

export function interferenceGraph(
  n: number,
  k: number,
  edges: [number, number][],
  solver: "exact" | "greedy",
  label?: string,
): Constraint {
  const nb: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) {
    nb[a].push(b);
    nb[b].push(a);
  }
  // The branch and bound tries up to k+1 choices (a colour or out) per bidder: (k+1)^m leaves.
  const refuse = (m: number) => {
    if (solver === "exact" && m > EXACT_LIMIT) {
      throw new TooLargeError(
        "solver",
        `the exact interference-graph solver for ${m} bidders`,
        (k + 1) ** m,
        (k + 1) ** EXACT_LIMIT,
        `use solver=greedy (first-fit: feasible winners, not always the optimum) or at most ${EXACT_LIMIT} bidders`,
        "search leaves, (k+1)^m",
      );
    }
  };
  refuse(n); // up front: the optimum over all bidders is the first thing a clock run needs
  const colourable = (set: readonly number[], budget: number): boolean | undefined => {
    const colour = new Int32Array(n).fill(-1);
    const order = [...set].sort((a, b) => nb[b].length - nb[a].length || a - b);
    let nodes = 0;
    const go = (j: number, used: number): boolean | undefined => {
      if (j === order.length) return true;
      if (++nodes > budget) return undefined;
      const v = order[j];
      for (let c = 0; c < Math.min(k, used + 1); c++) {
        if (nb[v].some((u) => colour[u] === c)) continue;
        colour[v] = c;
        const r = go(j + 1, Math.max(used, c + 1));
        colour[v] = -1;
        if (r !== false) return r;
      }
      return false;
    };
    return go(0, 0);
  };
  return {
    name:
      label ??
      `interference-graph(k=${k},edges=${edges.map(([a, b]) => `${a}-${b}`).join(";")},solver=${solver})`,
    n,
    exact: solver === "exact",
    feasible(set) {
      if (solver === "exact") {
        refuse(set.length);
        return colourable(set, Infinity) === true;
      }
      if (firstFit(set, nb, k, n)) return true;
      return colourable(set, CHECK_BUDGET) === true; // undecided counts as not shown feasible
    },
    maxWeightFeasible(subset, w) {
      const items = subset.filter((i) => w[i] > 0).sort((a, b) => w[b] - w[a] || a - b);
      if (solver === "greedy") {
        const colour = new Int32Array(n).fill(-1);
        const out: number[] = [];
        for (const v of items) {
          const c = freeColour(v, nb, colour, k);
          if (c >= 0) {
            colour[v] = c;
            out.push(v);
          }
        }
        return out.sort((a, b) => a - b);
      }
      refuse(items.length);
      return branchAndBound(items, w, nb, k, n);
    },
    size: () => 1,
  };
}

function freeColour(v: number, nb: number[][], colour: Int32Array, k: number): number {
  for (let c = 0; c < k; c++) if (!nb[v].some((u) => colour[u] === c)) return c;
  return -1;
}

function firstFit(set: readonly number[], nb: number[][], k: number, n: number): boolean {
  const colour = new Int32Array(n).fill(-1);
  const order = [...set].sort((a, b) => nb[b].length - nb[a].length || a - b);
  for (const v of order) {
    const c = freeColour(v, nb, colour, k);
    if (c < 0) return false;
    colour[v] = c;
  }
  return true;
}

function branchAndBound(
  items: number[],
  w: ArrayLike<number>,
  nb: number[][],
  k: number,
  n: number,
): number[] {
  const m = items.length;
  const suffix = new Float64Array(m + 1);
  for (let j = m - 1; j >= 0; j--) suffix[j] = suffix[j + 1] + w[items[j]];
  const colour = new Int32Array(n).fill(-1);
  let best: number[] = [];
  let bestW = 0;
  const chosen: number[] = [];
  const go = (j: number, acc: number, used: number) => {
    if (acc > bestW + 1e-12) {
      bestW = acc;
      best = [...chosen];
    }
    if (j === m || acc + suffix[j] <= bestW + 1e-12) return;
    const v = items[j];
    // Colours beyond the first unused one are symmetric: try at most used+1 of them.
    for (let c = 0; c < Math.min(k, used + 1); c++) {
      if (nb[v].some((u) => colour[u] === c)) continue;
      colour[v] = c;
      chosen.push(v);
      go(j + 1, acc + w[v], Math.max(used, c + 1));
      chosen.pop();
      colour[v] = -1;
    }
    go(j + 1, acc, used);
  };
  go(0, 0, 0);
  return best.sort((a, b) => a - b);
}
