#!/usr/bin/env node
// The `mechlab` command line. Commands only compose the library; no maths lives here.
// Parsing, running and the one error path live in run-cli.ts (callable in-process by tests).
import { readFileSync } from "node:fs";

const argv = process.argv.slice(2);
const listing = argv.length === 1 && argv[0] === "list" ? prebuiltListing() : undefined;
if (listing !== undefined) process.stdout.write(listing);
else {
  await import("../engine/polyfill.js");
  const { runCli } = await import("./run-cli.js");
  const code = await runCli(argv);
  // Success ends when the event loop drains (stdout flushed); failures end at once.
  if (code === 0) process.exitCode = 0;
  else process.exit(code);
}

/**
 * The output of `mechlab list`, written from the registries by the build beside the compiled
 * entry (dist/cli/list.txt; package.json build:cli), so that the installed command prints it
 * without loading every registry (about half of its start-up). Absent when run from the
 * sources: the command then lists the registries themselves.
 */
function prebuiltListing(): string | undefined {
  try {
    return readFileSync(new URL("./list.txt", import.meta.url), "utf8") || undefined;
  } catch {
    return undefined;
  }
}
