// Every CLI subcommand. Add a command: one file in this folder plus one line here.
import type { CliCommand } from "../command.js";
import { checkCommand } from "./check.js";
import { evaluateCommand } from "./evaluate.js";
import { listCommand } from "./list.js";

export const commands: CliCommand[] = [listCommand, checkCommand, evaluateCommand];
