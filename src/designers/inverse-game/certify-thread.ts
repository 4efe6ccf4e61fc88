// Certificates on a worker thread, so that they can be cancelled. Certifying a T = 5 candidate
// takes minutes of synchronous work; on the main thread a Ctrl-C handler would run only after
// it. Here the main thread only waits: an abort of `signal` (the CLI's Ctrl-C) terminates the
// thread at once. One thread certifies a run's candidates in turn (its engine starts once); a
// mechanism crosses as its saved file (mechanisms/saved.ts), the problem as its name, and the
// report is the one certify.ts gives on the main thread (tested).
import { Worker } from "node:worker_threads";
import { UsageError } from "../../core/errors.js";
import { onWorkerDeath } from "../../core/worker-exit.js";
import type { EvaluationReport } from "../../evaluation/evaluate.js";
import { saveMechanism } from "../../mechanisms/saved.js";
import type { Mechanism } from "../../mechanisms/types.js";
import type { DynamicProblem } from "../../problems/types.js";
import type { CertifyProgress, SampledCertificate } from "./certify.js";
import type { CertifyJob, CertifyReply } from "./certify-worker.js";
import type { RebateInfo } from "./participation-rebate.js";
import { workerFiles } from "./worker-files.js";

/** The certificate was cancelled (its `signal` aborted) before it finished. */
export class CertificationAborted extends Error {
  constructor() {
    super("certification cancelled");
  }
}

interface Pending {
  resolve: (r: { report: EvaluationReport; rebate?: RebateInfo }) => void;
  reject: (e: Error) => void;
  onProgress?: CertifyProgress;
}

export class CertifyThread {
  private worker: Worker | undefined;
  private pending: Pending | undefined;
  /** Set once the thread is gone (aborted, died, closed): later calls reject with it. */
  private failure: Error | undefined;
  private readonly abort = () => this.fail(new CertificationAborted());

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener("abort", this.abort);
  }

  async certify(
    problem: DynamicProblem,
    mechanism: Mechanism,
    sampled: SampledCertificate | undefined,
    onProgress?: CertifyProgress,
  ): Promise<EvaluationReport> {
    return (await this.run(problem, mechanism, sampled, onProgress)).report;
  }

  /**
   * Pay a start=handicap design its participation rebate on these draws (its progress stage:
   * "participation rebate"), then certify the rebated mechanism: its report and the rebate.
   */
  rebateAndCertify(
    problem: DynamicProblem,
    mechanism: Mechanism,
    rebate: { samples: number; seed: number },
    sampled: SampledCertificate | undefined,
    onProgress?: CertifyProgress,
  ): Promise<{ report: EvaluationReport; rebate?: RebateInfo }> {
    return this.run(problem, mechanism, sampled, onProgress, rebate);
  }

  private run(
    problem: DynamicProblem,
    mechanism: Mechanism,
    sampled: SampledCertificate | undefined,
    onProgress?: CertifyProgress,
    rebate?: { samples: number; seed: number },
  ): Promise<{ report: EvaluationReport; rebate?: RebateInfo }> {
    if (this.signal.aborted) this.abort();
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error("certification thread: one at a time"));
    const worker = (this.worker ??= this.spawn());
    const job: CertifyJob = {
      problem: problem.name,
      mechanism: JSON.stringify(saveMechanism(mechanism, problem)),
      sampled,
      ...(rebate ? { rebate } : {}),
    };
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, onProgress };
      worker.postMessage(job);
    });
  }

  /** End the thread (idempotent). */
  close(): void {
    this.fail(new Error("certification thread: closed"));
  }

  private spawn(): Worker {
    const { boot, entries } = workerFiles("certify-worker");
    const worker = new Worker(boot, { workerData: { entry: entries["certify-worker"] } });
    worker.on("message", (m: CertifyReply) => {
      const p = this.pending;
      if (!p) return;
      if ("progress" in m)
        return p.onProgress?.(m.progress.done, m.progress.total, m.progress.stage);
      this.pending = undefined;
      if ("report" in m) p.resolve({ report: m.report, rebate: m.rebate });
      else if ("usage" in m) p.reject(new UsageError(m.usage.field, m.usage.message));
      else p.reject(new Error(`certification thread: ${m.error}`));
    });
    onWorkerDeath(worker, "certification thread", (e) => this.fail(e));
    return worker;
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.signal.removeEventListener("abort", this.abort);
    void this.worker?.terminate();
    this.pending?.reject(e);
    this.pending = undefined;
  }
}
