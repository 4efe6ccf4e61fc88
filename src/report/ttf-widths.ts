// Advance widths of characters from a TrueType file, enough to measure a line of text
// without a canvas (no kerning, no shaping: plot labels are short Latin strings).
// Tables used (OpenType spec): head.unitsPerEm, hhea.numberOfHMetrics, hmtx, cmap format 4.

/** Width in ems of each UTF-16 code unit's glyph, or `fallback` for unmapped characters. */
export type EmWidth = (charCode: number) => number;

export function ttfWidths(bytes: Uint8Array): EmWidth {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, number>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(...bytes.subarray(rec, rec + 4));
    tables.set(tag, view.getUint32(rec + 8));
  }
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`font file has no '${tag}' table`);
    return at;
  };
  const unitsPerEm = view.getUint16(table("head") + 18);
  const numberOfHMetrics = view.getUint16(table("hhea") + 34);
  const hmtx = table("hmtx");
  // Glyphs past numberOfHMetrics repeat the last advance width.
  const advance = (glyph: number) =>
    view.getUint16(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1)) / unitsPerEm;
  const glyphOf = cmapFormat4(view, table("cmap"));
  const fallback = advance(glyphOf(0x6e)); // "n", a typical lowercase width
  const cache = new Map<number, number>();
  return (code) => {
    let w = cache.get(code);
    if (w === undefined) {
      const g = glyphOf(code);
      w = g === 0 ? fallback : advance(g);
      cache.set(code, w);
    }
    return w;
  };
}

/** Character code → glyph id from the Unicode BMP subtable (platform 3 encoding 1, or 0). */
function cmapFormat4(view: DataView, cmap: number): (code: number) => number {
  const n = view.getUint16(cmap + 2);
  let sub = -1;
  for (let i = 0; i < n; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = view.getUint16(rec);
    const encoding = view.getUint16(rec + 2);
    const at = cmap + view.getUint32(rec + 4);
    if ((platform === 3 && encoding === 1) || platform === 0)
      if (view.getUint16(at) === 4) sub = at;
  }
  if (sub < 0) throw new Error("font file has no Unicode cmap subtable of format 4");
  const segCount = view.getUint16(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segCount + 2;
  const deltas = starts + 2 * segCount;
  const rangeOffsets = deltas + 2 * segCount;
  return (code) => {
    for (let s = 0; s < segCount; s++) {
      if (code > view.getUint16(ends + 2 * s)) continue;
      const start = view.getUint16(starts + 2 * s);
      if (code < start) return 0;
      const delta = view.getUint16(deltas + 2 * s);
      const ro = rangeOffsets + 2 * s;
      const offset = view.getUint16(ro);
      if (offset === 0) return (code + delta) & 0xffff;
      const g = view.getUint16(ro + offset + 2 * (code - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
}
