// Ad / ticketing shape: m = `slots` (default 4) slots or seating sections of decreasing
// quality 1.6, 1.3, 1.0, 0.7, 0.4; eight
// customer segments. A request offers the slots its segment accepts (one unit each) and, for
// half the segments, a split campaign over two adjacent slots (half a unit in each). Values
// are continuous (segment base × slot quality × a log-normal factor, σ = 0.3), so the
// distribution is given by a sampler and the ex-ante LP is computed from samples.
import type { Entry } from "../../core/registry.js";
import type { AgentClass, PricingInstance, Request } from "../model.js";
import { zeroPriceDemand } from "./supply.js";

const QUALITY = [1.6, 1.3, 1.0, 0.7, 0.4];

export const ads: Entry<PricingInstance> = {
  name: "ads",
  summary: "ad slots / ticket sections, 8 segments, continuous values (sampler)",
  params: {
    scale: {
      type: "number",
      default: 5,
      min: 1,
      max: 10_000,
      integer: true,
      doc: "agents per segment = 10·scale; supplies ∝ scale",
    },
    slots: { type: "number", default: 4, min: 2, max: 5, integer: true, doc: "resources m" },
    tightness: {
      type: "number",
      default: 0.5,
      min: 0,
      minExclusive: true,
      max: 2,
      doc: "supply / expected demand at zero prices",
    },
  },
  create: (p) => {
    const scale = p.scale as number;
    const m = p.slots as number;
    const classes: AgentClass[] = Array.from({ length: 8 }, (_, s) => {
      const base = 1 + 0.5 * s;
      const accepted = [...Array(m).keys()].filter((j) => (s + j) % 3 !== 0 || j === s % m);
      const split = s % 2 === 0;
      return {
        count: 10 * scale,
        sample: (rng) => {
          const noise = () => Math.exp(0.3 * rng.normal());
          const options: Request["options"][number][] = accepted.map((j) => ({
            value: base * QUALITY[j] * noise(),
            consumption: Float64Array.from({ length: m }, (_, i) => (i === j ? 1 : 0)),
          }));
          if (split) {
            const j = s % (m - 1);
            options.push({
              value: base * 0.5 * (QUALITY[j] + QUALITY[j + 1]) * noise(),
              consumption: Float64Array.from({ length: m }, (_, i) =>
                i === j || i === j + 1 ? 0.5 : 0,
              ),
            });
          }
          return { options };
        },
      };
    });
    const d = zeroPriceDemand(classes, m, 7);
    const t = p.tightness as number;
    return {
      name: `ads(scale=${scale},slots=${m},tightness=${t})`,
      supplies: d.map((x) => Math.round(t * x * 1000) / 1000),
      classes,
    };
  },
};
