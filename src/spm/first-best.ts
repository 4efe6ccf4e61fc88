// First-best welfare: the welfare-maximising allocation with full knowledge of valuations,
// an upper bound on every mechanism. Utility separates across item groups (unit demand
// within a group, additive across), so it is a sum of one assignment problem per group,
// solved by the Hungarian algorithm (Kuhn–Munkres, O(r²c)).

/** Maximum total weight of a matching in an r × c weight matrix (w ≥ 0, row-major). */
export function maxWeightMatching(w: ArrayLike<number>, r: number, c: number): number {
  // Hungarian algorithm with potentials for rows ≤ columns (transpose otherwise), minimising −w.
  const transpose = r > c;
  const R = transpose ? c : r;
  const C = transpose ? r : c;
  const cost = (i: number, j: number) => -(transpose ? w[j * c + i] : w[i * c + j]);
  const u = new Float64Array(R + 1);
  const v = new Float64Array(C + 1);
  const p = new Int32Array(C + 1); // p[j] = row matched to column j (1-based), 0 = none
  const way = new Int32Array(C + 1);
  const minv = new Float64Array(C + 1);
  const used = new Uint8Array(C + 1);
  for (let i = 1; i <= R; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= C; j++) {
        if (used[j]) continue;
        const cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= C; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  let total = 0;
  for (let j = 1; j <= C; j++) if (p[j]) total -= cost(p[j] - 1, j - 1);
  return total;
}

/** First-best welfare of one profile (n × m values) with item groups `group`. */
export function firstBestWelfare(
  values: ArrayLike<number>,
  n: number,
  m: number,
  group: Int32Array,
): number {
  let groups = 0;
  for (const g of group) groups = Math.max(groups, g + 1);
  let total = 0;
  for (let g = 0; g < groups; g++) {
    const items: number[] = [];
    for (let j = 0; j < m; j++) if (group[j] === g) items.push(j);
    const w = new Float64Array(n * items.length);
    for (let i = 0; i < n; i++)
      items.forEach((j, k) => (w[i * items.length + k] = values[i * m + j]));
    total += maxWeightMatching(w, n, items.length);
  }
  return total;
}
