// Cloud shape: virtual-machine requests over CPU, memory and GPU (m = 3). Six workload
// classes, each request offering one to three machine configurations (e.g. a training job on
// a GPU machine, or more slowly — less value — on CPUs). Each class has four equally likely
// request sizes × value levels, their values perturbed by ±20 % once, by the generator seed.
// `jitter` > 0 (the default) multiplies each realized request's values by a factor drawn per
// request, uniform in [1 − jitter, 1 + jitter]: real VM requests differ in value even when
// their shapes agree, and without it many requests are identical and tie with the null option
// at the LP's dual prices (the loss of deterministic prices under ties, see `tie`). The
// distribution is then a sampler (ex-ante LP by sampling); jitter = 0 keeps the finite
// support (exact ex-ante LP). The common factor leaves the best option at zero prices, hence
// the supplies, unchanged.
import type { Entry } from "../../core/registry.js";
import { Rng } from "../../engine/rng.js";
import type { AgentClass, PricingInstance, Request } from "../model.js";
import { zeroPriceDemand } from "./supply.js";

/** [value, cpu, memory, gpu] per configuration, at size 1. */
const WORKLOADS: { name: string; configs: number[][] }[] = [
  {
    name: "web",
    configs: [
      [1.0, 0.2, 0.1, 0],
      [0.9, 0.1, 0.3, 0],
    ],
  },
  {
    name: "batch",
    configs: [
      [2.0, 0.5, 0.2, 0],
      [2.2, 0.3, 0.2, 0.1],
    ],
  },
  {
    name: "ml-train",
    configs: [
      [6.0, 0.2, 0.4, 0.8],
      [2.5, 1.0, 0.6, 0],
    ],
  },
  {
    name: "ml-infer",
    configs: [
      [3.0, 0.1, 0.2, 0.3],
      [2.0, 0.6, 0.2, 0],
      [2.6, 0.3, 0.3, 0.15],
    ],
  },
  { name: "database", configs: [[3.0, 0.3, 0.8, 0]] },
  {
    name: "analytics",
    configs: [
      [2.5, 0.6, 0.6, 0],
      [3.2, 0.3, 0.4, 0.3],
    ],
  },
];

export const cloud: Entry<PricingInstance> = {
  name: "cloud",
  summary:
    "VM requests with 1–3 configurations over CPU/memory/GPU (6 classes; values jittered per request, jitter=0: finite support)",
  params: {
    scale: {
      type: "number",
      default: 5,
      min: 1,
      max: 10_000,
      integer: true,
      doc: "agents per class = 10·scale; supplies ∝ scale",
    },
    tightness: {
      type: "number",
      default: 0.5,
      min: 0,
      minExclusive: true,
      max: 2,
      doc: "supply / expected demand at zero prices",
    },
    seed: {
      type: "number",
      default: 1,
      min: 0,
      max: 2 ** 31 - 1,
      integer: true,
      doc: "generator seed (the fixed ±20 % value perturbation of the support)",
    },
    jitter: {
      type: "number",
      default: 0.2,
      min: 0,
      max: 1,
      maxExclusive: true,
      doc: "relative spread of each request's value, drawn per request (0: finite support)",
    },
  },
  create: (p) => {
    const rng = new Rng(p.seed as number);
    const scale = p.scale as number;
    const classes: AgentClass[] = WORKLOADS.map((w) => {
      const support = [0.5, 1].flatMap((size) =>
        [0.6, 1.4].map((level) => {
          const request: Request = {
            options: w.configs.map(([v, ...a]) => ({
              value: v * size * level * rng.uniformIn(0.8, 1.2),
              consumption: Float64Array.from(a, (x) => Math.min(1, x * size)),
            })),
          };
          return { probability: 0.25, request };
        }),
      );
      return { count: 10 * scale, support };
    });
    const d = zeroPriceDemand(classes, 3, 0);
    const t = p.tightness as number;
    const jitter = p.jitter as number;
    return {
      name: `cloud(scale=${scale},tightness=${t},seed=${p.seed},jitter=${jitter})`,
      supplies: d.map((x) => Math.round(t * x * 1000) / 1000),
      classes: jitter > 0 ? classes.map((c) => jittered(c, jitter)) : classes,
    };
  },
};

/** The class as a sampler: a support point, its values times one factor in [1 ∓ jitter]. */
function jittered(c: AgentClass, jitter: number): AgentClass {
  const support = c.support!;
  const probabilities = support.map((s) => s.probability);
  return {
    count: c.count,
    sample: (rng) => {
      const { request } = support[rng.categorical(probabilities)];
      const f = rng.uniformIn(1 - jitter, 1 + jitter);
      return {
        options: request.options.map((o) => ({ value: o.value * f, consumption: o.consumption })),
      };
    },
  };
}
