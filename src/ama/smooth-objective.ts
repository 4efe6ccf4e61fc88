// The smoothed design objective and its gradient in θ = [b, ω] (w = exp ω), for the smooth
// designer. Per profile, with every max replaced by the soft solve (soft-solve.ts):
//   revenue: Σ_i (1/w_i)(asw_α^(−i) − asw_α) + sw^(π_α)      (Curry et al. 2024 §4, revenue formula)
//   loss:    −E_{π_α}[loss]                                  (score = −loss, e.g. makespan)
// The asw terms' gradients are occupancy measures (the envelope theorem, Curry et al. 2024 App. C);
// the sw / loss term is differentiated through the soft policy (soft-solve.ts). As α → 0
// this tends to the exact objective (Curry et al. 2024 Thm 4.3 / Cor. 4.4).
import type { AmaEnvironment } from "./environment.js";
import type { ProfileBank } from "./evaluate.js";
import { weightsOf, type AmaParams } from "./params.js";
import { SoftSolver } from "./soft-solve.js";

export class SmoothObjective {
  private readonly solver: SoftSolver;
  private readonly rewards: Float64Array;
  private readonly loss: Float64Array | null;
  private readonly sw: Float64Array;
  private readonly R: Float64Array;
  private readonly Rm: Float64Array;
  private readonly gR: Float64Array;
  private readonly cf: (Float64Array | null)[];

  constructor(
    readonly env: AmaEnvironment,
    readonly alpha: number,
  ) {
    const SA = env.mdp.nStates * env.mdp.nActions;
    this.solver = new SoftSolver(env.mdp);
    this.rewards = new Float64Array(env.nAgents * SA);
    this.loss = env.fillLoss ? new Float64Array(SA) : null;
    this.sw = new Float64Array(SA);
    this.R = new Float64Array(SA);
    this.Rm = new Float64Array(SA);
    this.gR = new Float64Array(SA);
    this.cf = Array.from({ length: env.nAgents }, (_, i) => env.counterfactualReward(i));
  }

  /**
   * Mean smoothed score (revenue, or −loss) over bank profiles `indices`; adds the mean
   * gradient w.r.t. boosts to gradB and w.r.t. log-weights to gradOmega.
   */
  scoreAndGrad(
    params: AmaParams,
    bank: ProfileBank,
    indices: ArrayLike<number>,
    gradB: Float64Array,
    gradOmega: Float64Array,
  ): number {
    const env = this.env;
    const n = env.nAgents;
    const SA = this.R.length;
    const w = weightsOf(params);
    const gw = new Float64Array(n);
    const { rewards, R, Rm, gR, sw, solver } = this;
    const scale = 1 / indices.length;
    let total = 0;
    for (let k = 0; k < indices.length; k++) {
      const types = bank.profile(indices[k]);
      env.fillRewards(types, rewards);
      R.set(params.boosts);
      for (let i = 0; i < n; i++) {
        for (let x = 0; x < SA; x++) R[x] += w[i] * rewards[i * SA + x];
      }
      solver.solve(R, this.alpha);
      gR.fill(0);
      if (env.objective === "loss") {
        if (!this.loss || !env.fillLoss) throw new Error(`${env.name} has no loss table`);
        env.fillLoss(types, this.loss);
        total += solver.valueAndGrad(this.loss, 0, -1, gR);
        this.accumulate(gR, w, -1, null, scale, gradB, gw);
        continue;
      }
      sw.fill(0);
      let invSum = 0;
      for (let i = 0; i < n; i++) {
        invSum += 1 / w[i];
        for (let x = 0; x < SA; x++) sw[x] += rewards[i * SA + x];
      }
      const V = solver.V[env.mdp.start];
      total += solver.valueAndGrad(sw, -invSum, 1, gR);
      this.accumulate(gR, w, -1, null, scale, gradB, gw);
      for (let i = 0; i < n; i++) gw[i] += (scale * V) / (w[i] * w[i]);
      for (let i = 0; i < n; i++) {
        const cf = this.cf[i];
        for (let x = 0; x < SA; x++) {
          Rm[x] = R[x] - w[i] * rewards[i * SA + x] + (cf ? w[i] * cf[x] : 0);
        }
        const Vi = solver.solve(Rm, this.alpha);
        gR.fill(0);
        total += solver.valueAndGrad(null, 1 / w[i], 0, gR);
        this.accumulate(gR, w, i, cf, scale, gradB, gw);
        gw[i] -= (scale * Vi) / (w[i] * w[i]);
      }
    }
    // Chain rule through w = exp(ω).
    for (let i = 0; i < n; i++) gradOmega[i] += gw[i] * w[i];
    return total * scale;
  }

  /**
   * Push ∂J/∂R into the boosts and weights, for R = b + Σ_j w_j r_j where agent `without`
   * (if ≥ 0) has its table replaced by cf (zero when null).
   */
  private accumulate(
    gR: Float64Array,
    _w: Float64Array,
    without: number,
    cf: Float64Array | null,
    scale: number,
    gradB: Float64Array,
    gw: Float64Array,
  ): void {
    const SA = gR.length;
    const rewards = this.rewards;
    for (let x = 0; x < SA; x++) gradB[x] += scale * gR[x];
    for (let j = 0; j < this.env.nAgents; j++) {
      let dot = 0;
      if (j === without) {
        if (cf) for (let x = 0; x < SA; x++) dot += gR[x] * cf[x];
      } else {
        for (let x = 0; x < SA; x++) dot += gR[x] * rewards[j * SA + x];
      }
      gw[j] += scale * dot;
    }
  }
}
