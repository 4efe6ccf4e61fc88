// Job kind `ama`: `mechlab ama --json` as a job (design a dynamic affine maximizer, compare
// with VCG); the run files are those of `mechlab ama --out`.
import { z } from "zod";
import { AMA_ENVS, amaEnvSpec } from "../../ama/env-spec.js";
import { buildAmaEnvironment } from "../../ama/environments/registry.js";
import { buildAmaDesigner } from "../../ama/designers/registry.js";
import { amaRunFiles, runAma, runSummary } from "../../ama/run.js";
import type { JobKind } from "../job-kind.js";
import { int, num } from "./schema-parts.js";
import { JOB_KIND_SUMMARIES } from "./catalog.js";

const schema = z
  .object({
    env: z.enum(AMA_ENVS),
    agents: int(1, 8),
    items: int(1, 8),
    gamma: num(0, 1).optional(),
    dist: z.enum(["symmetric", "asymmetric"]).optional(),
    designer: z.string().default("smooth"),
    samples: int(10, 10_000_000).default(10_000),
    seed: int(0, 2 ** 31 - 1).default(0),
  })
  .strict();
type Params = z.infer<typeof schema>;

const environment = (p: Params) => buildAmaEnvironment(amaEnvSpec(p, ""), "env");

export const amaKind: JobKind = {
  name: "ama",
  summary: JOB_KIND_SUMMARIES.ama,
  schema: schema as unknown as JobKind["schema"],
  check(raw) {
    const p = raw as Params;
    environment(p);
    buildAmaDesigner(p.designer, "designer");
  },
  async run(raw) {
    const p = raw as Params;
    const result = runAma(environment(p), {
      designer: p.designer,
      samples: p.samples,
      seed: p.seed,
    });
    const files = amaRunFiles(result);
    delete files["result.json"]; // the store writes result.json itself
    return { result: runSummary(result), files };
  },
  metrics(result) {
    const r = result as ReturnType<typeof runSummary>;
    return { vcg: r.vcg.value, ama: r.ama.value, difference: r.difference.value };
  },
};
