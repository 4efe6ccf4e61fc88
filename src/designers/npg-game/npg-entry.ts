// The NPG designers (npg-penalty, npg-acceptance, npg-lagrangian) behind the Designer contract
// (designer.ts): a tabular mechanism, exact NPG deviation oracles on the sufficient-statistics
// MDPs, `--budget` mechanism steps; run-directory files with training-time regret, the exact
// best-response regret and the certificate side by side.
import { UsageError } from "../../core/errors.js";
import { formatName, type ParamSpecs } from "../../core/spec.js";
import { parseMemory } from "../../mechanisms/history-memory.js";
import { START_MECHANISMS, START_TIES, type StartTies } from "../start-allocation.js";
import type { Designer } from "../designer.js";
import { runVersions } from "../result-header.js";
import type { NpgMethod } from "./methods.js";
import { designNpg, type NpgDesignConfig } from "./npg-design.js";
import { START_PAYMENTS, type StartPayments } from "./start-allocation.js";
import { npgFigure, npgMetricsCsv, npgResultJson, npgSummary } from "./npg-report.js";

/** Settings shared by the three methods (written as designer parameters). */
export const npgSettings: ParamSpecs = {
  memory: {
    type: "enum",
    default: "full",
    values: ["full", "initial-last"],
    doc: "what the table remembers (initial-last for T ≥ 4)",
  },
  start: {
    type: "enum",
    default: "second-price",
    values: START_MECHANISMS,
    doc: "mechanism whose allocation rule starts the table (payments: see payments=)",
  },
  ties: {
    type: "enum",
    default: "split",
    values: START_TIES,
    doc: "start's ties: shares kept, lowest index, or smallest PST handicap of the initial report",
  },
  payments: {
    type: "enum",
    default: "zero",
    values: START_PAYMENTS,
    doc: "starting payments: zero, or the start mechanism's prices",
  },
  "lr-x": {
    type: "number",
    default: 0.01,
    min: 0,
    doc: "Adam lr, allocation (0: keep the start's allocation)",
  },
  "lr-p": { type: "number", default: 0.05, min: 0, minExclusive: true, doc: "Adam lr, payments" },
  "final-lr": {
    type: "number",
    default: 0.1,
    min: 0,
    max: 1,
    doc: "learning rates decay linearly to this fraction",
  },
  eta: { type: "number", default: 100, min: 0, minExclusive: true, doc: "NPG step size η" },
  inner: {
    type: "number",
    default: 4,
    min: 1,
    max: 1000,
    integer: true,
    doc: "NPG steps per step",
  },
  "logit-range": {
    type: "number",
    default: 20,
    min: 1,
    doc: "bound on a policy's logit spread (tracking a moving mechanism)",
  },
  judge: {
    type: "number",
    default: 25,
    min: 1,
    integer: true,
    doc: "judge (re-converged adversary) every this many steps",
  },
  "judge-steps": {
    type: "number",
    default: 20,
    min: 0,
    integer: true,
    doc: "NPG steps at fixed θ before a judgement",
  },
  kappa: { type: "number", default: 0.01, min: 0, minExclusive: true, doc: "smoothing κ of φ_κ" },
  tol: {
    type: "number",
    default: 0.01,
    min: 0,
    doc: "tolerance on Σψ, −(min interim utility) and the profit target",
  },
  certify: {
    type: "number",
    default: 5,
    min: 1,
    max: 100,
    integer: true,
    doc: "candidates certified exactly",
  },
};

const DEFAULT_BUDGET = 2000;

export function npgDesigner(method: NpgMethod): Designer {
  const params = { ...method.params, ...npgSettings };
  return {
    name: method.name,
    summary: `NPG oracle, table: ${method.summary}`,
    types: "discrete, semantics=realized",
    params,
    flags: {},
    budget: { default: DEFAULT_BUDGET, doc: "mechanism steps" },
    checkpoints: false,
    create: (values) => ({
      async design(problem, opts) {
        if (problem.goods > 1)
          throw new UsageError(
            "--problem",
            `${method.name} designs one good (items=1); several goods: --designer bilevel`,
          );
        const tol = values.tol as number;
        const cfg: NpgDesignConfig = {
          memory: parseMemory("--designer memory", values.memory),
          start: values.start as string,
          ties: values.ties as StartTies,
          payments: values.payments as StartPayments,
          budget: opts.budget ?? DEFAULT_BUDGET,
          lrX: values["lr-x"] as number,
          lrP: values["lr-p"] as number,
          finalLr: values["final-lr"] as number,
          eta: values.eta as number,
          inner: values.inner as number,
          logitRange: values["logit-range"] as number,
          judgeEvery: values.judge as number,
          judgeSteps: values["judge-steps"] as number,
          kappa: values.kappa as number,
          tolerance: { profit: tol, regret: tol, ir: tol },
          certify: values.certify as number,
        };
        const res = designNpg(
          problem,
          method,
          formatName(method.name, values),
          values as Record<string, number | string | boolean>,
          cfg,
          opts.callbacks,
        );
        return {
          designer: res.designer,
          mechanism: res.chosen.mechanism,
          certificate: res.chosen.report,
          history: res.history,
          summary: npgSummary(res),
          result: npgResultJson(res, problem.name, opts.seed, runVersions()),
          metricsCsv: npgMetricsCsv(res),
          figures: { convergence: npgFigure(res) },
        };
      },
    }),
  };
}
