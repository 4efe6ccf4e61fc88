#!/usr/bin/env node
// The `mechlab` command line. Commands only compose the library; no maths lives here.
// Parsing, running and the one error path live in run-cli.ts (callable in-process by tests).
import "../engine/polyfill.js";
import { runCli } from "./run-cli.js";

const code = await runCli(process.argv.slice(2));
// Success ends when the event loop drains (stdout flushed); failures end at once.
if (code === 0) process.exitCode = 0;
else process.exit(code);
