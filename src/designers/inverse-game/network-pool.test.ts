import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { initEngine } from "../../engine/jax.js";
import { neuralMechanism } from "../../mechanisms/neural/mechanism.js";
import { allocFeatureBatch } from "../../mechanisms/neural/features.js";
import { ExactTreeOracle, type ThreadsOption } from "./exact-oracle.js";
import { NetworkPool } from "./network-pool.js";
import type { PoolCommand } from "./network-protocol.js";
import { toTensors } from "./params.js";
import { fourSgdaSteps, sgdaProblem, startTheta } from "./exact-sgda.fixture.js";

const problem = sgdaProblem;

// 512-row chunks: the union batch (~2,200 rows) spans 5 chunks, split 3 + 2 over two workers.
const run = (threads: ThreadsOption) => fourSgdaSteps({ threads, chunkRows: 512 });

describe("network pool (worker threads for the exact oracle's network)", () => {
  it("two worker threads give bit-identical losses, revenues, regrets and θ to one thread", async () => {
    await initEngine();
    const one = run(1);
    const two = run(2);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(two.losses).toEqual(one.losses);
    expect(two.revenues).toEqual(one.revenues);
    expect(two.regret).toEqual(one.regret);
    // θ moved (the comparison is not between two copies of the start) …
    const start = startTheta();
    expect(one.theta.some((t, k) => t.some((v, j) => v !== start[k][j]))).toBe(true);
    // … and identically, bit for bit.
    one.theta.forEach((t, k) => expect(Array.from(two.theta[k])).toEqual(Array.from(t)));
  }, 60_000);

  it("auto keeps a one-chunk union batch on this thread", async () => {
    await initEngine();
    const mech = neuralMechanism(problem, { width: 8, payments: "fraction", init: 0 });
    const oracle = new ExactTreeOracle(problem, mech.layout, mech.arch, { regret: "full" });
    expect(oracle.unionRows(0)).toBeLessThan(4096);
    expect(oracle.threads()).toBe(1);
    oracle.dispose();
  });

  it("refuses a second command while a reply is unread, instead of taking the stale reply for it", async () => {
    await initEngine();
    const mech = neuralMechanism(problem, { width: 8, payments: "fraction", init: 0 });
    const pool = new NetworkPool(mech.layout, mech.arch, 1);
    try {
      pool.upload(0, allocFeatureBatch(mech.layout, 10), 16);
      const theta = () => toTensors(mech.weights, mech.shapes);
      const first = pool.forwardStart(0, theta());
      expect(() => pool.forwardStart(0, theta())).toThrow(/previous reply was never read/);
      // The first command's reply is still its own: 10 rows of allocations.
      const { alloc } = first();
      expect(alloc.length).toBe(10 * mech.layout.m * (mech.layout.n + 1));
    } finally {
      pool.dispose();
    }
  }, 60_000);

  it.each(["jax", "wasm"] as const)(
    "a %s worker that dies mid-request wakes every wait at once, naming it; later calls fail fast",
    async (kernel) => {
      await initEngine();
      const mech = neuralMechanism(problem, { width: 8, payments: "fraction", init: 0 });
      const pool = new NetworkPool(mech.layout, mech.arch, 2, kernel);
      const inside = pool as unknown as {
        threads: object[];
        post(t: object, msg: PoolCommand): void;
        wait(t: object): unknown;
      };
      const died = /^network pool: worker thread 2 of 2 died \(exit code 7\); the pool is stopped$/;
      try {
        pool.upload(0, allocFeatureBatch(mech.layout, 10), 4);
        const t0 = performance.now();
        inside.post(inside.threads[1], { type: "exit", code: 7 });
        // The main thread blocks on thread 1's survivor, thread 0, which was sent nothing and
        // would never answer: the death of thread 1 must still end the wait.
        expect(() => inside.wait(inside.threads[0])).toThrow(died);
        // Generous bounds for a loaded CI machine: the point is that the wait ends at all.
        expect(performance.now() - t0).toBeLessThan(15_000);
        const t1 = performance.now();
        expect(() => pool.forwardStart(0, toTensors(mech.weights, mech.shapes))).toThrow(died);
        expect(performance.now() - t1).toBeLessThan(5_000);
      } finally {
        pool.dispose();
      }
    },
    60_000,
  );

  it("a process that is interrupted or forgets dispose() still exits (no hanging worker)", () => {
    // The child starts a two-thread oracle and then either returns without dispose() or is
    // sent SIGINT while an iteration loop runs; either way it must exit within the timeout.
    const src = (f: string) => pathToFileURL(join(process.cwd(), "src", f)).href;
    const script = `
      import { initEngine } from "${src("engine/jax.ts")}";
      import { Rng } from "${src("engine/rng.ts")}";
      import { buildProblem } from "${src("problems/registry.ts")}";
      import { neuralMechanism } from "${src("mechanisms/neural/mechanism.ts")}";
      import { ExactTreeOracle } from "${src("designers/inverse-game/exact-oracle.ts")}";
      import { toTensors } from "${src("designers/inverse-game/params.ts")}";
      await initEngine();
      const problem = buildProblem("bandit-auction(horizon=3,discount=0.9)");
      const mech = neuralMechanism(problem, { width: 8, payments: "fraction", init: 0 });
      const o = new ExactTreeOracle(problem, mech.layout, mech.arch, {
        regret: "full", threads: 2, chunkRows: 512,
      });
      const theta = toTensors(mech.weights, mech.shapes);
      const w = [0, 1].map((i) => toTensors(o.initPolicy(new Rng(i)), o.policyShapes()));
      o.evaluate(theta, w, [0, 0]);
      console.log("threads", o.threads());
      if (process.argv[2] === "loop") {
        setTimeout(() => process.kill(process.pid, "SIGINT"), 300);
        for (;;) {
          o.evaluate(theta, w, [0, 0]);
          await new Promise((r) => setImmediate(r));
        }
      }
    `;
    const dir = mkdtempSync(join(tmpdir(), "mechlab-pool-"));
    const file = join(dir, "child.mts");
    writeFileSync(file, script);
    for (const mode of ["forget", "loop"]) {
      const r = spawnSync(process.execPath, ["--import", "tsx", file, mode], {
        encoding: "utf8",
        timeout: 40_000,
      });
      expect(r.error).toBeUndefined(); // not killed by the timeout
      expect(r.stdout).toContain("threads 2");
      if (mode === "forget") expect(r.status).toBe(0);
      else expect(r.signal).toBe("SIGINT");
    }
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});
