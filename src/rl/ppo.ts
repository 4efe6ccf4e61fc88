// Proximal policy optimization (Schulman et al. 2017) on the shared engine: clipped surrogate
// objective (eq. 7), value loss and entropy bonus (eq. 9), GAE (gae.ts), advantage
// normalisation, several epochs of shuffled minibatches per rollout, global gradient-norm
// clipping, Adam with a constant or linearly decaying learning rate. Defaults follow Stable
// Baselines' PPO2 where it matters (clip 0.2, λ 0.95, 4 epochs, 4 minibatches, max grad norm
// 0.5, lr 2.5e-4 with linear decay, value coefficient 0.5). Every random draw (initial
// weights, actions, minibatch order, episode seeds) comes from one Rng seeded by
// `config.seed`, so a run is reproducible. The update step is jitted with fixed shapes.
import { CallbackList, type Callback, type StepRecord } from "../core/callbacks.js";
import { Adam } from "../engine/optim/adam.js";
import { jit, nn, np, valueAndGrad, type Tensor } from "../engine/jax.js";
import { Rng } from "../engine/rng.js";
import { defaultInitLogStd, initialMean, toAction, type ActionDist } from "./action-dist.js";
import type { BatchedEnv } from "./batched-env.js";
import { gae } from "./gae.js";
import {
  LOG_2PI,
  PolicyForward,
  actorHeads,
  initPolicyParams,
  policyGroups,
  sampleRow,
  snapshot,
  type PolicyShape,
} from "./policy.js";
import { mlp } from "./mlp.js";
import {
  explainedVariance,
  gatherMinibatch,
  newRollout,
  normalizeAdvantages,
  returnScale,
  shuffle,
  type Minibatch,
  type Rollout,
} from "./rollout.js";

export interface PpoConfig {
  seed: number;
  /** Rollout–update iterations; each plays env.batch episodes. */
  iterations: number;
  hidden: number;
  lr: number;
  lrSchedule: "constant" | "linear";
  epochs: number;
  minibatches: number;
  clip: number;
  gamma: number;
  lambda: number;
  entCoef: number;
  vfCoef: number;
  maxGradNorm: number;
  /** How a Gaussian sample becomes an action in [0, 1] (action-dist.ts). */
  actionDist: ActionDist;
  /** Initial log σ of the continuous actions (default: action-dist.ts, per distribution). */
  initLogStd?: number;
}

export const defaultPpoConfig: PpoConfig = {
  seed: 0,
  iterations: 100,
  hidden: 64,
  lr: 2.5e-4,
  lrSchedule: "linear",
  epochs: 4,
  minibatches: 4,
  clip: 0.2,
  gamma: 1,
  lambda: 0.95,
  entCoef: 0.0,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  actionDist: "clipped-gaussian",
};

export interface IterationInfo {
  iteration: number;
  /** Environment steps so far (rounds × episodes). */
  steps: number;
  /** Mean episode return of this iteration's rollout (sampled actions). */
  meanReturn: number;
  loss: number;
  lr: number;
  /**
   * The usual PPO diagnostics, as CleanRL logs them. approx-KL: the estimate E[(ρ−1) − log ρ]
   * of KL(π_old‖π) on the last minibatch (a policy that moves too far per update shows here).
   */
  approxKl: number;
  /** Share of samples whose ratio ρ was clipped (|ρ − 1| > ε), over all minibatches. */
  clipFraction: number;
  /** Mean entropy of the policy on the last minibatch (exploration left). */
  entropy: number;
  /** 1 − Var(R − V)/Var(R) of the rollout's value predictions V against the GAE returns R. */
  explainedVariance: number;
}

/** PPO's callbacks see each iteration's IterationInfo as the record's metrics, and the learner. */
export type PpoCallback = Callback<PpoLearner>;

/** An iteration's record for the callbacks (metrics: IterationInfo without `iteration`). */
export function iterationRecord(info: IterationInfo, total: number): StepRecord {
  const { iteration, ...metrics } = info;
  return { step: iteration, total, metrics: { ...metrics } };
}

