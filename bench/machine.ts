// Machine details recorded beside every benchmark figure.
import os from "node:os";

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function stamp(): string {
  return new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC";
}
