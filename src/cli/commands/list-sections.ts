// One section of `mechlab list` for any registry: each name, what it is, its parameters.
import type { Entry } from "../../core/registry.js";
import { describe } from "../../core/spec.js";
import { table } from "../output.js";

export function registrySection(title: string, entries: Entry<unknown>[]): string {
  const out = [title];
  for (const e of entries) {
    out.push(`${e.name} — ${e.summary}`);
    const rows = Object.entries(e.params).map(([k, s]) => [
      `  ${k}`,
      String(s.default),
      describe(s),
      s.doc,
    ]);
    if (rows.length) out.push(table(rows, ["  key", "default", "allowed", "meaning"]));
    out.push("");
  }
  return out.join("\n");
}