/** Per-minibatch diagnostics returned beside the loss. */
type LossAux = {
  approxKl: Tensor;
  clipFraction: Tensor;
  entropy: Tensor;
};

export class PpoLearner {
  params: Tensor[];
  readonly shape: PolicyShape;
  readonly rng: Rng;
  private readonly forward: PolicyForward;
  private readonly opt: Adam;
  private readonly update: (
    p: Tensor[],
    b: Minibatch,
  ) => { loss: Tensor; aux: LossAux; grads: Tensor[] };
  /** Scale of the value targets (fixed after the first rollout): the critic predicts R / scale. */
  private valueScale = 0;

  constructor(
    readonly env: BatchedEnv,
    readonly config: PpoConfig,
  ) {
    this.rng = new Rng(config.seed);
    this.shape = {
      obsDim: env.obsDim,
      criticDim: env.criticDim,
      nChoices: env.nChoices,
      nContinuous: env.nContinuous,
      hidden: config.hidden,
    };
    const dist = config.actionDist;
    this.params = initPolicyParams(
      this.rng,
      this.shape,
      config.initLogStd ?? defaultInitLogStd(dist),
      initialMean(dist),
    );
    this.forward = new PolicyForward(this.shape);
    this.opt = new Adam(this.params, config.lr, { eps: 1e-5 });
    const lossAndGrad = valueAndGrad(ppoLoss(config), { hasAux: true });
    const { maxGradNorm } = config;
    this.update = jit((p: Tensor[], b: Minibatch) => {
      const [[loss, aux], grads] = lossAndGrad(p, b) as [[Tensor, LossAux], Tensor[]];
      // Global gradient-norm clipping: g ← g · min(1, max_norm / ‖g‖).
      let sq: Tensor = np.array(0);
      for (const g of grads) sq = sq.add(np.sum(np.square(g.ref)));
      const scale = np.minimum(np.divide(maxGradNorm, np.sqrt(sq).add(1e-6)), 1);
      return { loss, aux, grads: grads.map((g) => g.mul(scale.ref)) };
    }) as unknown as typeof this.update;
  }

  /** log σ of the continuous actions as plain numbers. */
  logStd(): Float32Array {
    return policyGroups(this.params).logStd.ref.dataSync() as Float32Array;
  }

  /**
   * Play one batch of episodes; fills the rollout buffers when `buf` is given (training) and
   * returns the episode returns. Deterministic mode plays the mode of the policy (evaluation).
   */
  play(
    env: BatchedEnv,
    seed: number,
    deterministic: boolean,
    buf?: Rollout,
    /** Sees every round's actions before the environment steps (e.g. to table the policy). */
    onActions?: (t: number, choice: Int32Array, continuous: Float64Array) => void,
  ): Float64Array {
    const { obsDim, criticDim, nChoices, nContinuous } = this.shape;
    const B = env.batch;
    const T = env.horizon;
    const obs = new Float32Array(B * obsDim);
    const cobs = new Float32Array(B * criticDim);
    const legal = new Uint8Array(B * nChoices);
    const active = new Uint8Array(B * nContinuous);
    const choice = new Int32Array(B);
    const cont = new Float64Array(B * nContinuous);
    const logStd = this.logStd();
    const row = { choice: 0, u: new Float64Array(nContinuous) };
    const returns = new Float64Array(B);
    const actRng = deterministic ? new Rng(0) : this.rng;
    env.reset(seed);
    for (let t = 0; t < T; t++) {
      env.observe(obs, cobs, legal, active);
      const out = this.forward.run(this.params, obs, cobs, B);
      for (let b = 0; b < B; b++) {
        const logp = sampleRow(
          actRng,
          out.scores,
          b * nChoices,
          legal,
          nChoices,
          out.mu,
          b * nContinuous,
          logStd,
          active,
          nContinuous,
          deterministic,
          row,
        );
        choice[b] = row.choice;
        for (let k = 0; k < nContinuous; k++)
          cont[b * nContinuous + k] = toAction(this.config.actionDist, row.u[k]);
        if (buf) {
          const k = t * B + b;
          buf.obs.set(obs.subarray(b * obsDim, (b + 1) * obsDim), k * obsDim);
          buf.cobs.set(cobs.subarray(b * criticDim, (b + 1) * criticDim), k * criticDim);
          for (let c = 0; c < nChoices; c++) {
            buf.maskAdd[k * nChoices + c] = legal[b * nChoices + c] ? 0 : -1e9;
            buf.onehot[k * nChoices + c] = c === row.choice ? 1 : 0;
          }
          for (let c = 0; c < nContinuous; c++) {
            buf.u[k * nContinuous + c] = row.u[c];
            buf.active[k * nContinuous + c] = active[b * nContinuous + c];
          }
          buf.logp[k] = logp;
          buf.values[k] = out.value[b] * this.valueScale;
        }
      }
      onActions?.(t, choice, cont);
      const { reward } = env.step(choice, cont);
      for (let b = 0; b < B; b++) {
        returns[b] += reward[b];
        if (buf) buf.rewards[t * B + b] = reward[b];
      }
    }
    return returns;
  }

