// The largest first departure of a best response, in words: where (history), who, what it
// reports instead, what it gains, and this period's part of the reason — the goods it gets and
// what it pays in expectation with each report, against the others' truthful reports there.
// The explorer (explorer-script.ts) says the same at the node; the report states it up front.
import { toFixedNoNegZero } from "../../core/measured.js";
import type { ExplorerData, ExplorerDeviation, ExplorerNode } from "./explorer-data.js";

const fmt = (x: number) => toFixedNoNegZero(x, 4);
/** Gains below this are numerical noise (as the certified exploitability's tolerance). */
const TOLERANCE = 1e-6;

/** The first departure with the largest reach × gain, and its node. */
export function largestDeparture(
  d: ExplorerData,
): { node: ExplorerNode; dev: ExplorerDeviation } | undefined {
  let best: { node: ExplorerNode; dev: ExplorerDeviation } | undefined;
  for (const node of d.nodes)
    for (const dev of node.deviations)
      if (dev.firstDeparture && dev.gain > 0)
        if (!best || dev.reach * dev.gain > best.dev.reach * best.dev.gain) best = { node, dev };
  return best;
}

/** Expected goods and payment of `agent` reporting `own` at `node`, others truthful there. */
export function periodOutcome(
  d: ExplorerData,
  node: ExplorerNode,
  agent: number,
  own: number[],
): { goods: number; payment: number } | undefined {
  const m = d.goods;
  const n = d.agents;
  const others = new Map<string, number>();
  const byReports = new Map<string, ExplorerNode["rows"][number]>();
  for (const r of node.rows) {
    const o = [...r.reports.slice(0, agent * m), ...r.reports.slice(agent * m + m)].join(",");
    others.set(o, (others.get(o) ?? 0) + r.truthful);
    byReports.set(`${r.reports.slice(agent * m, agent * m + m).join(",")}|${o}`, r);
  }
  let goods = 0;
  let payment = 0;
  let mass = 0;
  for (const [o, p] of others) {
    const r = byReports.get(`${own.join(",")}|${o}`);
    if (!r || !p) continue;
    mass += p;
    for (let j = 0; j < m; j++) goods += p * r.alloc[j * (n + 1) + agent];
    payment += p * r.payments[agent];
  }
  return mass > 0 ? { goods: goods / mass, payment: payment / mass } : undefined;
}

/** One sentence (or "truth-telling is a best response") for the report's certificate. */
export function largestDepartureText(d: ExplorerData): string {
  const found = largestDeparture(d);
  if (!found) return "truth-telling is a best response for every agent";
  const { node, dev } = found;
  if (dev.gain < TOLERANCE)
    return `no lie gains more than 1e-6 (the largest first lie gains ${dev.gain.toExponential(1)}, float and LP tolerance)`;
  const per = (v: number[]) => (d.goods === 1 ? String(v[0]) : `(${v.join(",")})`);
  const at = node.history ? `after history ${node.history}` : "in the first period";
  const outcome = (r: number[]) => {
    const x = periodOutcome(d, node, dev.agent, r);
    return x ? `${fmt(x.goods)} goods for a payment of ${fmt(x.payment)}` : "(not at this node)";
  };
  return (
    `${at} (period ${dev.period}), agent ${dev.agent} with value ${per(dev.ownValues)} reports ${per(dev.bestReport)} instead of ${per(dev.truthfulReport)}, ` +
    `gaining ${fmt(dev.gain)} in expected discounted utility (reached with probability ${fmt(dev.reach)}). ` +
    `This period it gets ${outcome(dev.bestReport)} instead of ${outcome(dev.truthfulReport)} in expectation; the rest of the gain comes from later periods.`
  );
}
