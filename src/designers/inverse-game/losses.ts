// The loss terms of Inverse Games eq. 4–5 with the κ-scaled pseudo-Huber smoothing
// φ_κ(x) = √(x² + κ²) − κ (Inverse Games §4), and their derivatives with respect to the estimates.
//
// IR (interim, the default): one term per agent and initial type, on its NEGATIVE part only,
// Σ_i Σ_k P(k) φ_κ(min(h_ik, 0)). Inverse Games eq. 4 writes β·Σ_i |h_i|, which also punishes
// positive utilities, i.e. it asks for full surplus extraction — infeasible together with IC
// whenever information rents are due; the constraint of eq. 3 is h_i ≥ 0, which this encodes.
// Ex-ante IR (`ir: "ex-ante"`) uses one term per agent on h_i = Σ_k P(k) h_ik.
import type { Estimates, LossCoefficients } from "./oracle.js";

export type IrNotion = "interim" | "ex-ante";

export const phi = (x: number, kappa: number): number => Math.sqrt(x * x + kappa * kappa) - kappa;
export const dphi = (x: number, kappa: number): number => x / Math.sqrt(x * x + kappa * kappa);

/** A scalar loss with its coefficients on the estimates (accumulated by the builders below). */
export class LossBuilder {
  value = 0;
  readonly coef: LossCoefficients;

  constructor(readonly est: Estimates) {
    this.coef = {
      revenue: 0,
      utility: est.utility.map(() => 0),
      interim: est.interim.map((h) => h.map(() => 0)),
      regret: est.regret.map(() => 0),
    };
  }

  /** scale · v */
  revenue(scale: number): this {
    this.value += scale * this.est.revenue;
    this.coef.revenue += scale;
    return this;
  }

  /** scale · φ_κ(v − δ): the smoothed profit loss |v − δ|. */
  profitLoss(scale: number, delta: number, kappa: number): this {
    const d = this.est.revenue - delta;
    this.value += scale * phi(d, kappa);
    this.coef.revenue += scale * dphi(d, kappa);
    return this;
  }

  /**
   * Σ_i scale_i · max(ψ_i, 0). The hinge matters with a learned adversary: a policy that lies
   * badly has ψ_i < 0, and rewarding the mechanism for making bad lies even worse (eq. 5 with
   * raw ψ) pulls θ away from revenue without buying any incentive compatibility.
   */
  regret(scale: number | number[]): this {
    this.est.regret.forEach((r, i) => {
      if (r <= 0) return;
      const s = typeof scale === "number" ? scale : scale[i];
      this.value += s * r;
      this.coef.regret[i] += s;
    });
    return this;
  }

  /** Σ_i scale · ψ_i₊² / 2 (augmented-Lagrangian quadratic term). */
  regretSquared(scale: number): this {
    this.est.regret.forEach((r, i) => {
      const rp = Math.max(r, 0);
      this.value += (scale * rp * rp) / 2;
      this.coef.regret[i] += scale * rp;
    });
    return this;
  }

  /** scale · IR loss (see irLoss). */
  ir(scale: number, kappa: number, notion: IrNotion): this {
    const { interim, interimProb } = this.est;
    interim.forEach((hs, i) => {
      if (notion === "interim") {
        hs.forEach((h, k) => {
          if (h >= 0) return;
          this.value += scale * interimProb[i][k] * phi(h, kappa);
          this.coef.interim[i][k] += scale * interimProb[i][k] * dphi(h, kappa);
        });
      } else {
        const h = hs.reduce((s, x, k) => s + interimProb[i][k] * x, 0);
        if (h >= 0) return;
        this.value += scale * phi(h, kappa);
        hs.forEach(
          (_, k) => (this.coef.interim[i][k] += scale * dphi(h, kappa) * interimProb[i][k]),
        );
      }
    });
    return this;
  }
}

/** Unsmoothed IR violation: Σ_i Σ_k P(k)·max(−h_ik, 0) (interim) or Σ_i max(−h_i, 0). */
export function irViolation(est: Estimates, notion: IrNotion): number {
  let v = 0;
  est.interim.forEach((hs, i) => {
    if (notion === "interim") hs.forEach((h, k) => (v += est.interimProb[i][k] * Math.max(-h, 0)));
    else v += Math.max(-hs.reduce((s, x, k) => s + est.interimProb[i][k] * x, 0), 0);
  });
  return v;
}

/** The smallest interim utility over agents and initial types. */
export const minInterim = (est: Estimates): number => Math.min(...est.interim.flat());
