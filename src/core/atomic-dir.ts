// All-or-nothing directories: every file is written into a private temporary folder beside
// the target, which is then renamed into place, so a reader (or a crash) never sees half a
// directory. Used by run directories (src/cli/output.ts) and the sweep run store.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";

/**
 * Write `files` (relative path → contents) as directory `dir`. With `replace`, an existing
 * `dir` is replaced; without it, an existing `dir` is kept and false is returned (the first
 * writer wins, e.g. two workers finishing the same job).
 */
export function writeDirAtomic(
  dir: string,
  files: Record<string, string | Uint8Array>,
  replace = true,
): boolean {
  // A private name per writer, so that concurrent writers never share a temporary folder.
  const partial = join(
    dirname(dir),
    `.${basename(dir)}.${process.pid}-${randomBytes(4).toString("hex")}.partial`,
  );
  mkdirSync(partial, { recursive: true });
  try {
    for (const [rel, content] of Object.entries(files)) {
      const path = join(partial, rel);
      if (rel.includes("/")) mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
    let old: string | undefined;
    if (existsSync(dir)) {
      if (!replace) {
        rmSync(partial, { recursive: true, force: true });
        return false;
      }
      // Keep the old directory until the new one is in place (a crash leaves one of them).
      old = `${partial}.old`;
      renameSync(dir, old);
    }
    try {
      renameSync(partial, dir);
      if (old) rmSync(old, { recursive: true, force: true });
    } catch (e) {
      if (old && !existsSync(dir)) renameSync(old, dir);
      // Another writer renamed its folder into place between our check and our rename.
      const code = (e as NodeJS.ErrnoException).code;
      if (!replace && (code === "ENOTEMPTY" || code === "EEXIST")) {
        rmSync(partial, { recursive: true, force: true });
        return false;
      }
      throw e;
    }
    return true;
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
}
