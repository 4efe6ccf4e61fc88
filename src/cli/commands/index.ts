// Every CLI subcommand. Add a command: one file in this folder plus one line here.
import type { CliCommand } from "../command.js";
import { benchmarkCommand } from "./benchmark.js";
import { checkCommand } from "./check.js";
import { startCommand } from "./start.js";
import { evaluateCommand } from "./evaluate.js";
import { listCommand } from "./list.js";
import { spmCommand } from "./spm.js";
import { amaCommand } from "./ama.js";
import { reproduceCommand } from "./reproduce.js";
import { designCommand } from "./design.js";
import { designGridCommand } from "./design-grid.js";
import { sweepCommand } from "./sweep.js";
import { workerCommand } from "./worker.js";
import { sweepStatusCommand } from "./sweep-status.js";
import { clockCommand } from "./clock.js";
import { reportCommand } from "./report.js";
import { exportMechanismCommand } from "./export-mechanism.js";
import { studioCommand } from "./studio.js";
import { pricingCommand } from "./pricing.js";

export const commands: CliCommand[] = [
  listCommand,
  checkCommand,
  evaluateCommand,
  benchmarkCommand,
  startCommand,
  amaCommand,
  reproduceCommand,
  spmCommand,
  designCommand,
  designGridCommand,
  sweepCommand,
  workerCommand,
  sweepStatusCommand,
  clockCommand,
  reportCommand,
  exportMechanismCommand,
  studioCommand,
  pricingCommand,
];
