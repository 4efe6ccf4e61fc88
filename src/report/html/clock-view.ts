// A clock-auction run (`mechlab clock --out DIR`): per instance, each bidder's value, price and
// result, then the transcript as a table of rounds — every bidder's clock price after the
// round (raised prices in bold), who drops out, and the final allocation.
import { escapeHtml as esc } from "./assets.js";
import { num, table } from "./cells.js";

interface Round {
  round: number;
  raised: [number, number][];
  quits: number[];
}
interface ClockRun {
  values: number[];
  constraint: string;
  advice: number[] | null;
  winners: number[];
  prices: number[];
  welfare: number;
  optimum: number;
  rounds: number;
  transcript: { floor: number; advice: number[] | null; rounds: Round[] };
}

/**
 * A transcript longer than this shows only its first and last EDGE_ROUNDS rounds and every
 * round in which someone drops out; result.json keeps them all.
 */
export const MAX_ROUNDS_SHOWN = 400;
const EDGE_ROUNDS = 20;
/** Above this many bidders the table lists the raised prices instead of one column each. */
const MAX_BIDDER_COLUMNS = 12;

function roundRows(run: ClockRun): { header: string[]; rows: string[][] } {
  const n = run.values.length;
  const wide = n <= MAX_BIDDER_COLUMNS;
  const price = new Array<number>(n).fill(run.transcript.floor);
  const out = new Array<boolean>(n).fill(false);
  const rows: string[][] = [];
  const all = run.transcript.rounds;
  const shown = (r: Round, k: number) =>
    all.length <= MAX_ROUNDS_SHOWN ||
    k < EDGE_ROUNDS ||
    k >= all.length - EDGE_ROUNDS ||
    r.quits.length > 0;
  for (const [k, r] of all.entries()) {
    for (const [i, p] of r.raised) price[i] = p;
    const raised = new Set(r.raised.map(([i]) => i));
    const quits = new Set(r.quits);
    const cells = wide
      ? price.map((p, i) => {
          if (out[i]) return "—";
          const s = raised.has(i) ? `<b>${num(p)}</b>` : num(p);
          return quits.has(i) ? `${s} quits` : s;
        })
      : [r.raised.map(([i, p]) => `${i}: ${num(p)}`).join(", ")];
    for (const i of r.quits) out[i] = true;
    if (shown(r, k)) rows.push([String(r.round), ...cells, r.quits.join(", ") || ""]);
  }
  const header = [
    "round",
    ...(wide ? Array.from({ length: n }, (_, i) => `bidder ${i}`) : ["raised (bidder: price)"]),
    "drops out",
  ];
  return { header, rows };
}

function instanceSection(run: ClockRun, k: number, count: number): string {
  const winners = new Set(run.winners);
  const quitRound = new Map<number, number>();
  for (const r of run.transcript.rounds) for (const i of r.quits) quitRound.set(i, r.round);
  const bidders = run.values.map((v, i) => [
    String(i),
    num(v),
    run.advice?.includes(i) ? "yes" : "",
    num(run.prices[i]),
    winners.has(i) ? "wins" : quitRound.has(i) ? `drops out in round ${quitRound.get(i)}` : "",
  ]);
  const { header, rows } = roundRows(run);
  const cut = run.transcript.rounds.length - rows.length;
  return [
    count > 1 ? `<h3>Instance ${k}</h3>` : "",
    `<p>Constraint <code>${esc(run.constraint)}</code>; final allocation {${run.winners.join(", ")}}, welfare ${num(run.welfare)} against the optimum ${num(run.optimum)}, ${run.rounds} rounds; every clock starts at ${num(run.transcript.floor)}.</p>`,
    table(["bidder", "value", "advised", "pays", "result"], bidders),
    `<h4>Transcript</h4>`,
    table(header, rows),
    cut > 0
      ? `<p class=note>${cut} rounds in which nobody drops out are not shown (result.json has them all).</p>`
      : "",
  ].join("\n");
}

export function clockSection(r: Record<string, unknown>): string {
  if (r.format !== "mechlab.clock-result" || !Array.isArray(r.instances)) return "";
  const runs = r.instances as ClockRun[];
  return [
    `<h2>Clock auction</h2>`,
    `<p>Auction <code>${esc(String(r.auction))}</code>. Each round the rule raises some active bidders' prices from the public history alone; a bidder drops out once her price passes her value, and the auction stops when the bidders still in are feasible: they win and pay their final prices.</p>`,
    ...runs.map((run, k) => instanceSection(run, k, runs.length)),
  ].join("\n");
}
