// `mechlab studio [RUNS_DIR]`: browse, compare and follow runs in a local web app
// (127.0.0.1 only; read-only over the runs folder).
import type { CliCommand } from "../command.js";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../../core/errors.js";
import { parseIntOption } from "../resolve.js";

export const studioCommand: CliCommand = {
  register(program) {
    program
      .command("studio")
      .description(
        "serve a local web app over a runs folder: index, comparison, reports, live progress",
      )
      .argument("[RUNS_DIR]", "folder of run directories", "runs")
      .option("--port <n>", "port on 127.0.0.1", parseIntOption("--port", 1, 65535), 4173)
      .action(async (dir: string, o: { port: number }) => {
        const root = resolve(dir);
        if (!existsSync(root) || !statSync(root).isDirectory())
          throw new UsageError("RUNS_DIR", `${dir} is not a folder`);
        const { serve } = await import("@hono/node-server");
        const { studioApp } = await import("../../studio/app.js");
        const server = serve({ fetch: studioApp(root).fetch, hostname: "127.0.0.1", port: o.port });
        server.on("listening", () =>
          process.stdout.write(
            `mechlab studio: http://127.0.0.1:${o.port}/ (runs in ${root}; Ctrl-C stops)\n`,
          ),
        );
        server.on("error", (e: Error) => {
          process.stderr.write(`mechlab: --port: ${e.message}\n`);
          process.exit(2);
        });
      });
  },
};
