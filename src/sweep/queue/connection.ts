// Where the job queue lives: a Redis URL (redis://HOST:PORT[/DB], rediss:// for TLS, a
// password in the URL or in MECHLAB_REDIS_PASSWORD), and a watchdog that turns a lost Redis
// into one clear error instead of endless reconnection attempts.
import { Redis, type RedisOptions } from "ioredis";
import { UsageError } from "../../core/errors.js";

/** The BullMQ queue every sweep uses; equal jobs share one id, so sweeps share results. */
export const QUEUE_NAME = "mechlab-jobs";

export const PASSWORD_ENV = "MECHLAB_REDIS_PASSWORD";

export function redisOptions(url: string, field = "--queue"): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(field, `"${url}" is not a URL; expected redis://HOST:PORT[/DB]`);
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:")
    throw new UsageError(field, `"${u.protocol}" is not allowed; allowed: redis:, rediss:`);
  const db = u.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db))
    throw new UsageError(field, `database "${db}" must be a number, e.g. redis://host:6379/0`);
  const password = u.password ? decodeURIComponent(u.password) : process.env[PASSWORD_ENV];
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    db: db === "" ? 0 : Number(db),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(password ? { password } : {}),
    ...(u.protocol === "rediss:" ? { tls: { servername: u.hostname } } : {}),
    // BullMQ's blocking connections need this; commands wait for a reconnection instead.
    maxRetriesPerRequest: null,
  };
}

/** `host:port` without the password, for messages. */
export const redisLabel = (o: RedisOptions) => `redis at ${o.host}:${o.port}`;

/**
 * Ping Redis every half second on a connection of its own; when no ping has succeeded for
 * `toleranceMs`, call `onLost` once with a one-line reason. Returns a function that stops it.
 */
export function watchRedis(
  options: RedisOptions,
  toleranceMs: number,
  onLost: (message: string) => void,
): () => void {
  const client = new Redis({
    ...options,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 1000,
    retryStrategy: () => 250,
  });
  let lastError = "no answer";
  client.on("error", (e: Error) => (lastError = e.message));
  let lastOk = Date.now();
  let stopped = false;
  const timer = setInterval(() => {
    client.ping().then(
      () => (lastOk = Date.now()),
      // "offline queue" errors only say that there is no connection; keep the reason why.
      (e: Error) => {
        if (!/offline/i.test(e.message)) lastError = e.message;
      },
    );
    if (!stopped && Date.now() - lastOk > toleranceMs) {
      stop();
      onLost(`${redisLabel(options)} is unreachable (${lastError})`);
    }
  }, 500);
  const stop = () => {
    stopped = true;
    clearInterval(timer);
    client.disconnect();
  };
  return stop;
}
