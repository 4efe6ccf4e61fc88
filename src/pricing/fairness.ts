// Fairness of one deployment. Price spread: per resource, the standard deviation of the
// prices the agents faced, averaged over resources (0 for one posted price). Unequal
// treatment: among pairs of agents with the same realized request (same class and support
// point), the fraction that faced different prices and got different outcomes.
import type { Deployment } from "./deploy.js";
import type { RealizedAgent } from "./model.js";

export function priceSpread(d: Deployment, m: number): number {
  const n = d.chosen.length;
  if (n === 0) return 0;
  let total = 0;
  for (let j = 0; j < m; j++) {
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const p = d.faced[i * m + j];
      s += p;
      ss += p * p;
    }
    const mean = s / n;
    total += Math.sqrt(Math.max(0, ss / n - mean * mean));
  }
  return total / m;
}

const pairs = (c: number) => (c * (c - 1)) / 2;

function tally(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Fraction of same-request pairs with different prices and different outcomes (0 if no pairs). */
export function unequalTreatment(
  d: Deployment,
  agents: readonly RealizedAgent[],
  m: number,
): number {
  const groups = new Map<string, number[]>();
  agents.forEach((a, i) => {
    if (a.point < 0) return; // sampled requests: identical ones are not identified
    const key = `${a.cls}:${a.point}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  let all = 0;
  let unequal = 0;
  for (const members of groups.values()) {
    const byPrice = new Map<string, number>();
    const byOutcome = new Map<string, number>();
    const byBoth = new Map<string, number>();
    for (const i of members) {
      const price = Array.from(d.faced.subarray(i * m, (i + 1) * m)).join(",");
      const out = String(d.chosen[i]);
      tally(byPrice, price);
      tally(byOutcome, out);
      tally(byBoth, `${price}|${out}`);
    }
    const sum = (mp: Map<string, number>) => [...mp.values()].reduce((s, c) => s + pairs(c), 0);
    const total = pairs(members.length);
    // inclusion–exclusion: pairs differing in both = total − same price − same outcome + same both
    unequal += total - sum(byPrice) - sum(byOutcome) + sum(byBoth);
    all += total;
  }
  return all === 0 ? 0 : unequal / all;
}
