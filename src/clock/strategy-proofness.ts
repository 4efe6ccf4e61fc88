// Brute-force strategy-proofness of a clock auction on one instance. In a deterministic clock
// auction a bidder's only choice is the moment she quits; until then the history does not
// depend on her. So every deviation of bidder i is "quit when raised to the ℓ-th price on the
// path she sees if she never quits" (or never quit), and checking those finitely many
// thresholds is complete.
import { runClock, type ClockRule } from "./engine.js";
import type { ClockInstance } from "./instance.js";

export interface Deviation {
  bidder: number;
  threshold: number;
  gain: number;
}

function utility(
  inst: ClockInstance,
  rule: ClockRule,
  advice: number[] | null,
  t: number[],
  i: number,
) {
  const o = runClock(inst.constraint, inst.values, rule, advice, {
    thresholds: t,
    floor: inst.floor,
    transcript: i >= 0,
  });
  return { u: o.winners.includes(i) ? inst.values[i] - o.payments[i] : 0, o };
}

/** The most profitable deviation found (gain > tol), or null: none exists. */
export function profitableDeviation(
  inst: ClockInstance,
  rule: ClockRule,
  advice: number[] | null,
  tol = 1e-9,
  /** "Never quit" is approximated by staying up to this multiple of the highest value. */
  stayFactor = 10,
): Deviation | null {
  const n = inst.values.length;
  const cap = stayFactor * Math.max(...inst.values, 1);
  let worst: Deviation | null = null;
  for (let i = 0; i < n; i++) {
    const truthful = utility(inst, rule, advice, [...inst.values], i).u;
    const stay = [...inst.values];
    stay[i] = cap;
    const path = utility(inst, rule, advice, stay, i).o.transcript.rounds.flatMap((r) =>
      r.raised.filter(([j]) => j === i).map(([, p]) => p),
    );
    const floor = inst.floor ?? 0.01;
    // Quit right when raised to path[ℓ] (threshold just below it), quit at once, or never.
    const thresholds = [floor / 2, ...path.map((p) => p * (1 - 1e-9)), cap];
    for (const t of thresholds) {
      const dev = [...inst.values];
      dev[i] = t;
      const gain = utility(inst, rule, advice, dev, i).u - truthful;
      if (gain > tol && (!worst || gain > worst.gain)) worst = { bidder: i, threshold: t, gain };
    }
  }
  return worst;
}