  /** Train for config.iterations (or until a callback says stop). */
  train(callbacks: PpoCallback[] = []): IterationInfo[] {
    const env = this.env;
    const cfg = this.config;
    const B = env.batch;
    const T = env.horizon;
    const N = B * T;
    const M = Math.floor(N / cfg.minibatches);
    if (M < 1) throw new RangeError("fewer samples than minibatches");
    const buf = newRollout(N, this.shape);
    const history: IterationInfo[] = [];
    const cb = new CallbackList(callbacks);
    cb.onStart({ total: cfg.iterations, firstStep: 1 });
    for (let it = 0; it < cfg.iterations; it++) {
      // 1. Anneal the learning rate.
      const lr = cfg.lrSchedule === "linear" ? cfg.lr * (1 - it / cfg.iterations) : cfg.lr;
      this.opt.lr = lr;

      // 2. Roll out B episodes of T rounds with the current policy.
      const rets = this.play(env, this.rng.nextU32() | 0, false, buf);
      if (this.valueScale === 0) this.valueScale = returnScale(rets);

      // 3. Advantages (GAE) and value targets; advantages normalised over the whole rollout.
      const { advantages, returns } = gae(buf.rewards, buf.values, T, B, cfg.gamma, cfg.lambda);
      const adv = normalizeAdvantages(advantages);
      const ret = Float32Array.from(returns, (r) => r / this.valueScale);

      // 4. Optimise the policy and value network: epochs × shuffled minibatches.
      let lossSum = 0;
      let clipSum = 0;
      let updates = 0;
      let last = { approxKl: NaN, entropy: NaN };
      const order = Int32Array.from({ length: N }, (_, k) => k);
      for (let e = 0; e < cfg.epochs; e++) {
        shuffle(order, this.rng);
        for (let mb = 0; mb < cfg.minibatches; mb++) {
          const idx = order.subarray(mb * M, (mb + 1) * M);
          const batch = gatherMinibatch(buf, adv, ret, idx, this.shape);
          const { loss, aux, grads } = this.update(
            this.params.map((p) => p.ref),
            batch,
          );
          this.params = this.opt.step(this.params, grads);
          lossSum += scalar(loss);
          clipSum += scalar(aux.clipFraction);
          last = { approxKl: scalar(aux.approxKl), entropy: scalar(aux.entropy) };
          updates++;
        }
      }

      // 5. Log the iteration; callbacks may stop training.
      let meanReturn = 0;
      for (const r of rets) meanReturn += r / B;
      const info: IterationInfo = {
        iteration: it + 1,
        steps: (it + 1) * N,
        meanReturn,
        loss: lossSum / updates,
        lr,
        approxKl: last.approxKl,
        clipFraction: clipSum / updates,
        entropy: last.entropy,
        explainedVariance: explainedVariance(buf.values, returns),
      };
      history.push(info);
      if (cb.onStep(iterationRecord(info, cfg.iterations), this) === "stop") break;
    }
    cb.onEnd({ step: history.length, stoppedBy: cb.stoppedBy });
    return history;
  }

