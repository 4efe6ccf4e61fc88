import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { onWorkerDeath, WorkerDied } from "./worker-exit.js";

/** The error a worker running `code` dies with, and how long after its start. */
function death(code: string, opts: ConstructorParameters<typeof Worker>[1] = {}) {
  const t0 = performance.now();
  return new Promise<{ e: WorkerDied; ms: number }>((resolve) => {
    const w = new Worker(code, { eval: true, ...opts });
    onWorkerDeath(w, "test thread 1", (e) => resolve({ e, ms: performance.now() - t0 }));
  });
}

describe("onWorkerDeath", () => {
  it("reports process.exit inside the thread with its exit code", async () => {
    const { e, ms } = await death("process.exit(7)");
    expect(e.message).toBe("test thread 1 died (exit code 7)");
    expect(e.exitCode).toBe(7);
    expect(ms).toBeLessThan(5000);
  });

  it("reports an uncaught error once, with its message", async () => {
    let calls = 0;
    const { e } = await new Promise<{ e: WorkerDied }>((resolve) => {
      const w = new Worker("throw new Error('boom')", { eval: true });
      onWorkerDeath(w, "test thread 2", (e) => {
        calls++;
        // A second call would come with the same 'exit'; give it a turn to show up.
        setTimeout(() => resolve({ e }), 50);
      });
    });
    expect(calls).toBe(1);
    expect(e.message).toBe("test thread 2 died (exit code 1: boom)");
  });

  it("reports a thread killed at its heap limit", async () => {
    const { e } = await death("const a = []; for (;;) a.push(new Array(1e5).fill(a.length));", {
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    expect(e.exitCode).toBe(1);
    expect((e.error as NodeJS.ErrnoException).code).toBe("ERR_WORKER_OUT_OF_MEMORY");
    expect(e.message).toMatch(/^test thread 1 died \(exit code 1: .*memory/);
  });
});
