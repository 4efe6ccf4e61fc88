// The package as a user gets it: `npm pack` (which runs `prepare`, so dist/ is rebuilt from the
// current sources), then a project that depends only on the tarball, installed with `npm ci`.
// Its lock file is derived from ours, so npm installs exactly our versions, from the cache that
// `npm ci` filled where it can. Used by test/package.test.ts and bench/startup.ts.
import { execFile, type ExecFileOptions } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const repo = resolve(import.meta.dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Run a program and return its stdout; a failure carries its exit code, stderr and stdout. */
// Asynchronous, so that vitest's worker stays responsive during the minute-long build and install.
export async function run(
  cmd: string,
  args: string[],
  opts: ExecFileOptions = {},
): Promise<string> {
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

export interface PackedProject {
  /** The tarball's file list, as `npm pack --json` reports it. */
  files: string[];
  /** The installed project's folder. */
  project: string;
}

/** Pack the repository into `tmp` and install the tarball into `tmp/project`. */
export async function packAndInstall(tmp: string): Promise<PackedProject> {
  const packed = JSON.parse(
    await run(npm, ["pack", "--json", "--pack-destination", tmp], { cwd: repo }),
  );
  const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
  const project = join(tmp, "project");
  mkdirSync(project);
  projectFor(join(tmp, packed[0].filename), project);
  // --prefer-offline: from the cache `npm ci` filled; the registry only for what it lacks
  // (npm sometimes wants a package's metadata, which `npm ci` does not cache).
  await run(npm, ["ci", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: project });
  return { files, project };
}
