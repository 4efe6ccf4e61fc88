// Every job kind a sweep, a worker or a shard may run. Add a kind: one file in this folder plus
// one line here.
import { UsageError } from "../../core/errors.js";
import type { JobKind } from "../job-kind.js";
import { amaKind } from "./ama.js";
import { clockKind } from "./clock.js";
import { designKind } from "./design.js";
import { evaluateKind } from "./evaluate.js";
import { pricingKind } from "./pricing.js";
import { spmKind } from "./spm.js";
import { spmTrainKind } from "./spm-train.js";

export const jobKinds: JobKind[] = [
  evaluateKind,
  amaKind,
  spmKind,
  spmTrainKind,
  clockKind,
  pricingKind,
  designKind,
];

export function findJobKind(name: unknown, field = "command"): JobKind {
  const kind = jobKinds.find((k) => k.name === name);
  if (!kind)
    throw new UsageError(
      field,
      `unknown job kind ${JSON.stringify(name)}; allowed: ${jobKinds.map((k) => k.name).join(", ")}`,
    );
  return kind;
}
