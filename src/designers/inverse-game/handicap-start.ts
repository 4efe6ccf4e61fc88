// The SGDA designers' warm start `start=handicap` (continuous types, one good): the handicap
// designer's mechanism, certified as the handicap designer certifies it (its "start" numbers),
// and the network as a residual on it (mechanisms/neural/residual.ts).
import { UsageError } from "../../core/errors.js";
import type { Measured } from "../../core/measured.js";
import { ResidualMechanism } from "../../mechanisms/neural/residual.js";
import type { Mechanism } from "../../mechanisms/types.js";
import type { DynamicProblem } from "../../problems/types.js";
import { isDiscrete } from "../../problems/types.js";
import { Interrupted } from "../designer.js";
import {
  designHandicapMechanism,
  handicapCertificateSpec,
  type HandicapConfig,
} from "../handicap/handicap-designer.js";
import { certifyMechanism } from "./certify-candidates.js";

export interface HandicapStart {
  base: Mechanism;
  /** θ → the residual mechanism (θ₀: the handicap mechanism itself). */
  residualOf: (theta?: Float32Array[]) => ResidualMechanism;
  /** The handicap design's own certificate. */
  info: {
    designer: string;
    revenue: Measured;
    exploitability: Measured;
    minInterimUtility: Measured;
    seconds: number;
  };
}

export async function handicapStart(
  problem: DynamicProblem,
  cfg: HandicapConfig,
  net: { width: number; seed: number },
  signal?: AbortSignal,
): Promise<HandicapStart> {
  if (isDiscrete(problem) || problem.goods !== 1)
    throw new UsageError(
      "--designer",
      "start=handicap needs continuous types and one good (the handicap designer's single-item problems)",
    );
  const h = designHandicapMechanism(problem, cfg, net.seed);
  const t = performance.now();
  // On the thread that a Ctrl-C ends; the same report as the handicap designer's (tested).
  const report = await certifyMechanism(
    problem,
    h.mechanism,
    handicapCertificateSpec(cfg, net.seed),
    {
      signal,
    },
  );
  // Before any training: "before step 1", nothing written.
  if (!report) throw new Interrupted(1, false);
  const b = h.mechanism;
  const saved = { mechanism: b.name.replace(/\(.*$/s, ""), params: b.params, state: b.state?.() };
  const params = { width: net.width, init: net.seed };
  return {
    base: b,
    residualOf: (theta) => new ResidualMechanism(problem, params, b, saved, theta),
    info: {
      designer: h.designer,
      revenue: report.revenue,
      exploitability: report.exploitability,
      minInterimUtility: report.minInterimUtility!,
      seconds: h.designSeconds + (performance.now() - t) / 1000,
    },
  };
}
