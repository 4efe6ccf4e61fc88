// Training runs of a comparison as plain, serializable jobs, run one after another in this
// process or in parallel on worker threads (one per core by default). A run is a pure
// function of its job (its seed included), so the results do not depend on how many run at
// once (tested); only wall time does.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { onWorkerDeath } from "../core/worker-exit.js";
import type { PpoConfig } from "../rl/ppo.js";
import type { PriceMode } from "./item-classes.js";
import { buildSetting } from "./settings/registry.js";
import { statistics } from "./statistics.js";
import { trainSpmSync, type SpmTrainResult } from "./train.js";
import type { Objective } from "./types.js";

export interface TrainJob {
  /** Setting name with parameters, as `buildSetting` reads it. */
  setting: string;
  statistic: string;
  objective: Objective;
  prices?: PriceMode;
  seed: number;
  steps: number;
  batch?: number;
  evalEpisodes?: number;
  finalEpisodes?: number;
  ppo?: Partial<PpoConfig>;
}

/** One job in this process (the engine must be initialised). */
export function runJobSync(job: TrainJob): SpmTrainResult {
  return trainSpmSync({
    setting: buildSetting(job.setting),
    statistic: statistics.build(job.statistic, "--statistic").value,
    objective: job.objective,
    prices: job.prices,
    seed: job.seed,
    steps: job.steps,
    batch: job.batch,
    evalEpisodes: job.evalEpisodes,
    finalEpisodes: job.finalEpisodes,
    ppo: job.ppo,
  });
}

/** Default parallelism: one worker per core. */
export const defaultJobs = (): number => Math.max(1, availableParallelism());

/**
 * Run jobs with up to `parallel` at once; results in job order. `onDone(k)` is called as job k
 * finishes. With parallel ≤ 1 (or one job) everything runs in this process.
 */
export async function runJobs(
  jobs: TrainJob[],
  parallel: number,
  onDone?: (k: number, result: SpmTrainResult) => void,
): Promise<SpmTrainResult[]> {
  const results: SpmTrainResult[] = new Array(jobs.length);
  const workers = Math.min(parallel, jobs.length);
  if (workers <= 1) {
    jobs.forEach((job, k) => {
      results[k] = runJobSync(job);
      onDone?.(k, results[k]);
    });
    return results;
  }
  let next = 0;
  // On the first failure every worker is stopped, so that the process can exit with the error.
  const pool: Worker[] = [];
  let failed = false;
  const stopAll = () => {
    failed = true;
    pool.forEach((w) => void w.terminate());
  };
  // "../spm/" rather than "./": this module also runs bundled into dist/cli/mechlab.js, whose
  // sibling folder dist/spm/ holds the compiled worker; from src/ it runs as TypeScript.
  const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
  const boot = new URL("../spm/train-worker-boot.mjs", import.meta.url);
  const entry = new URL(`../spm/train-worker.${ext}`, import.meta.url).href;
  await Promise.all(
    Array.from(
      { length: workers },
      (_, t) =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(boot, { workerData: { entry } });
          pool.push(w);
          let finished = false;
          let job: number | undefined;
          const feed = () => {
            if (next >= jobs.length) {
              finished = true;
              void w.terminate().then(() => resolve());
              return;
            }
            job = next++;
            w.postMessage({ k: job, job: jobs[job] });
          };
          w.on(
            "message",
            (msg: { ready?: boolean; k?: number; result?: SpmTrainResult; error?: string }) => {
              if (msg.error !== undefined) {
                reject(
                  new Error(
                    `training job ${msg.k} (${jobs[msg.k!].setting}, ${jobs[msg.k!].statistic}): ${msg.error}`,
                  ),
                );
                stopAll();
                return;
              }
              if (msg.result && msg.k !== undefined) {
                results[msg.k] = msg.result;
                onDone?.(msg.k, msg.result);
              }
              feed();
            },
          );
          // A thread that dies (process.exit, an uncaught error, its heap limit) fails the
          // comparison at once, naming the job it was running, instead of leaving it waiting.
          onWorkerDeath(w, `training thread ${t + 1} of ${workers}`, (e) => {
            if (finished || failed) return;
            stopAll();
            const what =
              job === undefined
                ? ""
                : `training job ${job} (${jobs[job].setting}, ${jobs[job].statistic}): `;
            reject(new Error(what + e.message, { cause: e }));
          });
        }),
    ),
  );
  return results;
}
