// `mechlab worker --queue URL`: run sweep jobs from a Redis queue until stopped (Ctrl-C or
// SIGTERM finish the running jobs first). Any number of workers on any machines.
import { availableParallelism } from "node:os";
import type { CliCommand } from "../command.js";
import { UsageError } from "../../core/errors.js";
import { startWorker } from "../../sweep/queue/worker.js";
import { parseIntOption } from "../resolve.js";

export const workerCommand: CliCommand = {
  register(program) {
    program
      .command("worker")
      .description("run sweep jobs from a Redis queue (docs/distributed.md)")
      .requiredOption("--queue <url>", "redis://HOST:PORT[/DB] or rediss://")
      .option(
        "--concurrency <k>",
        "jobs at once (threads)",
        parseIntOption("--concurrency", 1, 256),
        availableParallelism(),
      )
      .option(
        "--lock-seconds <s>",
        "a job whose worker is silent this long is retried on another worker",
        parseIntOption("--lock-seconds", 1, 3600),
        30,
      )
      .option("--quiet", "no line per job on stderr")
      .action(
        async (o: { queue: string; concurrency: number; lockSeconds: number; quiet?: boolean }) => {
          const w = startWorker(o.queue, {
            concurrency: o.concurrency,
            lockMs: o.lockSeconds * 1000,
            toleranceMs: 10_000,
            log: o.quiet ? () => {} : (line) => process.stderr.write(`mechlab worker: ${line}\n`),
          });
          for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => void w.stop());
          try {
            await w.finished;
          } catch (e) {
            await w.stop();
            throw new UsageError("--queue", (e as Error).message);
          }
        },
      );
  },
};
