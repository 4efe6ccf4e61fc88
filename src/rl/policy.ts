// The actor-critic of the PPO learner: a 2-hidden-layer tanh MLP trunk (the paper's "standard
// 2-layer MLP") with two heads — scores for a masked categorical choice (for SPMs: which
// remaining agent to visit) and means μ of a Gaussian u ~ N(μ, σ²) for the bounded continuous
// actions (one state-independent log σ per action as in Stable Baselines; for SPMs the price
// is clip(u, 0, 1) or sigmoid(u), action-dist.ts) — and a separate value MLP.
// The learner keeps the parameters as one flat list (what Adam steps and checkpoints store);
// `policyGroups` names its parts, and is the only place that knows the order.
import { jit, np, type Tensor } from "../engine/jax.js";
import type { Rng } from "../engine/rng.js";
import { initMlp, mlp } from "./mlp.js";

export interface PolicyShape {
  obsDim: number;
  criticDim: number;
  nChoices: number;
  nContinuous: number;
  hidden: number;
}

export const LOG_2PI = Math.log(2 * Math.PI);

/** The actor's parameters: the shared trunk and the two heads' [weights, bias]. */
export interface ActorParams {
  trunk: Tensor[];
  choiceHead: [Tensor, Tensor];
  priceHead: [Tensor, Tensor];
}

/** The flat parameter list by name: actor, the log σ of the continuous actions, the critic. */
export interface PolicyParams {
  actor: ActorParams;
  logStd: Tensor;
  critic: Tensor[];
}

/** Named views of the flat list (no copies, no new references). */
export function policyGroups(p: Tensor[]): PolicyParams {
  return {
    actor: { trunk: p.slice(0, 4), choiceHead: [p[4], p[5]], priceHead: [p[6], p[7]] },
    logStd: p[8],
    critic: p.slice(9, 15),
  };
}

function flatten(g: PolicyParams): Tensor[] {
  const { trunk, choiceHead, priceHead } = g.actor;
  return [...trunk, ...choiceHead, ...priceHead, g.logStd, ...g.critic];
}

/** Trunk and heads: returns [choice scores, μ]. Consumes its arguments. */
export function actorHeads(a: ActorParams, obs: Tensor): [Tensor, Tensor] {
  const h = np.tanh(mlp(a.trunk, obs));
  const scores = np.matmul(h.ref, a.choiceHead[0]).add(a.choiceHead[1]);
  const mu = np.matmul(h, a.priceHead[0]).add(a.priceHead[1]);
  return [scores, mu];
}

export function initPolicyParams(
  rng: Rng,
  s: PolicyShape,
  initLogStd: number,
  initMean = 0,
): Tensor[] {
  const trunk = initMlp(rng, [s.obsDim, s.hidden, s.hidden], Math.SQRT2);
  const [choiceW, choiceB] = initMlp(rng, [s.hidden, s.nChoices], 0.01);
  const [priceW, priceB] = initMlp(rng, [s.hidden, s.nContinuous], 0.01);
  let priceBias = priceB;
  if (initMean !== 0) {
    priceB.dispose();
    priceBias = np.full([s.nContinuous], initMean);
  }
  const logStd = np.full([s.nContinuous], initLogStd);
  const critic = initMlp(rng, [s.criticDim, s.hidden, s.hidden, 1], 1);
  return flatten({
    actor: { trunk, choiceHead: [choiceW, choiceB], priceHead: [priceW, priceBias] },
    logStd,
    critic,
  });
}

/** Parameters as plain arrays (checkpoints, result files); does not consume them. */
export function snapshot(params: Tensor[]): { shape: number[]; data: number[] }[] {
  return params.map((p) => ({ shape: p.shape.slice(), data: Array.from(p.ref.dataSync()) }));
}

export function restore(snap: { shape: number[]; data: number[] }[]): Tensor[] {
  return snap.map((s) => np.array(new Float32Array(s.data)).reshape(s.shape));
}

/** Jitted forward pass for acting: [scores, μ, value] as plain arrays. */
export class PolicyForward {
  private readonly fwd = jit(
    (actor: ActorParams, critic: Tensor[], obs: Tensor, cobs: Tensor): Tensor[] => {
      const [scores, mu] = actorHeads(actor, obs);
      const v = mlp(critic, cobs);
      return [scores, mu, v];
    },
  );

  constructor(readonly shape: PolicyShape) {}

  run(
    params: Tensor[],
    obs: Float32Array,
    cobs: Float32Array,
    B: number,
  ): { scores: Float32Array; mu: Float32Array; value: Float32Array } {
    const s = this.shape;
    const { actor, critic } = policyGroups(params);
    const [scores, mu, v] = this.fwd(
      {
        trunk: actor.trunk.map((p) => p.ref),
        choiceHead: [actor.choiceHead[0].ref, actor.choiceHead[1].ref],
        priceHead: [actor.priceHead[0].ref, actor.priceHead[1].ref],
      },
      critic.map((p) => p.ref),
      np.array(obs).reshape([B, s.obsDim]),
      np.array(cobs).reshape([B, s.criticDim]),
    );
    return {
      scores: scores.dataSync() as Float32Array,
      mu: mu.dataSync() as Float32Array,
      value: v.dataSync() as Float32Array,
    };
  }
}

/**
 * Sample (or, if `deterministic`, take the mode of) the action distribution for one row:
 * categorical over legal choices (argmax when deterministic), u ~ N(μ, σ²) per active
 * continuous action (u = μ when deterministic). Returns log π(choice, u) (inactive continuous
 * actions do not count).
 */
export function sampleRow(
  rng: Rng,
  scores: ArrayLike<number>,
  sOff: number,
  legal: ArrayLike<number>,
  nChoices: number,
  mu: ArrayLike<number>,
  mOff: number,
  logStd: ArrayLike<number>,
  active: ArrayLike<number>,
  nCont: number,
  deterministic: boolean,
  out: { choice: number; u: Float64Array },
): number {
  let max = -Infinity;
  let arg = -1;
  for (let k = 0; k < nChoices; k++) {
    if (legal[sOff + k] && scores[sOff + k] > max) {
      max = scores[sOff + k];
      arg = k;
    }
  }
  let z = 0;
  for (let k = 0; k < nChoices; k++) if (legal[sOff + k]) z += Math.exp(scores[sOff + k] - max);
  let choice = arg;
  if (!deterministic) {
    let r = rng.uniform() * z;
    for (let k = 0; k < nChoices; k++) {
      if (!legal[sOff + k]) continue;
      r -= Math.exp(scores[sOff + k] - max);
      choice = k;
      if (r < 0) break;
    }
  }
  let logp = scores[sOff + choice] - max - Math.log(z);
  for (let k = 0; k < nCont; k++) {
    const sd = Math.exp(logStd[k]);
    const e = deterministic ? 0 : rng.normal();
    out.u[k] = mu[mOff + k] + sd * e;
    if (active[mOff + k]) logp += -0.5 * e * e - logStd[k] - 0.5 * LOG_2PI;
  }
  out.choice = choice;
  return logp;
}
