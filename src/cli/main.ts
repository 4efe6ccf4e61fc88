#!/usr/bin/env node
// The `mechlab` command line. Commands only compose the library; no maths lives here.
import "../engine/polyfill.js";
import { Command, CommanderError } from "commander";
import { UsageError } from "../core/errors.js";
import { commands } from "./commands/index.js";
import { VERSION } from "../version.js";

const program = new Command();
program
  .name("mechlab")
  .description("Automated design of dynamic mechanisms, with verified numbers")
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

for (const c of commands) c.register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) process.exit(0);
    process.exit(2);
  }
  if (e instanceof UsageError) {
    process.stderr.write(`mechlab: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
}
