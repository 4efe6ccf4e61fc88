// Run one job in this process. Its spec has been validated once already — by the sweep's
// expansion (validateJob) or, on a queue worker, by its admission of the queued job (which
// trusts nothing it is sent) — so it is not validated again here: on trivial jobs a second
// validation (schema, problem and mechanism built once more, the id hashed) was a measurable
// part of the cost. Used by the job threads, and directly when one thread is enough.
import type { JobOutput } from "./job-kind.js";
import type { JobSpec } from "./job-spec.js";
import { findJobKind } from "./kinds/registry.js";

export async function runJob(spec: JobSpec): Promise<JobOutput> {
  return findJobKind(spec.kind).run(spec.params);
}
