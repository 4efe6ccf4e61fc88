// An SPM run (`mechlab spm`): for each learned policy, its best seed's decisions by public
// state (src/spm/policy-by-state.ts) — which agent it offers next and the price it posts per
// item class — as a table, most reached states kept.
import { escapeHtml as esc } from "./assets.js";
import { num, table } from "./cells.js";

interface StateDecision {
  round: number;
  visited: number[];
  itemsLeft: number[];
  reach: number;
  agent: Record<string, number>;
  prices: (number | null)[];
}
interface Run {
  seed: number;
  policyByState?: StateDecision[];
}
interface Policy {
  name: string;
  best: { seed: number };
  runs: Run[];
}

const set = (xs: number[]) => `{${xs.join(", ")}}`;

function policyTable(p: Policy): string {
  const run = p.runs.find((r) => r.seed === p.best.seed) ?? p.runs[0];
  const states = run?.policyByState;
  if (!states?.length) return "";
  const classes = states[0].prices.length;
  const rows = states.map((s) => [
    String(s.round),
    set(s.visited),
    set(s.itemsLeft),
    num(s.reach),
    Object.entries(s.agent)
      .sort((a, b) => b[1] - a[1])
      .map(([a, f]) => (f === 1 ? a : `${a} (${num(f)})`))
      .join(", "),
    ...s.prices.map((x) => (x === null ? "—" : num(x))),
  ]);
  const header = [
    "round",
    "agents visited",
    "items left",
    "reach",
    "agent offered next",
    ...Array.from({ length: classes }, (_, k) => (classes > 1 ? `price, class ${k}` : "price")),
  ];
  return `<h3>${esc(p.name)} (seed ${run.seed})</h3>\n${table(header, rows)}`;
}

export function spmSection(r: Record<string, unknown>): string {
  const res = r.result as { learned?: Policy[]; baselines?: Policy[] } | undefined;
  if (!res || !Array.isArray(res.learned)) return "";
  const tables = [...res.learned, ...(res.baselines ?? [])]
    .filter((p) => Array.isArray(p.runs))
    .map(policyTable)
    .filter((t) => t !== "");
  if (!tables.length) return "";
  return [
    "<h2>Learned prices and agent choice by state</h2>",
    "<p>Each policy's best seed, played deterministically on fresh episodes: for every public state (the agents already visited and the items still unsold) reached, how often it is reached, which agent the policy offers next (a distribution when the policy sees more than this state) and the mean price it posts per item class (Brero et al. 2021).</p>",
    ...tables,
  ].join("\n");
}
