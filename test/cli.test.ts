import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cli-process.js";

describe("mechlab CLI", () => {
  it("design (bilevel) writes a run directory whose mechanism evaluates to the certificate", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "mechlab-")), "run");
    const problem = "bandit-auction(horizon=2,discount=1)";
    const r = await cli("design", "--problem", problem, "--budget", "3", "--out", dir, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.designer).toMatch(/^bilevel\(/);
    expect(j.exploitability.exact).toBe(true);
    expect(j.exploitability.value).toBeLessThan(1e-6);
    for (const f of ["result.json", "mechanism.json", "metrics.csv", "convergence.svg"])
      expect(existsSync(join(dir, f))).toBe(true);
    const e = await cli(
      "evaluate",
      "--problem",
      problem,
      "--mechanism",
      join(dir, "mechanism.json"),
      "--json",
    );
    expect(e.code).toBe(0);
    expect(JSON.parse(e.out).revenue.value).toBeCloseTo(j.revenue.value, 9);
    const bad = await cli("design", "--problem", problem, "--designer", "bilevel(start=vcg)");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/start/);
  });

  it("design --resume continues from a checkpoint to the same result (bilevel)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-"));
    const args = ["--problem", "bandit-auction(horizon=2,discount=1)", "--budget", "12"];
    const tiny = ["--designer", "bilevel(flips=3)", "--json"];
    // The checkpoint written after 10 of the 13 payment LPs, moved into the finished run.
    const straight = await cli("design", ...args, ...tiny, "--out", join(dir, "a"));
    expect(straight.code).toBe(0);
    expect(existsSync(join(dir, "a.checkpoint.json"))).toBe(false);
    const ckpt = join(dir, "a", "checkpoint.json");
    expect(JSON.parse(readFileSync(ckpt, "utf8")).nextStep).toBe(10);
    const resumed = await cli("design", ...args, ...tiny, "--checkpoint", ckpt, "--resume");
    expect(resumed.code).toBe(0);
    const [a, b] = [straight, resumed].map((r) => JSON.parse(r.out));
    expect(b.revenue).toEqual(a.revenue);
    expect(b.metrics.chosenStep).toBe(a.metrics.chosenStep);
    expect(b.metrics.iterations).toBe(a.metrics.iterations);
  });

  it("design --resume continues an SGDA run from its checkpoint to the same result (penalty)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-"));
    const args = ["--problem", "bandit-auction(horizon=2,discount=0.9)", "--budget", "12"];
    const tiny = ["--designer", "penalty", "--width", "8", "--json"];
    // The checkpoint written when the 12 iterations ended (before certification), moved into
    // the finished run; resumed, it certifies the same candidates without training again.
    const straight = await cli("design", ...args, ...tiny, "--out", join(dir, "a"));
    expect(straight.code).toBe(0);
    const ckpt = join(dir, "a", "checkpoint.json");
    expect(JSON.parse(readFileSync(ckpt, "utf8"))).toMatchObject({ nextStep: 13, trained: true });
    const resumed = await cli("design", ...args, ...tiny, "--checkpoint", ckpt, "--resume");
    expect(resumed.code).toBe(0);
    const [a, b] = [straight, resumed].map((r) => JSON.parse(r.out));
    expect(b.revenue).toEqual(a.revenue);
    expect(b.exploitability).toEqual(a.exploitability);
    expect(b.metrics.training).toEqual(a.metrics.training);
    expect(b.candidates).toEqual(a.candidates);
  });

  it("design --kernel wasm is recorded, and its checkpoint does not resume under jax-js", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-"));
    const args = ["--problem", "bandit-auction(horizon=2,discount=0.9)", "--budget", "3"];
    const tiny = ["--designer", "penalty", "--width", "8", "--json"];
    const wasm = await cli("design", ...args, ...tiny, "--kernel", "wasm", "--out", join(dir, "a"));
    expect(wasm.code).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, "a", "result.json"), "utf8"));
    expect(result.config.kernel).toBe("wasm");
    // The other engine rounds differently: resuming under it is refused, naming the checkpoint.
    const ckpt = join(dir, "a", "checkpoint.json");
    const jax = await cli("design", ...args, ...tiny, "--checkpoint", ckpt, "--resume");
    expect(jax.code).toBe(2);
    expect(jax.err).toMatch(/^mechlab: --resume: .*"kernel":"wasm".*resume with the same/m);
  });

  it("design runs any registered designer (the toy random search) and list shows DESIGNERS", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "mechlab-")), "run");
    const problem = "bandit-auction(horizon=2,discount=1)";
    const args = ["--problem", problem, "--designer", "random-search", "--budget", "4"];
    const r = await cli("design", ...args, "--seed", "2", "--out", dir, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.designer).toMatch(/^random-search\(family=second-price/);
    for (const f of ["result.json", "mechanism.json", "metrics.csv", "candidates.svg"])
      expect(existsSync(join(dir, f))).toBe(true);
    const e = await cli(
      "evaluate",
      "--problem",
      problem,
      "--mechanism",
      join(dir, "mechanism.json"),
      "--json",
    );
    expect(JSON.parse(e.out).revenue.value).toBeCloseTo(j.revenue.value, 9);
    const list = await cli("list");
    expect(list.out).toMatch(/DESIGNERS[\s\S]*bilevel[\s\S]*handicap[\s\S]*random-search/);
    expect(list.out).toMatch(/--scenarios/);
  });

  it("design-grid writes grid.csv/grid.json with every run's seed, and refuses bad grids", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-grid-"));
    const problem = "bandit-auction(horizon=2,discount=0.9)";
    const args = ["--problem", problem, "--budget", "3", "--width", "8"];
    const r = await cli("design-grid", ...args, "--seeds", "0;1", "--out", dir, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.rows.map((x: { seed: number }) => x.seed)).toEqual([0, 1]);
    expect(readFileSync(join(dir, "grid.csv"), "utf8").trim().split("\n")).toHaveLength(3);
    const bad = await cli(
      "design-grid",
      ...args,
      "--lr-theta",
      "0.001;-1",
      "--out",
      join(dir, "x"),
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--lr-theta/);
    expect(existsSync(join(dir, "x"))).toBe(false);
  });

  it("start prints baselines, benchmarks and a certified designed mechanism", async () => {
    const r = await cli("start", "--problem", "bandit-auction(horizon=2)");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/pst-constant-handicap/);
    expect(r.out).toMatch(/exploitability \(certified\)\s+0\.0000/);
    expect(r.out).toMatch(/min interim utility/);
    // Certified baselines first; a truthful-assumed revenue is flagged when agents would lie.
    const certified = r.out
      .split("\n")
      .filter((l) => /^(second-price|first-price|posted-price|myerson)[(\s]/.test(l))
      .map((l) =>
        l
          .trim()
          .split(/\s{2,}/)
          .pop(),
      );
    expect(certified).toHaveLength(6);
    expect(certified.indexOf("yes")).toBe(0);
    expect(certified.lastIndexOf("yes")).toBeLessThan(certified.findIndex((c) => c !== "yes"));
    expect(r.out).toMatch(/^first-price\(reserve=0\).*no: not IC$/m);
  });

  it("evaluate --json prints one object with {value, exact} numbers", async () => {
    const r = await cli(
      "evaluate",
      "--problem",
      "bandit-auction(horizon=1)",
      "--mechanism",
      "myerson",
      "--json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.revenue).toEqual({ value: expect.closeTo(2, 12), exact: true });
    expect(j.exploitability.value).toBe(0);
    expect(j.agents[0].utilityByInitialType).toHaveLength(3);
    expect(j.agents[0].utility.exact).toBe(true);
  });

  it("bad input: one clear message naming the field, exit code 2, no output file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-"));
    const out = join(dir, "report.json");
    const cases: [string[], RegExp][] = [
      [
        ["--problem", "bandit-auction(discount=2)", "--mechanism", "myerson"],
        /discount: .*allowed: number > 0 ≤ 1/,
      ],
      [["--problem", "bandit-auction(horizon=0)", "--mechanism", "myerson"], /horizon: .*allowed/],
      [["--mechanism", "vickrey"], /--mechanism: unknown mechanism "vickrey"; known: /],
      [
        ["--mechanism", "myerson", "--mode", "fast"],
        /--mode: "fast" is not allowed; allowed: auto, exact, sampled/,
      ],
    ];
    for (const [args, msg] of cases) {
      const r = await cli("evaluate", ...args, "--out", out);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("design: flags a designer does not declare are refused, naming it; bad values exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-"));
    const out = join(dir, "run");
    const cont = "bandit-auction(values=continuous,horizon=2)";
    const cases: [string[], RegExp][] = [
      [
        ["--scenarios", "16"],
        /--scenarios: applies to .*penalty.*; designer bilevel takes --budget/,
      ],
      [["--problem", cont, "--designer", "handicap", "--adversary", "5"], /--adversary: applies/],
      [["--problem", cont, "--designer", "penalty", "--scenarios", "12"], /multiple of the 8/],
      [["--designer", "penalty", "--scenarios", "16"], /--scenarios: .*continuous types only/],
      [["--designer", "penalty", "--threads", "3"], /--threads: "3" is not allowed .*auto, 1, 2/],
      [["--problem", cont, "--designer", "penalty", "--threads", "2"], /--threads: .*discrete/],
      [
        ["--problem", cont, "--designer", "penalty", "--adversary-update", "lbfgs"],
        /--adversary-update: .*adam, npg/,
      ],
      [["--width", "32"], /--width: applies to .*; designer bilevel takes/],
      [["--designer", "penalty", "--width", "3"], /--width: 3 is out of range/],
      [
        ["--designer", "random-search", "--resume"],
        /--resume: designer random-search has no checkpoints/,
      ],
      [["--designer", "handicap", "--checkpoint", "c.json"], /--checkpoint: designer handicap/],
    ];
    for (const [args, msg] of cases) {
      const r = await cli("design", ...args, "--budget", "1", "--out", out);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("spm --prices: per-class (default) or per-item; a bad value exits 2 naming the flag", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-spm-"));
    const args = ["spm", "--setting", "inventory(agents=3,items=2)", "--statistic", "none"];
    const tiny = ["--baselines", "none", "--steps", "60", "--batch", "8", "--no-optimal"];
    const eps = ["--eval-episodes", "10", "--final-episodes", "10", "--json"];
    for (const mode of ["per-class", "per-item"]) {
      const out = join(dir, mode);
      const r = await cli(...args, ...tiny, ...eps, "--prices", mode, "--out", out);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).prices).toBe(mode);
      const saved = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
      // The first round's item prices: one shared price per class, or one per item.
      const first = saved.result.learned[0].runs[0].firstRound.prices;
      expect(first).toHaveLength(2);
      expect(first[0] === first[1]).toBe(mode === "per-class");
    }
    const bad = await cli(...args, "--prices", "per-bundle", "--out", join(dir, "bad"));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      /--prices: "per-bundle" is not allowed;.* allowed: per-class, per-item/,
    );
    expect(existsSync(join(dir, "bad"))).toBe(false);
  });

  it("loads a saved mechanism and rejects one saved for another problem", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-"));
    const file = join(dir, "m.json");
    const saved = {
      format: "mechlab.mechanism",
      schemaVersion: 1,
      mechlabVersion: "0.1.0",
      problem:
        "bandit-auction(values=discrete,agents=2,items=1,horizon=1,discount=0.85,cost=0,semantics=realized,grid=1;2;3,prior=uniform,mean=2.5,sd=0.1,upper=5,drift=0.01)",
      mechanism: "second-price",
      params: { reserve: 2 },
      seed: null,
      state: null,
    };
    writeFileSync(file, JSON.stringify(saved));
    const ok = await cli(
      "evaluate",
      "--problem",
      "bandit-auction(horizon=1)",
      "--mechanism",
      file,
      "--json",
      "--out",
      join(dir, "r.json"),
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "r.json"), "utf8")).mechanism).toBe(
      "second-price(reserve=2)",
    );
    const bad = await cli(
      "evaluate",
      "--problem",
      "bandit-auction(horizon=2)",
      "--mechanism",
      file,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/was made for problem .*horizon=1/);
  });

  it("list shows every problem and mechanism with keys and defaults", async () => {
    const r = await cli("list");
    expect(r.code).toBe(0);
    for (const word of [
      "bandit-auction",
      "second-price",
      "first-price",
      "myerson",
      "posted-price",
      "semantics",
      "reserve",
      "price",
      "discount",
    ]) {
      expect(r.out).toContain(word);
    }
  });

  it("reproduce writes its table as a markdown section with the command, and rejects unknown names", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mechlab-"));
    const md = join(dir, "t1.md");
    const r = await cli(
      "reproduce",
      "ama-table-1",
      "--rows",
      "1",
      "--methods",
      "smooth",
      "--markdown",
      md,
    );
    expect(r.code).toBe(0);
    const text = readFileSync(md, "utf8");
    expect(text).toMatch(
      /^## ama-table-1\n\nCommand: `mechlab reproduce ama-table-1 --rows 1 --methods smooth/,
    );
    expect(text).toContain("| n | m | VCG ours | VCG paper | smooth ours |");
    const bad = await cli("reproduce", "table-9", "--markdown", join(dir, "x.md"));
    expect(bad.code).toBe(2);
    expect(existsSync(join(dir, "x.md"))).toBe(false);
  });
});
