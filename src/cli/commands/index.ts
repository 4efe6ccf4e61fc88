// Every CLI subcommand. Add a command: one file in this folder plus one line here.
// Each is imported only when it runs (or for the command list in `mechlab --help`), so that a
// command's start-up pays for its own modules alone.
import type { CliCommand } from "../command.js";

const loaders: Record<string, () => Promise<CliCommand>> = {
  list: async () => (await import("./list.js")).listCommand,
  check: async () => (await import("./check.js")).checkCommand,
  evaluate: async () => (await import("./evaluate.js")).evaluateCommand,
  benchmark: async () => (await import("./benchmark.js")).benchmarkCommand,
  start: async () => (await import("./start.js")).startCommand,
  ama: async () => (await import("./ama.js")).amaCommand,
  reproduce: async () => (await import("./reproduce.js")).reproduceCommand,
  spm: async () => (await import("./spm.js")).spmCommand,
  design: async () => (await import("./design.js")).designCommand,
  "design-grid": async () => (await import("./design-grid.js")).designGridCommand,
  sweep: async () => (await import("./sweep.js")).sweepCommand,
  worker: async () => (await import("./worker.js")).workerCommand,
  "sweep-status": async () => (await import("./sweep-status.js")).sweepStatusCommand,
  clock: async () => (await import("./clock.js")).clockCommand,
  report: async () => (await import("./report.js")).reportCommand,
  "export-mechanism": async () => (await import("./export-mechanism.js")).exportMechanismCommand,
  studio: async () => (await import("./studio.js")).studioCommand,
  pricing: async () => (await import("./pricing.js")).pricingCommand,
};

/** Every command name, as the command registers itself (a test checks). */
export const commandNames = Object.keys(loaders);

/** The command `name`, or every command when `name` is not one of them (help, typos). */
export async function loadCommands(name?: string): Promise<CliCommand[]> {
  const load =
    name !== undefined && Object.hasOwn(loaders, name) ? [loaders[name]!] : Object.values(loaders);
  return Promise.all(load.map((l) => l()));
}
