// Dynamic AMA (Curry et al. 2024) design speed: for each of Tables 1–5, the largest row, timed per
// designer (design + evaluation on 10,000 profiles), beside the paper's runtime bounds.
// Writes docs/benchmarks/ama.md. Run: npx tsx bench/ama.ts [--rows last|first]
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { paperTables } from "../src/ama/paper-tables.js";
import { DESIGNER_KEYS, reproduceAmaTable, tableDesigners } from "../src/ama/reproductions.js";
import { stamp } from "./machine.js";

const which = process.argv.includes("first") ? "first" : "last";
const lines: string[] = [];
lines.push("## Dynamic affine maximizers (Curry et al. 2024)");
lines.push("");
lines.push(
  `Command: \`npx tsx bench/ama.ts\`. Machine: ${os.cpus()[0]?.model ?? "unknown CPU"} (${os.cpus().length} cores), Node ${process.version}. Run at ${stamp()}.`,
);
lines.push("");
lines.push(
  `One row per table (the ${which} row), each designer with the settings of \`mechlab reproduce ama-table-<k>\`; seconds = design + evaluation of VCG and the AMA on 10,000 profiles, wall clock, single thread. Paper: runtime bounds per table from its captions (hours).`,
);
lines.push("");
lines.push(
  "| table | n | m | designer | settings | seconds | objective (± s.e.) | paper bound (h) |",
);
lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const table of paperTables) {
  const r = which === "first" ? 1 : table.rows.length;
  const [row] = reproduceAmaTable(table, { seed: 0, rows: [r] });
  for (const k of DESIGNER_KEYS) {
    const c = row.cells[k]!;
    lines.push(
      `| ${table.id} | ${row.n} | ${row.m} | ${k} | \`${tableDesigners[table.id][k]}\` | ${c.seconds.toFixed(1)} | ${c.value.value.toFixed(4)} ± ${c.value.stderr!.toFixed(4)} | ${table.hours[k]} |`,
    );
  }
  process.stderr.write(`table ${table.id} done\n`);
}
lines.push("");
mkdirSync("docs/benchmarks", { recursive: true });
writeFileSync("docs/benchmarks/ama.md", lines.join("\n"));
process.stdout.write(lines.join("\n") + "\n");
