// The studio serves files from one folder only. A request path is decoded once, must be
// relative, must not climb (`..`), and its real path (symlinks followed) must stay inside.
import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

/** The absolute path of `rel` inside `root`, or null when it would lie outside (or is odd). */
export function resolveInside(root: string, rel: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\") || isAbsolute(decoded)) return null;
  const parts = decoded.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === "..")) return null;
  const realRoot = realpathSync(root);
  const target = resolve(realRoot, ...parts);
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return null; // missing files are simply not served
  }
  const r = relative(realRoot, real);
  if (r === "") return real;
  if (r.startsWith("..") || isAbsolute(r) || r.split(sep)[0] === "..") return null;
  return real;
}
