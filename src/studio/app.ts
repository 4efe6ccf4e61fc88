// The studio's HTTP routes (hono): the index of runs, a side-by-side comparison, each run's
// files and report, and live metrics by server-sent events. Read-only: nothing is written,
// and no path outside the runs folder is served (safe-path.ts).
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { extname, relative, sep } from "node:path";
import { isAlive, LIVE_INFO, LIVE_METRICS, LIVE_SUFFIX, readLiveInfo } from "../core/live-run.js";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { readRunFiles, runReportHtml, runTitle } from "../report/html/run-report.js";
import { comparePage, indexPage } from "./pages.js";
import { listRuns } from "./runs-index.js";
import { resolveInside } from "./safe-path.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".md": "text/markdown; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** Lines appended to a file since byte `from` (complete lines only), and the new offset. */
function newLines(path: string, from: number): { lines: string[]; offset: number } {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return { lines: [], offset: from };
  }
  if (size < from) from = 0; // rewritten
  if (size === from) return { lines: [], offset: from };
  const buf = Buffer.alloc(size - from);
  const fd = openSync(path, "r");
  try {
    readSync(fd, buf, 0, buf.length, from);
  } finally {
    closeSync(fd);
  }
  const text = buf.toString("utf8");
  const end = text.lastIndexOf("\n") + 1;
  const lines = text
    .slice(0, end)
    .split("\n")
    .filter((l) => l !== "");
  return { lines, offset: from + Buffer.byteLength(text.slice(0, end)) };
}

export function studioApp(root: string, pollMs = 500): Hono {
  const app = new Hono();
  app.get("/", (c) => c.html(indexPage(listRuns(root))));
  app.get("/api/runs", (c) => c.json(listRuns(root)));
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/compare", (c) => {
    const wanted = c.req.queries("run") ?? [];
    const runs = listRuns(root).filter((r) => wanted.includes(r.id));
    return c.html(comparePage(runs));
  });
  app.get("/runs/*", (c) => {
    const rel = c.req.path.slice("/runs/".length);
    const path = resolveInside(root, rel);
    if (!path && rel.endsWith("/report.html")) {
      // A run without report.html (older runs): build it in memory, write nothing.
      const dir = resolveInside(root, rel.slice(0, -"/report.html".length));
      if (dir && statSync(dir).isDirectory())
        return c.html(runReportHtml(readRunFiles(dir), runTitle(dir)));
    }
    if (!path || !statSync(path).isFile()) return c.text("not found", 404);
    const type = TYPES[extname(path)] ?? "application/octet-stream";
    return c.body(readFileSync(path), 200, { "content-type": type });
  });
  app.get("/events/*", (c) => {
    const dir = resolveInside(root, c.req.path.slice("/events/".length));
    // A live run's folder can vanish between the request and here.
    if (!dir || !isDirSafe(dir)) return c.text("not found", 404);
    const live = readLiveInfo(dir);
    // A live run's rows are JSON lines (its metrics may change between phases); a finished
    // run's are its metrics.csv.
    const metrics = `${dir}/${live ? LIVE_METRICS : "metrics.csv"}`;
    // A live run ends when its folder goes (or its process dies); "done" names the finished
    // run directory, which holds the result when the run completed.
    const ended = (): string | undefined => {
      if (!live) return statSafe(`${dir}/result.json`) ? "result.json written" : undefined;
      if (statSafe(`${dir}/${LIVE_INFO}`) && isAlive(live.pid)) return undefined;
      const finished = dir.slice(0, -LIVE_SUFFIX.length);
      return statSafe(`${finished}/result.json`)
        ? `finished: ${relative(root, finished).split(sep).join("/")}`
        : "stopped without a result";
    };
    return streamSSE(c, async (stream) => {
      let offset = 0;
      let open = true;
      stream.onAbort(() => {
        open = false;
      });
      while (open) {
        const r = newLines(metrics, offset);
        offset = r.offset;
        for (const line of r.lines) await stream.writeSSE({ event: "row", data: line });
        const end = ended();
        if (end) {
          // The run may have appended rows after the read above: send them before "done".
          for (const line of newLines(metrics, offset).lines)
            await stream.writeSSE({ event: "row", data: line });
          await stream.writeSSE({ event: "done", data: end });
          break;
        }
        await stream.sleep(pollMs);
      }
    });
  });
  return app;
}

const isDirSafe = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

const statSafe = (p: string) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};
