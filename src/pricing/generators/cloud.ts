// Cloud shape: virtual-machine requests over CPU, memory and GPU (m = 3). Six workload
// classes, each request offering one to three machine configurations (e.g. a training job on
// a GPU machine, or more slowly — less value — on CPUs). Each class has four equally likely
// request sizes × value levels; values carry a ±20 % jitter fixed by the generator seed, so
// the distribution is a finite support and the ex-ante LP is exact.
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
  summary: "VM requests with 1–3 configurations over CPU/memory/GPU (6 classes, finite support)",
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
      doc: "generator seed (value jitter)",
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
    return {
      name: `cloud(scale=${scale},tightness=${t},seed=${p.seed})`,
      supplies: d.map((x) => Math.round(t * x * 1000) / 1000),
      classes,
    };
  },
};
