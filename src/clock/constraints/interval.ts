// Interval scheduling on m identical machines: bidder i needs the half-open time interval
// [s_i, e_i); a set is feasible when at most m of its intervals overlap at any time (interval
// graphs are perfect, so this is exactly m-machine schedulability). Exact max weight by
// min-cost flow on the time line: m units of flow, each interval an arc of cost −w_i.
import { UsageError } from "../../core/errors.js";
import type { Constraint } from "../types.js";

export function parseIntervals(raw: string, n: number): [number, number][] {
  const parts = raw
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
  const out = parts.map((p): [number, number] => {
    const m = /^(-?[\d.]+)-(-?[\d.]+)$/.exec(p);
    const s = m ? Number(m[1]) : NaN;
    const e = m ? Number(m[2]) : NaN;
    if (!Number.isFinite(s) || !Number.isFinite(e) || e <= s) {
      throw new UsageError("intervals", `"${p}" is not an interval start-end with end > start`);
    }
    return [s, e];
  });
  if (out.length !== n) {
    throw new UsageError(
      "intervals",
      `${out.length} intervals but there are ${n} values; give one interval per bidder, like 0-3;2-5`,
    );
  }
  return out;
}

export function intervalScheduling(
  n: number,
  machines: number,
  iv: [number, number][],
): Constraint {
  return {
    name: `interval-scheduling(machines=${machines},intervals=${iv.map(([s, e]) => `${s}-${e}`).join(";")})`,
    n,
    exact: true,
    feasible(set) {
      const ev: [number, number][] = [];
      for (const i of set) ev.push([iv[i][0], 1], [iv[i][1], -1]);
      ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]); // ends before starts at equal times
      let load = 0;
      for (const [, d] of ev) if ((load += d) > machines) return false;
      return true;
    },
    maxWeightFeasible(subset, w) {
      return maxWeightIntervals(
        subset.filter((i) => w[i] > 0),
        iv,
        w,
        machines,
      );
    },
    size: () => 1,
  };
}

/** Successive shortest paths (Bellman–Ford; no negative cycles in the residual graph). */
function maxWeightIntervals(
  items: number[],
  iv: [number, number][],
  w: ArrayLike<number>,
  m: number,
): number[] {
  if (items.length === 0) return [];
  const times = [...new Set(items.flatMap((i) => iv[i]))].sort((a, b) => a - b);
  const at = new Map(times.map((t, k) => [t, k]));
  const V = times.length;
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const adj: number[][] = Array.from({ length: V }, () => []);
  const arc = (u: number, v: number, c: number, k: number) => {
    adj[u].push(to.length);
    to.push(v);
    cap.push(c);
    cost.push(k);
    adj[v].push(to.length);
    to.push(u);
    cap.push(0);
    cost.push(-k);
  };
  for (let k = 0; k + 1 < V; k++) arc(k, k + 1, m, 0);
  const itemArc = items.map((i) => {
    const e = to.length;
    arc(at.get(iv[i][0])!, at.get(iv[i][1])!, 1, -w[i]);
    return e;
  });
  for (let unit = 0; unit < m; unit++) {
    const dist = new Array<number>(V).fill(Infinity);
    const via = new Array<number>(V).fill(-1);
    dist[0] = 0;
    for (let pass = 0; pass < V; pass++) {
      let changed = false;
      for (let u = 0; u < V; u++) {
        if (dist[u] === Infinity) continue;
        for (const e of adj[u]) {
          if (cap[e] > 0 && dist[u] + cost[e] < dist[to[e]] - 1e-12) {
            dist[to[e]] = dist[u] + cost[e];
            via[to[e]] = e;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    if (dist[V - 1] >= 0) break; // another unit of flow would not add weight
    for (let v = V - 1; v !== 0; v = to[via[v] ^ 1]) {
      cap[via[v]] -= 1;
      cap[via[v] ^ 1] += 1;
    }
  }
  return items.filter((_, j) => cap[itemArc[j]] === 0).sort((a, b) => a - b);
}
