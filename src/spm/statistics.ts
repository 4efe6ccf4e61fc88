// Observation statistics (Brero et al. 2021, "Experimental Results"): what part of the history the
// policy sees. Two of them define the static baselines by hiding history (Brero et al. 2021,
// "Baselines" and Proposition 6):
//   none             — nothing (a constant input): anonymous static prices and a static order;
//   agents           — which agents remain: personalized static prices and a static order;
//   items-agents     — items and agents left;
//   allocation       — plus the temporary allocation matrix x^t (n × m, binary);
//   price-allocation — plus the n × m matrix of prices each agent faced (the full history).
// The statistic only reads public information (who was visited, prices, purchases); the
// valuations are never read, by construction.
import type { Entry } from "../core/registry.js";
import { Registry } from "../core/registry.js";
import type { SpmEnv } from "./env.js";

export interface Statistic {
  name: string;
  /** Observation length for a setting with n agents and m items. */
  dim(n: number, m: number): number;
  /** Write episode b's observation into out[offset .. offset + dim). */
  write(env: SpmEnv, b: number, out: Float32Array, offset: number): void;
}

const agentsPart = (env: SpmEnv, b: number, out: Float32Array, o: number) => {
  for (let i = 0; i < env.n; i++) out[o + i] = env.agentsLeft[b * env.n + i];
  return o + env.n;
};
const itemsPart = (env: SpmEnv, b: number, out: Float32Array, o: number) => {
  for (let j = 0; j < env.m; j++) out[o + j] = env.itemsLeft[b * env.m + j];
  return o + env.m;
};
const allocPart = (env: SpmEnv, b: number, out: Float32Array, o: number) => {
  const nm = env.n * env.m;
  for (let k = 0; k < nm; k++) out[o + k] = env.alloc[b * nm + k];
  return o + nm;
};
const pricePart = (env: SpmEnv, b: number, out: Float32Array, o: number) => {
  const nm = env.n * env.m;
  for (let k = 0; k < nm; k++) out[o + k] = env.pricesFaced[b * nm + k];
  return o + nm;
};

const stat = (
  name: string,
  summary: string,
  dim: (n: number, m: number) => number,
  write: Statistic["write"],
): Entry<Statistic> => ({ name, summary, params: {}, create: () => ({ name, dim, write }) });

export const statistics = new Registry<Statistic>("statistic")
  .add(
    stat(
      "none",
      "no history: anonymous static prices (baseline)",
      () => 1,
      (_e, _b, out, o) => {
        out[o] = 1;
      },
    ),
  )
  .add(
    stat("agents", "agents left only: personalized static prices (baseline)", (n) => n, agentsPart),
  )
  .add(
    stat(
      "items-agents",
      "items and agents left",
      (n, m) => n + m,
      (e, b, out, o) => {
        itemsPart(e, b, out, agentsPart(e, b, out, o));
      },
    ),
  )
  .add(
    stat(
      "allocation",
      "items/agents left + allocation matrix",
      (n, m) => n + m + n * m,
      (e, b, out, o) => {
        allocPart(e, b, out, itemsPart(e, b, out, agentsPart(e, b, out, o)));
      },
    ),
  )
  .add(
    stat(
      "price-allocation",
      "items/agents left + allocation + prices faced (full history)",
      (n, m) => n + m + 2 * n * m,
      (e, b, out, o) => {
        pricePart(e, b, out, allocPart(e, b, out, itemsPart(e, b, out, agentsPart(e, b, out, o))));
      },
    ),
  );

/** Observations of all B episodes, B × dim. */
export function observe(stat: Statistic, env: SpmEnv, out?: Float32Array): Float32Array {
  const d = stat.dim(env.n, env.m);
  const o = out ?? new Float32Array(env.batch * d);
  for (let b = 0; b < env.batch; b++) stat.write(env, b, o, b * d);
  return o;
}
