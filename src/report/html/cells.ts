// Table cells shared by the report's sections: numbers (no negative zero), measured values
// (exact or sampled ± standard error) and plain HTML tables.
export interface M {
  value: number;
  exact?: boolean;
  stderr?: number;
  lowerBound?: boolean;
}

export const isM = (x: unknown): x is M =>
  typeof x === "object" && x !== null && typeof (x as M).value === "number";

export const num = (x: number) => {
  const s = x.toFixed(4);
  return s === "-0.0000" ? "0.0000" : s;
};

export const meas = (x: M) =>
  x.exact !== false || x.stderr === undefined
    ? `${num(x.value)}${x.exact === false ? "" : " <span class=tag>exact</span>"}`
    : `${num(x.value)} ± ${num(x.stderr)} <span class=tag>sampled</span>`;

/** An HTML table; cells are HTML (escape text before passing it). */
export function table(header: string[], rows: string[][]): string {
  const th = header.map((c) => `<th>${c}</th>`).join("");
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table><tr>${th}</tr>\n${tr}</table>`;
}
