// A problem checker in the spirit of Gymnasium's env checker: run it on a new problem to find
// broken distributions, shapes, bounds or non-determinism before evaluating mechanisms on it.
import { Rng } from "../engine/rng.js";
import type { AgentState, DynamicProblem, Outcome, Weighted } from "./types.js";

export interface CheckResult {
  ok: boolean;
  problems: string[];
  checks: number;
}

const TOL = 1e-9;

export function checkProblem(problem: DynamicProblem, seed = 0, trials = 200): CheckResult {
  const out: string[] = [];
  let checks = 0;
  const fail = (msg: string) => {
    if (out.length < 50) out.push(msg);
  };
  const n = problem.agents;
  const m = problem.goods;
  checks++;
  if (!(n >= 1 && Number.isInteger(n))) fail(`agents must be a positive integer, got ${n}`);
  if (!(m >= 1 && Number.isInteger(m))) fail(`goods must be a positive integer, got ${m}`);
  if (!(problem.horizon >= 1 && Number.isInteger(problem.horizon)))
    fail(`horizon must be a positive integer`);
  if (!(problem.discount > 0 && problem.discount <= 1))
    fail(`discount must be in (0, 1], got ${problem.discount}`);

  const inSpace = (i: number, s: AgentState, where: string) => {
    checks++;
    if (s.values.length !== m || s.consumed.length !== m) {
      fail(
        `${where}: agent ${i} state has ${s.values.length} values / ${s.consumed.length} counts, expected ${m}`,
      );
      return;
    }
    const space = problem.typeSpace(i);
    for (const v of s.values) {
      const ok =
        space.kind === "discrete" ? space.grid.includes(v) : v >= space.lo && v <= space.hi;
      if (!ok) fail(`${where}: agent ${i} value ${v} is outside its type space`);
    }
  };
  const sumsToOne = (d: Weighted<unknown>[], where: string) => {
    checks++;
    const s = d.reduce((a, w) => a + w.p, 0);
    if (Math.abs(s - 1) > TOL) fail(`${where}: probabilities sum to ${s}, not 1`);
    if (d.some((w) => w.p < 0)) fail(`${where}: negative probability`);
  };

  const rng = new Rng(seed);
  const randomOutcome = (): Outcome => {
    const alloc = new Float64Array(m * (n + 1));
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i <= n; i++)
        s += alloc[j * (n + 1) + i] = rng.uniform() < 0.3 ? 0 : rng.uniform();
      if (s === 0) alloc[j * (n + 1) + n] = s = 1;
      for (let i = 0; i <= n; i++) alloc[j * (n + 1) + i] /= s;
    }
    return { alloc, payments: new Float64Array(n) };
  };

  for (let i = 0; i < n; i++) {
    if (
      problem.typeSpace(i).kind === "discrete" &&
      problem.initialStates &&
      problem.transitionStates
    ) {
      const init = problem.initialStates(i);
      sumsToOne(init, `initialStates(${i})`);
      init.forEach((w) => inSpace(i, w.value, `initialStates(${i})`));
      // Walk reachable states for a few random outcomes.
      let frontier = init.map((w) => w.value);
      for (let t = 1; t < Math.min(problem.horizon, 4); t++) {
        const next: AgentState[] = [];
        for (const s of frontier.slice(0, 20)) {
          const c = problem.sampleRealization(randomOutcome(), rng).subarray(i * m, (i + 1) * m);
          const d = problem.transitionStates(i, s, c);
          sumsToOne(d, `transitionStates(${i}) at period ${t}`);
          d.forEach((w) => inSpace(i, w.value, `transitionStates(${i})`));
          next.push(...d.map((w) => w.value));
        }
        frontier = next;
      }
    }
    for (let k = 0; k < trials; k++) {
      let s = problem.sampleInitial(i, rng);
      inSpace(i, s, `sampleInitial(${i})`);
      for (let t = 1; t < problem.horizon; t++) {
        const c = problem.sampleRealization(randomOutcome(), rng).subarray(i * m, (i + 1) * m);
        s = problem.sampleTransition(i, s, c, rng);
        inSpace(i, s, `sampleTransition(${i})`);
      }
    }
  }
  for (let k = 0; k < 20; k++) {
    const o = randomOutcome();
    const r = problem.realizations(o);
    sumsToOne(r, "realizations");
    checks++;
    for (const w of r) {
      if (w.value.length !== n * m)
        fail(`realizations: consumption has length ${w.value.length}, expected ${n * m}`);
      // The expected consumption must equal the allocation probabilities.
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const e = r.reduce((a, w) => a + w.p * w.value[i * m + j], 0);
        checks++;
        if (Math.abs(e - o.alloc[j * (n + 1) + i]) > 1e-9)
          fail(
            `realizations: expected consumption of agent ${i}, good ${j} is ${e}, allocation says ${o.alloc[j * (n + 1) + i]}`,
          );
      }
    }
  }
  // Seeded determinism: the same seed gives the same draws.
  checks++;
  const draw = (s: number) => {
    const g = new Rng(s);
    const st = problem.sampleInitial(0, g);
    return [
      ...st.values,
      ...problem.sampleTransition(0, st, new Float64Array(m).fill(1), g).values,
    ].join(",");
  };
  if (draw(seed + 7) !== draw(seed + 7)) fail("sampling is not deterministic given the seed");
  return { ok: out.length === 0, problems: out, checks };
}
