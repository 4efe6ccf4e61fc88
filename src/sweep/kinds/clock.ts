// Job kind `clock`: one clock auction on a seeded random instance of a constraint family (the
// instances of the clock-auction measurements, src/clock/generators.ts), with optional advice
// of a chosen quality; the result is the summary `mechlab clock --json` prints for an instance.
// Random instances rather than files, so that a sweep over seeds is a sweep over instances.
import { z } from "zod";
import { clockAuctions } from "../../clock/auctions/registry.js";
import {
  FAMILIES,
  noisyAdvice,
  optimalSet,
  randomInstance,
  worstAdvice,
} from "../../clock/generators.js";
import { runInstance, type ClockSummary } from "../../clock/run.js";
import { Rng } from "../../engine/rng.js";
import type { JobKind } from "../job-kind.js";
import { int, num } from "./schema-parts.js";
import { JOB_KIND_SUMMARIES } from "./catalog.js";

const ADVICE = ["none", "optimal", "noisy", "worst"] as const;

const schema = z
  .object({
    family: z.enum(FAMILIES),
    bidders: int(2, 1000).default(10),
    auction: z.string().default("no-advice"),
    advice: z.enum(ADVICE).default("none"),
    /** noisy advice: probability of dropping each member of the optimum. */
    drop: num(0, 1).default(0.3),
    seed: int(0, 2 ** 31 - 1).default(0),
  })
  .strict();
type Params = z.infer<typeof schema>;

function instanceOf(p: Params) {
  const rng = new Rng(p.seed);
  const inst = randomInstance(p.family, p.bidders, rng);
  const advice =
    p.advice === "optimal"
      ? optimalSet(inst)
      : p.advice === "noisy"
        ? noisyAdvice(inst, p.drop, rng)
        : p.advice === "worst"
          ? worstAdvice(inst)
          : null;
  return { inst, advice };
}

export const clockKind: JobKind = {
  name: "clock",
  summary: JOB_KIND_SUMMARIES.clock,
  schema: schema as unknown as JobKind["schema"],
  check(raw) {
    const p = raw as Params;
    clockAuctions.build(p.auction, "auction");
    instanceOf(p); // builds the constraint: refuses an exact solver too large up front
  },
  async run(raw) {
    const p = raw as Params;
    const rule = clockAuctions.build(p.auction, "auction").value;
    const { inst, advice } = instanceOf(p);
    const { summary } = runInstance(inst, rule, advice);
    return {
      result: { ...summary, values: inst.values, constraint: inst.constraint.name },
      files: {},
    };
  },
  metrics(result) {
    const r = result as ClockSummary;
    return {
      welfare: r.welfare,
      optimum: r.optimum,
      ...(r.ratio === null ? {} : { ratio: r.ratio }),
    };
  },
};
