// The environment spec of `mechlab ama` (and the `ama` job kind) from its flags; flags an
// environment does not take are errors.
import { UsageError } from "../core/errors.js";

export const AMA_ENVS = ["sequential-sales", "scheduling", "gridworld"] as const;

export interface AmaEnvFlags {
  env: (typeof AMA_ENVS)[number];
  agents: number;
  items: number;
  gamma?: string | number;
  dist?: string;
}

export function amaEnvSpec(o: AmaEnvFlags, prefix = "--"): string {
  const args = [`agents=${o.agents}`, `items=${o.items}`];
  if (o.gamma !== undefined) {
    if (o.env !== "gridworld")
      throw new UsageError(`${prefix}gamma`, "only the gridworld is discounted");
    args.push(`gamma=${o.gamma}`);
  }
  if (o.dist !== undefined) {
    if (o.env === "gridworld")
      throw new UsageError(`${prefix}dist`, "the gridworld has one type distribution");
    args.push(`dist=${o.dist}`);
  }
  return `${o.env}(${args.join(",")})`;
}
