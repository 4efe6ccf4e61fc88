// The package as a user gets it: `npm pack` (which builds dist/), install the tarball into an
// empty project, then run the CLI from another folder and import the library by its name.
// The project's lock file is derived from ours, so npm installs exactly our versions, from
// the cache that `npm ci` filled where it can.
import { describe, expect, it } from "vitest";
import { execFile, type ExecFileOptions } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

// Asynchronous, so that vitest's worker stays responsive during the minute-long build and install.
async function run(cmd: string, args: string[], opts: ExecFileOptions = {}): Promise<string> {
  try {
    const r = await promisify(execFile)(cmd, args, {
      encoding: "utf8",
      maxBuffer: 1 << 26,
      ...opts,
    });
    return String(r.stdout);
  } catch (e) {
    const x = e as { code?: number; stderr?: string; stdout?: string };
    throw new Error(`${cmd} ${args.join(" ")} exited ${x.code}:\n${x.stderr}${x.stdout}`);
  }
}

/** A project depending only on the tarball, its lock file pinning our non-dev dependencies. */
function projectFor(tarball: string, dir: string): void {
  const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8"));
  const root = lock.packages[""];
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    "": { name: "user-project", version: "1.0.0", dependencies: { mechlab: spec } },
    "node_modules/mechlab": {
      version: root.version,
      resolved: spec,
      dependencies: root.dependencies,
      bin: root.bin,
      engines: root.engines,
    },
  };
  for (const [path, entry] of Object.entries<{ dev?: boolean }>(lock.packages))
    if (path !== "" && !entry.dev) packages[path] = entry;
  const pkg = { name: "user-project", version: "1.0.0", type: "module", private: true };
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ ...pkg, dependencies: { mechlab: spec } }),
  );
  const projectLock = { name: pkg.name, version: pkg.version, lockfileVersion: 3, packages };
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify(projectLock));
}

describe("the npm package", () => {
  it("packs without tests or sources, installs, runs from elsewhere and imports", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "mechlab-pkg-"));
    // `npm pack` runs `prepare`, so dist/ is rebuilt from the current sources.
    const packed = JSON.parse(
      await run(npm, ["pack", "--json", "--pack-destination", tmp], { cwd: repo }),
    );
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain("dist/cli/mechlab.js");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/spm/train-worker-boot.mjs");
    expect(files.filter((f) => !/^(dist\/|package\.json$|README\.md$)/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.test\.|^test\/|^bench\//.test(f))).toEqual([]);

    const project = join(tmp, "project");
    mkdirSync(project);
    projectFor(join(tmp, packed[0].filename), project);
    // --prefer-offline: from the cache `npm ci` filled; the registry only for what it lacks
    // (npm sometimes wants a package's metadata, which `npm ci` does not cache).
    await run(npm, ["ci", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: project });
    expect(readdirSync(join(project, "node_modules"))).not.toContain("tsx");

    // The bin, run from a folder that is not the project (as after a global install).
    const elsewhere = join(tmp, "elsewhere");
    mkdirSync(elsewhere);
    const bin = join(project, "node_modules", ".bin", "mechlab");
    expect(await run(bin, ["list"], { cwd: elsewhere })).toMatch(/^PROBLEMS/m);
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
    expect(runFiles.some((f) => f.endsWith(".svg"))).toBe(true);
    // Its report inlines the chart libraries, vega-embed from dist/vendor (a build-time copy).
    const report = readFileSync(join(elsewhere, "run", "report.html"), "utf8");
    expect(report).toContain('id="curves-spec"');
    expect(report).toMatch(/\.vegaEmbed=/);

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
