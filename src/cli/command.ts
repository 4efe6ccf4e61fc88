// A CLI subcommand is one file exporting a `CliCommand`; src/cli/commands/index.ts lists them.
import type { Command } from "commander";

export interface CliCommand {
  /** Adds the subcommand (with its options and action) to the program. */
  register(program: Command): void;
}
