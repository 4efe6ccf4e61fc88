// Where the designers' worker threads start (network-worker.ts, network-supervisor.ts,
// certify-worker.ts). Worker threads do not inherit tsx's loader; the boot file (shared with
// src/spm/) registers it for a TypeScript entry. The folder holding spm/ is src/ or dist/ — two
// levels up from this module, one from the bundled dist/cli/mechlab.js.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The boot file's URL, and the URL of each entry `stem` of designers/inverse-game/. */
export function workerFiles<S extends string>(
  ...stems: S[]
): { boot: URL; entries: Record<S, string> } {
  const ts = import.meta.url.endsWith(".ts");
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "spm", "train-worker-boot.mjs"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("worker threads: spm/train-worker-boot.mjs not found");
    dir = up;
  }
  const entry = (stem: string) => {
    const f = join(dir, "designers", "inverse-game", `${stem}.${ts ? "ts" : "js"}`);
    if (!existsSync(f)) throw new Error(`worker threads: ${f} not found`);
    return pathToFileURL(f).href;
  };
  return {
    boot: pathToFileURL(join(dir, "spm", "train-worker-boot.mjs")),
    entries: Object.fromEntries(stems.map((s) => [s, entry(s)])) as Record<S, string>,
  };
}
