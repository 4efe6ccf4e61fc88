// The run directory of `mechlab reproduce NAME --out-dir DIR`: result.json (the reproduced
// table as markdown, everything measured, the command) and the reproduction's figures as SVG
// and PNG; report.html shows the table (src/report/html/reproduction-view.ts) and the figures.
import type { ReproductionResult } from "../reproductions/reproduction.js";
import { renderPng, renderSvg } from "../report/plot.js";

export async function reproductionRunFiles(
  name: string,
  command: string,
  seconds: number,
  res: ReproductionResult,
): Promise<Record<string, string | Uint8Array>> {
  const result = {
    format: "mechlab.reproduction",
    name,
    command,
    seconds,
    table: res.text,
    result: res.json,
  };
  const files: Record<string, string | Uint8Array> = {
    "result.json": JSON.stringify(result, null, 2) + "\n",
  };
  for (const f of res.figures ?? []) {
    files[`${f.name}.svg`] = await renderSvg(f.figure);
    files[`${f.name}.png`] = await renderPng(f.figure);
  }
  return files;
}
