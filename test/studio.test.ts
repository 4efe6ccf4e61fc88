// The studio over a temporary runs folder: index, report built in memory, live metrics by
// server-sent events, and no path outside the folder served, however it is spelled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, symlinkSync } from "node:fs";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { buildMechanism, buildProblem, saveMechanism } from "../src/index.js";
import { studioApp } from "../src/studio/app.js";
import { resolveInside } from "../src/studio/safe-path.js";
import { liveRun } from "../src/core/live-run.js";
import { spawnSync } from "node:child_process";

const SECRET = "top-secret-outside-the-runs-folder";
const base = mkdtempSync(join(tmpdir(), "mechlab-studio-"));
const root = join(base, "runs");
let server: ReturnType<typeof serve>;
let port = 0;
let live: ReturnType<typeof liveRun>;

/** A raw GET (node:http sends the path as written: no URL normalisation of `..`). */
function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  mkdirSync(join(root, "design", "a"), { recursive: true });
  writeFileSync(join(base, "secret.txt"), SECRET);
  symlinkSync(join(base, "secret.txt"), join(root, "link.txt"));
  const problem = buildProblem("bandit-auction(horizon=1)");
  const mech = buildMechanism("second-price", problem);
  writeFileSync(
    join(root, "design", "a", "result.json"),
    JSON.stringify({
      problem: problem.name,
      designer: "test",
      certificate: {
        revenue: { value: 1.25, exact: true },
        exploitability: { value: -0, exact: true },
      },
    }),
  );
  writeFileSync(
    join(root, "design", "a", "mechanism.json"),
    JSON.stringify(saveMechanism(mech, problem)),
  );
  // A run going on (this process), and one whose process is gone.
  live = liveRun(join(root, "live"), "mechlab design --out live");
  live.onStep!({ step: 1, phase: "adam", metrics: { revenue: 1 } }, undefined);
  const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
  mkdirSync(join(root, "dead.running"));
  const info = { pid: dead, command: "mechlab design --out dead", started: "", out: "dead" };
  writeFileSync(join(root, "dead.running", "live.json"), JSON.stringify(info));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: studioApp(root, 50).fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
      port = (info as AddressInfo).port;
      resolve();
    });
  });
});
afterAll(() => {
  server?.close();
});

describe("mechlab studio", () => {
  it("lists runs with their certificates and serves a report built in memory", async () => {
    const index = await get("/");
    expect(index.status).toBe(200);
    expect(index.body).toContain("design/a");
    expect(index.body).toContain("1.2500 (exact)");
    expect(index.body).toContain("0.0000 (exact)"); // no negative zero
    expect(index.body).toMatch(/data-live="live.running"/);
    expect(index.body).toMatch(/dead\.running<\/td><td>stopped \(no result\)/);
    expect(index.body).not.toMatch(/href="\/runs\/(live|dead)\.running/);
    const report = await get("/runs/design/a/report.html");
    expect(report.status).toBe(200);
    expect(report.body).toContain('id="explorer-data"');
    const cmp = await get("/compare?run=design/a&run=live.running");
    expect(cmp.body.match(/<iframe/g)).toHaveLength(2);
  });

  it("refuses every path outside the runs folder", async () => {
    for (const path of [
      "/runs/../secret.txt",
      "/runs/..%2fsecret.txt",
      "/runs/%2e%2e/secret.txt",
      "/runs/%2e%2e%2fsecret.txt",
      "/runs/%252e%252e/secret.txt",
      "/runs/design/../../secret.txt",
      "/runs/..%5csecret.txt",
      `/runs/${encodeURIComponent(join(base, "secret.txt"))}`,
      `/runs//${join(base, "secret.txt")}`,
      "/runs/link.txt",
      "/events/..%2f",
    ]) {
      const r = await get(path);
      expect(r.body, path).not.toContain(SECRET);
      expect(r.status, path).toBe(404);
    }
    expect(resolveInside(root, "design/a/result.json")).toBe(
      join(root, "design", "a", "result.json"),
    );
    expect(resolveInside(root, "design/../design/a/result.json")).toBeNull();
  });

  it("streams a running run's metric rows, then names the run directory it became", async () => {
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/events/live.running" }, (res) => {
        expect(res.headers["content-type"]).toMatch(/text\/event-stream/);
        res.setEncoding("utf8");
        let buf = "";
        res.on("data", (d: string) => {
          buf += d;
          const blocks = buf.split("\n\n");
          buf = blocks.pop()!;
          for (const b of blocks) events.push(b.replace(/\n/g, " "));
          if (events.length === 1)
            live.onStep!({ step: 2, phase: "vertex search", metrics: { revenue: 2 } }, undefined);
          if (events.length === 2) {
            // As design does: the run directory, then the live folder goes (rows appended in
            // between are in the run's own metrics.csv).
            mkdirSync(join(root, "live"));
            writeFileSync(join(root, "live", "result.json"), "{}");
            live.close();
          }
          if (events.some((e) => e.startsWith("event: done"))) resolve();
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
    expect(events).toEqual([
      'event: row data: {"step":1,"phase":"adam","revenue":1}',
      'event: row data: {"step":2,"phase":"vertex search","revenue":2}',
      "event: done data: finished: live",
    ]);
    expect(existsSync(join(root, "live.running"))).toBe(false);
    const index = await get("/");
    expect(index.body).toMatch(/href="\/runs\/live\/report.html"/);
    expect(index.body).not.toContain("live.running");
  });
});
