// A reproduction run (`mechlab reproduce NAME --out-dir DIR`): the reproduced table — ours
// beside the paper's — rendered from the reproduction's markdown text (pipe tables, headings,
// paragraphs; everything escaped).
import { escapeHtml as esc } from "./assets.js";
import { table } from "./cells.js";

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => esc(c.trim()));

/** Markdown of the kind reproductions print, as HTML. */
export function markdownHtml(md: string): string {
  const out: string[] = [];
  const lines = md.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim().startsWith("|")) {
      const block: string[] = [];
      while (i < lines.length && lines[i].trim().startsWith("|")) block.push(lines[i++]);
      i--;
      const rows = block.filter((l) => !/^\s*\|(\s*:?-+:?\s*\|)+\s*$/.test(l)).map(cells);
      out.push(table(rows[0], rows.slice(1)));
    } else if (/^#+ /.test(line)) out.push(`<h3>${esc(line.replace(/^#+ /, ""))}</h3>`);
    else if (line.trim() !== "") out.push(`<p>${esc(line)}</p>`);
  }
  return out.join("\n");
}

export function reproductionSection(r: Record<string, unknown>): string {
  if (r.format !== "mechlab.reproduction" || typeof r.table !== "string") return "";
  return `<h2>Reproduced: ${esc(String(r.name))}</h2>\n${markdownHtml(r.table)}`;
}
