// Every constraint family by name. Adding one: a file in this folder plus one entry here.
import { Registry } from "../../core/registry.js";
import { parseNumberList } from "../../core/spec.js";
import type { ConstraintFactory } from "../types.js";
import { explicitSets, oneVersusGroup, parseSets } from "./explicit.js";
import { interferenceGraph, parseEdges } from "./interference.js";
import { intervalScheduling, parseIntervals } from "./interval.js";
import { kUniform } from "./k-uniform.js";
import { knapsack } from "./knapsack.js";

export const constraints = new Registry<ConstraintFactory>("constraint")
  .add({
    name: "k-uniform",
    summary: "any k bidders may win together (k identical items)",
    params: { k: { type: "number", default: 1, min: 1, integer: true, doc: "winners at most" } },
    create: (p) => (n) => kUniform(n, p.k as number),
  })
  .add({
    name: "knapsack",
    summary: "bidder i uses size s_i of one integer capacity",
    params: {
      capacity: { type: "number", default: 10, min: 0, integer: true, doc: "total capacity" },
      sizes: { type: "list", default: "", doc: "one integer size per bidder, like 10;5;5" },
    },
    create: (p) => (n) =>
      knapsack(n, p.capacity as number, parseNumberList("sizes", String(p.sizes))),
  })
  .add({
    name: "interval-scheduling",
    summary: "bidder i needs [s_i, e_i) on one of m machines",
    params: {
      machines: { type: "number", default: 1, min: 1, integer: true, doc: "machines" },
      intervals: { type: "list", default: "", doc: "one interval per bidder, like 0-3;2-5" },
    },
    create: (p) => (n) =>
      intervalScheduling(n, p.machines as number, parseIntervals(String(p.intervals), n)),
  })
  .add({
    name: "interference-graph",
    summary: "winners' induced subgraph must be k-colourable (spectrum repacking)",
    params: {
      k: { type: "number", default: 1, min: 1, integer: true, doc: "channels" },
      edges: { type: "list", default: "", doc: "interfering pairs, like 0-1;1-2" },
      solver: {
        type: "enum",
        default: "exact",
        values: ["exact", "greedy"],
        doc: "exact branch and bound (≤ 26 bidders) or first-fit heuristic",
      },
    },
    create: (p) => (n) =>
      interferenceGraph(
        n,
        p.k as number,
        parseEdges(String(p.edges), n),
        p.solver as "exact" | "greedy",
      ),
  })
  .add({
    name: "explicit",
    summary: "feasible = subset of one of the listed maximal sets",
    params: { sets: { type: "list", default: "", doc: "maximal sets, like 0+1;2" } },
    create: (p) => (n) => explicitSets(n, parseSets(String(p.sets), n)),
  })
  .add({
    name: "one-vs-group",
    summary: "bidder 0 against bidders 1..n−1 (the lower-bound family)",
    params: {},
    create: () => (n) => oneVersusGroup(n),
  });
