// The one error path of the command line. `runCli` parses and runs one command and returns
// its exit code instead of exiting, so that tests can call it in-process:
//   0 done · 1 internal error (a bug: short message, where to report) · 2 user error (one line
//   `mechlab: <field>: <message>`) · 130 interrupted (Ctrl-C).
// The stack trace of an internal error is printed only with --debug.
import { Command, CommanderError } from "commander";
import { UsageError } from "../core/errors.js";
import { loadCommands } from "./commands/index.js";
import { VERSION } from "../version.js";
import { InterruptedRun } from "./interrupted-run.js";
import { progressSettings } from "./progress.js";

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

export const processIo: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};

export const REPORT_AT =
  "please report it with the command line and `mechlab --version` to the mechlab maintainers";

/**
 * Run `mechlab <argv…>` (argv without node and script). Commands write to process.stdout and
 * process.stderr; when `io` is not the process's own, both are redirected to it meanwhile.
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const debug = argv.includes("--debug");
  const args = argv.filter((a) => a !== "--debug");
  const restore = io === processIo ? () => {} : redirect(io);
  const json = progressSettings.json;
  progressSettings.json = args.includes("--json");
  try {
    return await run(args, debug, io);
  } finally {
    progressSettings.json = json;
    restore();
  }
}

async function run(args: string[], debug: boolean, io: CliIo): Promise<number> {
  const program = new Command();
  program
    .name("mechlab")
    .description("Automated design of dynamic mechanisms, with verified numbers")
    .version(VERSION)
    .option("--debug", "print the stack trace of an internal error")
    .exitOverride()
    // Commander's own errors are printed below as one `mechlab:` line like every other.
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: () => {},
    });
  // Only the command being run is imported: the first word that is not a flag names it
  // (none for --version; every one for the command list of --help).
  const name = args.find((a) => !a.startsWith("-"));
  const versionOnly = name === undefined && args.some((a) => a === "-V" || a === "--version");
  try {
    // Inside the try: a command module that fails to load is reported like any other error.
    for (const c of versionOnly ? [] : await loadCommands(name)) c.register(program);
    await program.parseAsync(args, { from: "user" });
    return typeof process.exitCode === "number" ? takeExitCode() : 0;
  } catch (e) {
    return reportError(e, io, debug);
  }
}

/** Print an error the one way and return its exit code. */
export function reportError(e: unknown, io: CliIo, debug = false): number {
  if (e instanceof CommanderError) {
    // Help and version: exit code 0, already printed. `mechlab` alone prints help (exit 2).
    if (e.exitCode === 0 || e.code === "commander.help") return e.exitCode === 0 ? 0 : 2;
    io.stderr(`mechlab: ${oneLine(e.message.replace(/^error: /, ""))}\n`);
    return 2;
  }
  if (e instanceof UsageError) {
    io.stderr(`mechlab: ${oneLine(e.message)}\n`);
    return 2;
  }
  if (isFileSystemError(e)) {
    // The machine refused a path the user gave (permissions, a full disk, a file in the way):
    // not a bug in mechlab.
    io.stderr(`mechlab: ${e.path}: cannot ${e.syscall} (${e.code})\n`);
    return 2;
  }
  if (e instanceof InterruptedRun) {
    io.stderr(`mechlab: ${oneLine(e.message)}\n`);
    return 130;
  }
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  io.stderr(`mechlab: internal error: ${oneLine(msg)}\n${REPORT_AT}\n`);
  if (debug && e instanceof Error && e.stack) io.stderr(e.stack + "\n");
  else io.stderr("(rerun with --debug for the stack trace)\n");
  return 1;
}

const FS_CODES = new Set([
  "EACCES",
  "EPERM",
  "EROFS",
  "ENOSPC",
  "EDQUOT",
  "ENOTDIR",
  "EISDIR",
  "EEXIST",
]);

function isFileSystemError(
  e: unknown,
): e is Error & { path: string; syscall: string; code: string } {
  const x = e as { code?: unknown; path?: unknown; syscall?: unknown };
  return (
    e instanceof Error &&
    typeof x.code === "string" &&
    FS_CODES.has(x.code) &&
    typeof x.path === "string" &&
    typeof x.syscall === "string"
  );
}

/** A command may set process.exitCode (e.g. `check` on a failed check); read and clear it. */
function takeExitCode(): number {
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return code;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, " ").trim();

function redirect(io: CliIo): () => void {
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((s: string | Uint8Array) => {
    io.stdout(String(s));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => {
    io.stderr(String(s));
    return true;
  }) as typeof process.stderr.write;
  return () => {
    process.stdout.write = out;
    process.stderr.write = err;
  };
}
