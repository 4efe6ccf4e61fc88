// The chart libraries a report inlines (minified builds from node_modules), so that a report
// is one file that opens offline. Read once per process.
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const BUILDS: [pkg: string, file: string][] = [
  ["vega", "build/vega.min.js"],
  ["vega-lite", "build/vega-lite.min.js"],
  ["vega-embed", "build/vega-embed.min.js"],
];

/**
 * vega-embed is a build-time dependency: `npm run build` copies its bundle to dist/vendor/, so
 * the installed package needs neither it nor its own dependencies. From the sources (dev), it
 * is read from node_modules.
 */
function vendored(file: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++, dir = dirname(dir)) {
    const p = join(dir, "vendor", file);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** A package's folder (their `exports` maps hide the build files from require.resolve). */
function packageDir(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  while (!existsSync(join(dir, "package.json")) || !dir.endsWith(pkg)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of package ${pkg}`);
    dir = up;
  }
  return dir;
}

let scripts: string | undefined;

/** `<script>` elements defining the globals vega, vegaLite and vegaEmbed. */
export function chartScripts(): string {
  scripts ??= BUILDS.map(([pkg, file]) =>
    inlineScript(readFileSync(vendored(basename(file)) ?? join(packageDir(pkg), file), "utf8")),
  ).join("\n");
  return scripts;
}

/** A script element whose text cannot end it early (`</script` inside strings). */
export function inlineScript(js: string): string {
  return `<script>${js.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--")}</script>`;
}

/** JSON safe to embed in a `<script type="application/json">`. */
export function inlineJson(id: string, data: unknown): string {
  const text = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<script type="application/json" id="${id}">${text}</script>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
