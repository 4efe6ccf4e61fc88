// greedy-da: the greedy deferred-acceptance auction with bid scaling (Milgrom–Segal; Lehmann–
// O'Callaghan–Shoham scores p_i / size_i^scaling). Each round: build the greedy feasible set
// in decreasing score order (ties by index) and raise the lowest-priced active bidders left
// out. No solver optimisation, only feasibility tests.
import type { ClockRule } from "../engine.js";

export function greedyDa(step: number, scaling: number): ClockRule {
  return {
    name: `greedy-da(step=${step},scaling=${scaling})`,
    raise(view) {
      const c = view.constraint;
      const score = (i: number) => view.prices[i] / Math.pow(c.size(i), scaling);
      const order = [...view.activeList].sort((a, b) => score(b) - score(a) || a - b);
      const chosen: number[] = [];
      const out: number[] = [];
      for (const i of order) {
        if (c.feasible([...chosen, i])) chosen.push(i);
        else out.push(i);
      }
      if (out.length === 0) out.push(...view.activeList);
      const low = Math.min(...out.map((i) => view.prices[i]));
      return out
        .filter((i) => view.prices[i] <= low * (1 + 1e-9))
        .map((i): [number, number] => [i, view.prices[i] * (1 + step)]);
    },
  };
}
