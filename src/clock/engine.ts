// The clock-auction engine: a state machine over the public history only. Each round the
// rule sees a PublicView (active set, personal prices, quits, advice, the solver) — there is
// no field holding values, so a rule cannot condition on them — and names the active bidders
// whose prices rise. A bidder quits irrevocably once her price passes her quit threshold (her
// value when truthful); the auction stops when the active set is feasible, and the active
// bidders win at their final prices. Any rule run this way is obviously strategy-proof:
// at every moment a bidder only chooses between quitting (utility 0) and staying at a price
// she can still quit from later (Li's OSP; deferred acceptance of Milgrom–Segal).
import type { Constraint } from "./types.js";

export interface QuitEvent {
  bidder: number;
  round: number;
  /** The price that made her quit (above her threshold). */
  price: number;
}

/** Everything public after `round` rounds. Deliberately no values. */
export interface PublicView {
  readonly n: number;
  readonly round: number;
  readonly active: readonly boolean[];
  readonly activeList: readonly number[];
  readonly prices: readonly number[];
  readonly quits: readonly QuitEvent[];
  /** The predicted optimal set, or null for no advice. */
  readonly advice: readonly number[] | null;
  readonly constraint: Constraint;
  /** Every price starts here. */
  readonly floor: number;
}

/** A clock rule: from the public view, new (higher) prices for some active bidders. */
export interface ClockRule {
  readonly name: string;
  raise(view: PublicView): [bidder: number, price: number][];
}

export interface RoundRecord {
  round: number;
  raised: [number, number][];
  quits: number[];
}

export interface ClockOutcome {
  winners: number[];
  /** Final personal prices of every bidder (a loser's is the price she quit at). */
  prices: number[];
  /** What each bidder pays: winners their final price, losers 0. */
  payments: number[];
  rounds: number;
  transcript: { floor: number; advice: number[] | null; rounds: RoundRecord[] };
}

export interface RunOptions {
  /** Quit thresholds (default: the values, i.e. truthful bidding). */
  thresholds?: ArrayLike<number>;
  floor?: number;
  /** Keep the per-round transcript (default true). */
  transcript?: boolean;
  maxRounds?: number;
}

export const DEFAULT_FLOOR = 0.01;

/**
 * Run `rule` with bidders who quit once their price exceeds their threshold. The values are
 * only ever read here, outside the rule's calls.
 */
export function runClock(
  constraint: Constraint,
  values: ArrayLike<number>,
  rule: ClockRule,
  advice: readonly number[] | null,
  opts: RunOptions = {},
): ClockOutcome {
  const n = constraint.n;
  const floor = opts.floor ?? DEFAULT_FLOOR;
  const thresholds = opts.thresholds ?? values;
  const keep = opts.transcript ?? true;
  const maxRounds = opts.maxRounds ?? 1_000_000;
  const prices = new Array<number>(n).fill(floor);
  const active = new Array<boolean>(n).fill(true);
  const quits: QuitEvent[] = [];
  const records: RoundRecord[] = [];
  for (let i = 0; i < n; i++) {
    if (thresholds[i] < floor) {
      active[i] = false;
      quits.push({ bidder: i, round: 0, price: floor });
    }
  }
  let activeList = active.flatMap((a, i) => (a ? [i] : []));
  let round = 0;
  const frozenAdvice = advice ? Object.freeze([...advice]) : null;
  while (!constraint.feasible(activeList)) {
    if (round >= maxRounds)
      throw new Error(`${rule.name}: no feasible active set after ${maxRounds} rounds`);
    const view: PublicView = Object.freeze({
      n,
      round,
      active: Object.freeze([...active]),
      activeList: Object.freeze([...activeList]),
      prices: Object.freeze([...prices]),
      quits: Object.freeze([...quits]),
      advice: frozenAdvice,
      constraint,
      floor,
    });
    const raised = rule.raise(view);
    round++;
    if (raised.length === 0) throw new Error(`${rule.name} raised no price while infeasible`);
    const quitNow: number[] = [];
    for (const [i, p] of raised) {
      if (!active[i] || !(p > prices[i])) {
        throw new Error(`${rule.name}: may only raise active bidders' prices (bidder ${i})`);
      }
      prices[i] = p;
      if (p > thresholds[i]) {
        active[i] = false;
        quitNow.push(i);
        quits.push({ bidder: i, round, price: p });
      }
    }
    if (quitNow.length) activeList = activeList.filter((i) => active[i]);
    if (keep) records.push({ round, raised: raised.map(([i, p]) => [i, p]), quits: quitNow });
  }
  return {
    winners: activeList,
    prices: [...prices],
    payments: prices.map((p, i) => (active[i] ? p : 0)),
    rounds: round,
    transcript: { floor, advice: frozenAdvice ? [...frozenAdvice] : null, rounds: records },
  };
}
