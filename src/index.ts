// mechlab's library API: problems, mechanisms, evaluators, benchmarks, designers.
export * from "./problems/types.js";
export { problems, buildProblem, DEFAULT_PROBLEM } from "./problems/registry.js";
export { BanditAuction } from "./problems/bandit-auction.js";
export { checkProblem } from "./problems/check.js";
export type { Mechanism, MechanismFactory } from "./mechanisms/types.js";
export { mechanisms, buildMechanism } from "./mechanisms/registry.js";
export { saveMechanism, loadMechanism, loadMechanismFile } from "./mechanisms/saved.js";
export { evaluate, type EvaluationReport, type EvaluateOptions } from "./evaluation/evaluate.js";
export { evaluateTruthfulExact } from "./evaluation/truthful-exact.js";
export { bestResponseExact, DEVIATOR_INFORMATION } from "./evaluation/best-response-exact.js";
export { evaluateTruthfulSampled, exploitabilityLowerBound } from "./evaluation/sampled.js";
export { simulate } from "./evaluation/simulate.js";
export { truthful, type ReportingStrategy } from "./agents/strategy.js";
export { structuredDeviations } from "./agents/structured-deviations.js";
export { Rng } from "./engine/rng.js";
export { UsageError } from "./core/errors.js";
export type { Measured } from "./core/measured.js";
