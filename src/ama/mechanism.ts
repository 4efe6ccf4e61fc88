// The dynamic affine maximizer mechanism (Curry et al. 2024 Def. 3.1) on one reported profile:
// policy π* maximizing asw = E_π[Σ_t γ^t (Σ_i w_i r_i + b)], solved exactly, and the
// Clarke-like payment
//   p_i = (1/w_i) (asw^(−i) − (asw − w_i · E_π*[Σ_t γ^t r_i])),
// where asw^(−i) is the best affine welfare without agent i (its reward table replaced by the
// environment's counterfactual, zero unless stated). The mechanism only ever sees reports.
import type { AmaEnvironment } from "./environment.js";
import { ExactSolver, Trajectory } from "./exact-solve.js";
import { weightsOf, type AmaParams } from "./params.js";

export interface AmaRun {
  /** Maximal affine social welfare for the reports. */
  asw: number;
  /** Payment of each agent (defined only when payments were requested). */
  payments: Float64Array;
  /** The chosen deterministic policy and the trajectory it follows from the start. */
  policy: Int32Array;
  trajectory: Trajectory;
}

export class AmaMechanism {
  readonly weights: Float64Array;
  private readonly R: Float64Array;
  private readonly Rm: Float64Array;
  private readonly solver: ExactSolver;
  private readonly cfSolver: ExactSolver;
  private readonly traj: Trajectory;
  private readonly payments: Float64Array;
  private readonly cf: (Float64Array | null)[];

  constructor(
    readonly env: AmaEnvironment,
    readonly params: AmaParams,
  ) {
    const { mdp } = env;
    const SA = mdp.nStates * mdp.nActions;
    this.weights = weightsOf(params);
    this.R = new Float64Array(SA);
    this.Rm = new Float64Array(SA);
    this.solver = new ExactSolver(mdp);
    this.cfSolver = new ExactSolver(mdp);
    this.traj = new Trajectory(mdp);
    this.payments = new Float64Array(env.nAgents);
    this.cf = Array.from({ length: env.nAgents }, (_, i) => env.counterfactualReward(i));
  }

  /**
   * Run on reported reward tables (layout of AmaEnvironment.fillRewards). The returned
   * object's arrays are reused by the next call.
   */
  run(reported: Float64Array, withPayments = true): AmaRun {
    const n = this.env.nAgents;
    const SA = this.R.length;
    const { R, Rm, weights: w } = this;
    R.set(this.params.boosts);
    for (let i = 0; i < n; i++) {
      const wi = w[i];
      const base = i * SA;
      for (let k = 0; k < SA; k++) R[k] += wi * reported[base + k];
    }
    const asw = this.solver.solve(R);
    this.traj.follow(this.solver.policy);
    if (withPayments) {
      for (let i = 0; i < n; i++) {
        const wi = w[i];
        const base = i * SA;
        const cf = this.cf[i];
        for (let k = 0; k < SA; k++) {
          Rm[k] = R[k] - wi * reported[base + k] + (cf ? wi * cf[k] : 0);
        }
        const aswWithout = this.cfSolver.solve(Rm);
        const own = this.traj.sum(reported, base);
        this.payments[i] = (aswWithout - (asw - wi * own)) / wi;
      }
    }
    return { asw, payments: this.payments, policy: this.solver.policy, trajectory: this.traj };
  }
}

/** Per-profile numbers under truthful reporting. */
export interface ProfileResult {
  revenue: number;
  welfare: number;
  /** The principal's objective: revenue, or the environment's loss (e.g. makespan). */
  objective: number;
}

/**
 * Evaluate one truthful profile. `rewards` are the true (= reported) tables, `loss` the
 * environment's loss table when its objective is a loss.
 */
export function truthfulProfile(
  mech: AmaMechanism,
  rewards: Float64Array,
  loss: Float64Array | null,
  out: ProfileResult,
): ProfileResult {
  const env = mech.env;
  const needPayments = env.objective === "revenue";
  const run = mech.run(rewards, needPayments);
  const SA = env.mdp.nStates * env.mdp.nActions;
  let welfare = 0;
  for (let i = 0; i < env.nAgents; i++) welfare += run.trajectory.sum(rewards, i * SA);
  let revenue = NaN;
  if (needPayments) {
    revenue = 0;
    for (let i = 0; i < env.nAgents; i++) revenue += run.payments[i];
  }
  out.revenue = revenue;
  out.welfare = welfare;
  out.objective = loss ? run.trajectory.sum(loss) : revenue;
  return out;
}
