// Plain-text tables for terminals and reports: the first column left-aligned, the others
// right-aligned (numbers), an optional header underlined with dashes. A number rounded to zero
// prints without its sign ("-0.0000" → "0.0000", also inside "± …" cells), whoever formatted it.
const NEGATIVE_ZERO = /(^|[^\w.])-(0(?:\.0+)?)(?![\w.])/g;

export function table(rows: (string | number)[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  const cells = all.map((r) =>
    r.map((c) =>
      (typeof c === "number" && Object.is(c, -0) ? "0" : String(c)).replace(NEGATIVE_ZERO, "$1$2"),
    ),
  );
  const widths: number[] = [];
  for (const r of cells) r.forEach((c, k) => (widths[k] = Math.max(widths[k] ?? 0, c.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, k) => (k === 0 ? c.padEnd(widths[k]) : c.padStart(widths[k])))
      .join("  ")
      .trimEnd();
  const lines = cells.map(fmt);
  if (header) lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return lines.join("\n");
}
