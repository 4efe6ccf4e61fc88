// Every CLI subcommand. Add a command: one file in this folder plus one line here.
import type { CliCommand } from "../command.js";

export const commands: CliCommand[] = [];