  /** The policy's mode for one observation with every choice legal: argmax choice, action(μ). */
  firstAction(obs: Float32Array, cobs: Float32Array): { agent: number; prices: number[] } {
    const out = this.forward.run(this.params, obs, cobs, 1);
    let agent = 0;
    for (let k = 1; k < this.shape.nChoices; k++) if (out.scores[k] > out.scores[agent]) agent = k;
    const dist = this.config.actionDist;
    return { agent, prices: Array.from(out.mu, (u) => toAction(dist, u)) };
  }

  /** Parameters as plain arrays (checkpoint). */
  checkpoint(): { shape: number[]; data: number[] }[] {
    return snapshot(this.params);
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
    this.params = [];
    this.opt.dispose();
  }
}

/**
 * The PPO loss on one minibatch (Schulman et al. 2017, eq. 9, as a loss to minimise):
 *   L = −E[min(ρÂ, clip(ρ, 1−ε, 1+ε)Â)] + c_v·E[(V − R)²] − c_e·E[H(π)],  ρ = π/π_old,
 * and, beside it, the diagnostics (approx-KL, clip fraction, entropy).
 */
function ppoLoss(config: PpoConfig) {
  const { clip, vfCoef, entCoef } = config;
  return (p: Tensor[], b: Minibatch): [Tensor, LossAux] => {
    const { actor, logStd, critic } = policyGroups(p);
    // log π of the taken action: masked categorical choice + diagonal Gaussian of the active u.
    const [scores, mu] = actorHeads(actor, b.obs);
    const logsm = nn.logSoftmax(scores.add(b.maskAdd), -1);
    const logpChoice = np.sum(logsm.ref.mul(b.onehot), -1);
    const entChoice = np.negative(np.sum(np.exp(logsm.ref).mul(logsm), -1));
    const z = b.u.sub(mu).mul(np.exp(np.negative(logStd.ref)));
    const logpCont = np.sum(
      b.active.ref.mul(
        np
          .square(z)
          .mul(-0.5)
          .sub(logStd.ref)
          .sub(0.5 * LOG_2PI),
      ),
      -1,
    );
    const entCont = np.sum(b.active.mul(logStd.add(0.5 * (1 + LOG_2PI))), -1);
    const logRatio = logpChoice.add(logpCont).sub(b.oldLogp);
    const ratio = np.exp(logRatio.ref);

    // Policy loss. min(a, b) written as a − relu(a − b): jax-js's minimum sends no gradient to
    // either argument at a tie, and at ratio = 1 (the first minibatch of every rollout) a = b.
    const a = ratio.ref.mul(b.advantages.ref);
    const bClip = np.clip(ratio.ref, 1 - clip, 1 + clip).mul(b.advantages);
    const surr = a.ref.sub(nn.relu(a.sub(bClip)));

    // Value loss and entropy bonus.
    const v = mlp(critic, b.cobs).reshape([-1]);
    const vLoss = np.mean(np.square(v.sub(b.returns)));
    const entropy = np.mean(entChoice.add(entCont));
    const loss = np.negative(np.mean(surr)).add(vLoss.mul(vfCoef)).sub(entropy.ref.mul(entCoef));

    // Diagnostics (no gradient flows from them): KL estimate and clipped share.
    const approxKl = np.mean(ratio.ref.sub(1).sub(logRatio));
    const clipped = np.greater(np.abs(ratio.sub(1)), clip).astype(np.float32);
    return [loss, { approxKl, clipFraction: np.mean(clipped), entropy }];
  };
}

/** A scalar tensor's value (consumes it). */
function scalar(t: Tensor): number {
  return (t.dataSync() as Float32Array)[0];
}
