// Environment checker (in the spirit of Gymnasium's check_env): plays random legal actions
// and reports every violated contract — observation shapes and bounds, fixed episode length,
// reward only at the end, seeded determinism, feasibility (no item sold twice), individual
// rationality of the agents' choices, and welfare ≤ first-best. Returns the problems found.
import { Rng } from "../engine/rng.js";
import { SpmEnv } from "./env.js";
import { firstBestWelfare } from "./first-best.js";
import { observe, type Statistic } from "./statistics.js";
import type { SpmSetting } from "./types.js";

interface Trace {
  obs: Float32Array[];
  rewards: Float64Array[];
  welfare: Float64Array;
}

function play(
  setting: SpmSetting,
  stat: Statistic,
  batch: number,
  seed: number,
  problems: string[],
): Trace {
  const env = new SpmEnv(setting, batch, "welfare");
  const rng = new Rng(seed + 1);
  env.reset(seed);
  const { n, m } = setting;
  const d = stat.dim(n, m);
  const trace: Trace = { obs: [], rewards: [], welfare: new Float64Array(0) };
  const agents = new Int32Array(batch);
  const prices = new Float64Array(batch * m);
  for (let t = 0; t < n; t++) {
    const o = observe(stat, env);
    if (o.length !== batch * d) problems.push(`observation length ${o.length} ≠ ${batch}·${d}`);
    for (const x of o)
      if (!(x >= 0 && x <= 1)) problems.push(`observation entry ${x} outside [0, 1]`);
    trace.obs.push(o);
    for (let b = 0; b < batch; b++) {
      const left: number[] = [];
      for (let i = 0; i < n; i++) if (env.agentsLeft[b * n + i]) left.push(i);
      agents[b] = left[rng.int(left.length)];
      for (let j = 0; j < m; j++) prices[b * m + j] = rng.uniform();
    }
    const { reward, done } = env.step(agents, prices);
    trace.rewards.push(reward);
    if (done !== (t === n - 1)) problems.push(`done=${done} at round ${t + 1} of ${n}`);
    if (!done && reward.some((r) => r !== 0))
      problems.push(`non-zero reward before the end (round ${t + 1})`);
  }
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < m; j++) {
      let holders = 0;
      for (let i = 0; i < n; i++) holders += env.alloc[(b * n + i) * m + j];
      if (holders > 1) problems.push(`episode ${b}: item ${j} allocated ${holders} times`);
    }
    for (let i = 0; i < n; i++) {
      if (env.agentValue(b, i) - env.payments[b * n + i] < -1e-12)
        problems.push(`episode ${b}: agent ${i} has negative utility`);
    }
    const fb = firstBestWelfare(
      env.values.subarray(b * n * m, (b + 1) * n * m),
      n,
      m,
      setting.group,
    );
    if (trace.rewards[n - 1][b] > fb + 1e-9)
      problems.push(`episode ${b}: welfare above first-best`);
  }
  trace.welfare = trace.rewards[n - 1];
  return trace;
}

/** All contract violations found in `batch` random episodes (empty = the env passes). */
export function checkEnv(setting: SpmSetting, stat: Statistic, batch = 16, seed = 7): string[] {
  const problems: string[] = [];
  const a = play(setting, stat, batch, seed, problems);
  const b = play(setting, stat, batch, seed, problems);
  const same = (x: ArrayLike<number>, y: ArrayLike<number>) =>
    x.length === y.length && Array.from(x).every((v, k) => v === y[k]);
  if (!a.obs.every((o, t) => same(o, b.obs[t])) || !same(a.welfare, b.welfare)) {
    problems.push("same seed gave different observations or rewards");
  }
  const c = play(setting, stat, batch, seed + 1000, problems);
  if (batch > 1 && same(a.welfare, c.welfare) && a.welfare.some((x) => x !== a.welfare[0])) {
    problems.push("different seeds gave identical rewards");
  }
  return [...new Set(problems)];
}
