// First price at T = 1 on the grid 1;2;3 (uniform, ties split), by hand: value 3 truthful wins
// against 1 and 2 and ties against 3, so it gets 2/3 + 1/6 = 5/6 of the good and pays 3 · 5/6 =
// 2.5 (utility 0); reporting 2 it wins against 1 and ties against 2: 1/3 + 1/6 = 1/2 of the good
// for 2 · 1/2 = 1 (utility 0.5, the best report; reporting 1 gives 1/6 · 2 = 1/3).
import { describe, expect, it } from "vitest";
import { bestResponseExact } from "../../evaluation/best-response-exact.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { buildProblem } from "../../problems/registry.js";
import { largestDeparture, largestDepartureText, periodOutcome } from "./deviation-words.js";
import { explorerData } from "./explorer-data.js";

describe("the largest deviation in words", () => {
  const problem = buildProblem("bandit-auction(horizon=1)");
  const explorer = (name: string) => {
    const mech = buildMechanism(name, problem);
    const best = [0, 1].map((i) => bestResponseExact(problem, mech, i));
    return explorerData(problem, mech, best);
  };

  it("first price: value 3 shades to 2, with this period's goods and payments", () => {
    const d = explorer("first-price");
    const found = largestDeparture(d)!;
    expect(found.dev.gain).toBeCloseTo(0.5, 12);
    expect(found.dev.reach).toBeCloseTo(1 / 3, 12);
    const truthful = periodOutcome(d, found.node, found.dev.agent, [3])!;
    const lie = periodOutcome(d, found.node, found.dev.agent, [2])!;
    expect(truthful.goods).toBeCloseTo(5 / 6, 12);
    expect(truthful.payment).toBeCloseTo(2.5, 12);
    expect(lie.goods).toBeCloseTo(0.5, 12);
    expect(lie.payment).toBeCloseTo(1, 12);
    expect(largestDepartureText(d)).toBe(
      "in the first period (period 0), agent 0 with value 3 reports 2 instead of 3, gaining 0.5000 in expected discounted utility (reached with probability 0.3333). This period it gets 0.5000 goods for a payment of 1.0000 instead of 0.8333 goods for a payment of 2.5000 in expectation; the rest of the gain comes from later periods.",
    );
  });

  it("second price at T = 1 is truthful: nothing to report", () => {
    const d = explorer("second-price");
    expect(largestDeparture(d)).toBeUndefined();
    expect(largestDepartureText(d)).toBe("truth-telling is a best response for every agent");
  });
});
