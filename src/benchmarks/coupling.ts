// Couplings of two finite distributions over agent states, used to define the finite-difference
// impulse response of a discrete value process (docs/benchmarks-derivation.md §2b).
// - comonotone: both processes are driven by one common uniform shock U through their inverse
//   CDFs, v' = G⁻¹(U | v) ("common quantile shocks"); it preserves the order of the values.
// - independent: the two processes move independently.
import type { AgentState, Weighted } from "../problems/types.js";

export type CouplingKind = "comonotone" | "independent";

export interface Pair {
  p: number;
  a: AgentState;
  b: AgentState;
}

/** A joint distribution with marginals `da` and `db` (values of good 0 order the quantiles). */
export function couple(
  da: Weighted<AgentState>[],
  db: Weighted<AgentState>[],
  kind: CouplingKind,
): Pair[] {
  if (kind === "independent") {
    const out: Pair[] = [];
    for (const x of da) for (const y of db) out.push({ p: x.p * y.p, a: x.value, b: y.value });
    return out;
  }
  const sa = [...da].sort((x, y) => x.value.values[0] - y.value.values[0]);
  const sb = [...db].sort((x, y) => x.value.values[0] - y.value.values[0]);
  const out: Pair[] = [];
  // Walk both CDFs together: the common quantile U lies in [max(lowA, lowB), min(highA, highB)).
  let i = 0;
  let j = 0;
  let ca = sa.length ? sa[0].p : 0;
  let cb = sb.length ? sb[0].p : 0;
  let u = 0;
  while (i < sa.length && j < sb.length) {
    const top = Math.min(ca, cb);
    if (top - u > 1e-15) out.push({ p: top - u, a: sa[i].value, b: sb[j].value });
    u = top;
    if (ca <= cb) {
      i++;
      if (i < sa.length) ca += sa[i].p;
    } else {
      j++;
      if (j < sb.length) cb += sb[j].p;
    }
  }
  return out;
}
