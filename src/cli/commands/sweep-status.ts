// `mechlab sweep-status FILE --queue URL`: collect the finished jobs of a (detached) sweep
// from the queue into the store and say how many are done, failed and pending; when all are
// done, print the summary.
import type { CliCommand } from "../command.js";
import { planSweep } from "../../sweep/plan.js";
import { QueueSession } from "../../sweep/queue/submit.js";
import { DEFAULT_STORE } from "../../sweep/store.js";
import { printJson } from "../output.js";
import { printSummary } from "./sweep.js";

export const sweepStatusCommand: CliCommand = {
  register(program) {
    program
      .command("sweep-status")
      .description("collect a queued sweep's finished jobs into the store and show its progress")
      .argument("<file>", "the sweep file that was submitted")
      .requiredOption("--queue <url>", "redis://HOST:PORT[/DB] or rediss://")
      .option("--store <dir>", "run store", DEFAULT_STORE)
      .option("--json", "print {jobs: [{id, status}], queue: counts}")
      .action(async (file: string, o: { queue: string; store: string; json?: boolean }) => {
        const plan = planSweep(file, o.store);
        const session = new QueueSession(o.queue);
        const status = new Map<string, string>();
        let counts;
        try {
          for (const j of plan.jobs) {
            if (plan.store.has(j.id)) status.set(j.id, "done");
            else status.set(j.id, (await session.collect(j.id, j.spec, plan.store)) ?? "pending");
          }
          counts = await session.counts();
        } finally {
          await session.close();
        }
        const n = (s: string) => [...status.values()].filter((x) => x === s).length;
        if (o.json) {
          printJson({
            jobs: plan.jobs.map((j) => ({ id: j.id, status: status.get(j.id) })),
            queue: counts,
          });
          return;
        }
        process.stdout.write(
          `${plan.jobs.length} jobs: ${n("done")} done, ${n("failed")} failed, ${n("pending")} pending ` +
            `(queue: ${Object.entries(counts)
              .map(([k, v]) => `${v} ${k}`)
              .join(", ")})\n`,
        );
        if (n("pending") === 0) {
          process.stdout.write("\n");
          printSummary(plan);
        }
      });
  },
};
