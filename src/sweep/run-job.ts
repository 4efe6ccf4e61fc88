// Run one job in this process: validate it again (a worker trusts nothing it is sent), then
// call its kind. Used by the job threads, and directly when one thread is enough.
import type { JobOutput } from "./job-kind.js";
import { validateJob, type JobSpec } from "./job-spec.js";
import { findJobKind } from "./kinds/registry.js";

export async function runJob(spec: JobSpec): Promise<JobOutput> {
  const job = validateJob(spec?.kind, spec?.params, "job");
  return findJobKind(job.spec.kind).run(job.spec.params);
}
