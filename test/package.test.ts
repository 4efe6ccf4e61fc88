// The package as a user gets it: `npm pack`, install the tarball into an empty project, then
// run the CLI from another folder and import the library by its name.
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packAndInstall, repo, run } from "./packed-project.js";

describe("the npm package", () => {
  it("packs without tests or sources, installs, runs from elsewhere and imports", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "mechlab-pkg-"));
    const { files, project } = await packAndInstall(tmp);
    expect(files).toContain("dist/cli/mechlab.js");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/spm/train-worker-boot.mjs");
    expect(files).toContain("dist/designers/inverse-game/network-worker.js");
    expect(files).toContain("dist/designers/inverse-game/network-supervisor.js");
    expect(files).toContain("dist/designers/inverse-game/certify-worker.js");
    expect(files.filter((f) => !/^(dist\/|package\.json$|README\.md$)/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.test\.|^test\/|^bench\//.test(f))).toEqual([]);

    expect(readdirSync(join(project, "node_modules"))).not.toContain("tsx");

    // The bin, run from a folder that is not the project (as after a global install).
    const elsewhere = join(tmp, "elsewhere");
    mkdirSync(elsewhere);
    const bin = join(project, "node_modules", ".bin", "mechlab");
    // `list` prints the listing the build wrote (dist/cli/list.txt): what the registries give.
    expect(files).toContain("dist/cli/list.txt");
    const live = await run(process.execPath, ["--import", "tsx", "src/cli/main.ts", "list"], {
      cwd: repo,
    });
    expect(live).toMatch(/^PROBLEMS/m);
    expect(await run(bin, ["list"], { cwd: elsewhere })).toBe(live);
    // A command that draws plots (Vega, resvg) and uses worker threads, from the compiled JS.
    const spm = ["spm", "--setting", "inventory(agents=3,items=2)", "--statistic", "none"];
    const tiny = ["--baselines", "none", "--steps", "40", "--batch", "8", "--no-optimal"];
    const eps = ["--eval-episodes", "10", "--final-episodes", "10", "--seeds", "2", "--jobs", "2"];
    const out = await run(bin, [...spm, ...tiny, ...eps, "--out", "run", "--json"], {
      cwd: elsewhere,
    });
    expect(JSON.parse(out).setting).toMatch(/^inventory/);
    const runFiles = readdirSync(join(elsewhere, "run"));
    expect(runFiles).toContain("result.json");
    expect(runFiles).toEqual(expect.arrayContaining(["learning-curve.svg", "learning-curve.png"]));
    // Its report inlines the chart libraries, vega-embed from dist/vendor (a build-time copy).
    const report = readFileSync(join(elsewhere, "run", "report.html"), "utf8");
    expect(report).toContain('id="curves-spec"');
    expect(report).toMatch(/\.vegaEmbed=/);

    // A local sweep runs its jobs in worker threads, whose entry must resolve from dist/cli/.
    writeFileSync(
      join(elsewhere, "sweep.json"),
      JSON.stringify({
        command: "evaluate",
        base: { problem: "bandit-auction(horizon=2)", mode: "exact" },
        axes: { mechanism: ["second-price", "myerson"] },
      }),
    );
    const swept = await run(bin, ["sweep", "sweep.json", "--store", "store", "--jobs", "2"], {
      cwd: elsewhere,
    });
    expect(swept).toMatch(/2 done, 0 skipped .*, 0 failed/);

    // The README's library example, by package name, with types resolved through `exports`.
    const readme = readFileSync(join(repo, "README.md"), "utf8");
    const example = /## The library\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toMatch(/from "mechlab";/);
    writeFileSync(join(project, "example.mts"), example!);
    // skipLibCheck as `tsc --init` sets it: @jax-js/jax's declarations name WebGPU types.
    const tsconfig = {
      compilerOptions: { module: "NodeNext", strict: true, noEmit: true, skipLibCheck: true },
    };
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ ...tsconfig, files: ["example.mts"] }),
    );
    await run(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "-p", project]);
    writeFileSync(join(project, "example.mjs"), example!);
    const printed = await run(process.execPath, ["example.mjs"], { cwd: project });
    // Revenue and exploitability, both computed exactly.
    expect(printed).toMatch(/^\{ value: [0-9.]+, exact: true \} \{ value: [0-9.]+, exact: true/);
  }, 300_000);
});
