import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cli-process.js";
import { FIGURE_SETTINGS } from "../src/spm/reproductions.js";

describe("mechlab sweep (CLI)", () => {
  it("refuses a bad sweep file with one line naming the field, exit 2, nothing written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-sweep-cli-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      "command: evaluate\nbase: {mechanism: myerson, mode: fast}\naxes: {seed: [1, 2]}\n",
    );
    const r = await cli("sweep", file, "--store", join(dir, "store"));
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(
      /^mechlab: .*bad\.yaml: job 1: mode: .*"auto"\|"exact"\|"sampled"$/,
    );
    expect(existsSync(join(dir, "store"))).toBe(false);
  });

  it("reproduce --shard runs a reproduction's sweep form; one without a sweep form is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-sweep-cli-"));
    const bad = await cli(
      "reproduce",
      "clock-auctions",
      "--shard",
      "0/2",
      "--store",
      join(dir, "s"),
    );
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toMatch(
      /^mechlab: --shard: clock-auctions has no sweep form yet; .*ama-table-1.*spm-figures/,
    );
    const rows = await cli("reproduce", "ama-table-1", "--shard", "0/2", "--rows", "1");
    expect(rows.code).toBe(2);
    expect(rows.err.trim()).toMatch(/^mechlab: --rows: not with --queue\/--shard\/--jobs/);
    expect(existsSync(join(dir, "s"))).toBe(false);
  });

  it("spm-figures as a sweep: one spm-train job per training run of every setting", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-sweep-cli-"));
    const r = await cli("sweep", "spm-figures", "--store", join(dir, "s"), "--dry-run", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { jobs: { id: string; spec: { kind: string } }[] };
    // 3 statistics and 2 learned static baselines, each over its setting's seeds.
    const runs = 5 * FIGURE_SETTINGS.reduce((a, f) => a + f.budget.seeds, 0);
    expect(out.jobs).toHaveLength(runs);
    expect(new Set(out.jobs.map((j) => j.id)).size).toBe(runs);
    expect(out.jobs.every((j) => j.spec.kind === "spm-train")).toBe(true);
    expect(existsSync(join(dir, "s"))).toBe(false);
  });

  it("--dry-run --json lists every job as pending and runs nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-sweep-cli-"));
    const r = await cli(
      "sweep",
      "docs/examples/sweep-evaluate.yaml",
      "--store",
      join(dir, "s"),
      "--dry-run",
      "--json",
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      jobs: { id: string; status: string; spec: { kind: string } }[];
    };
    expect(out.jobs.map((j) => j.status)).toEqual(Array(6).fill("pending"));
    expect(new Set(out.jobs.map((j) => j.id)).size).toBe(6);
    expect(existsSync(join(dir, "s"))).toBe(false);
  });
});
