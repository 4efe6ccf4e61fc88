// The certificate on a worker thread, so that it can be cancelled. Certifying a T = 5 candidate
// takes minutes of synchronous work; on the main thread a Ctrl-C handler would run only after
// it. Here the main thread only waits: an abort of `signal` (the CLI's Ctrl-C) terminates the
// thread at once. The mechanism crosses as its saved file (mechanisms/saved.ts), the problem as
// its name; the report is the one certify.ts gives on the main thread (tested).
import { Worker } from "node:worker_threads";
import { onWorkerDeath } from "../../core/worker-exit.js";
import type { EvaluationReport } from "../../evaluation/evaluate.js";
import { saveMechanism } from "../../mechanisms/saved.js";
import type { Mechanism } from "../../mechanisms/types.js";
import type { DynamicProblem } from "../../problems/types.js";
import type { CertifyProgress, SampledCertificate } from "./certify.js";
import { workerFiles } from "./worker-files.js";

/** The certificate was cancelled (its `signal` aborted) before it finished. */
export class CertificationAborted extends Error {
  constructor() {
    super("certification cancelled");
  }
}

export function certificateOnThread(
  problem: DynamicProblem,
  mechanism: Mechanism,
  sampled: SampledCertificate | undefined,
  onProgress: CertifyProgress | undefined,
  signal: AbortSignal,
): Promise<EvaluationReport> {
  if (signal.aborted) return Promise.reject(new CertificationAborted());
  const { boot, entries } = workerFiles("certify-worker");
  const worker = new Worker(boot, {
    workerData: {
      entry: entries["certify-worker"],
      problem: problem.name,
      mechanism: JSON.stringify(saveMechanism(mechanism, problem)),
      sampled,
    },
  });
  return new Promise<EvaluationReport>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", abort);
      void worker.terminate();
      f();
    };
    const abort = () => settle(() => reject(new CertificationAborted()));
    signal.addEventListener("abort", abort);
    worker.on(
      "message",
      (m: {
        progress?: { done: number; total: number; stage: string };
        report?: EvaluationReport;
        error?: string;
      }) => {
        if (m.progress) onProgress?.(m.progress.done, m.progress.total, m.progress.stage);
        else if (m.report) settle(() => resolve(m.report!));
        else settle(() => reject(new Error(`certification thread: ${m.error}`)));
      },
    );
    onWorkerDeath(worker, "certification thread", (e) => settle(() => reject(e)));
  });
}
