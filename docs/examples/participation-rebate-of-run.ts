// The participation rebate (docs/inverse-game.md, "Participation rebate") of a saved
// start=handicap design, recomputed as the designer computes it before certification: with the
// run's seed and the certificate's trajectories per grid point. Used on runs made before the
// rebate existed (rebate absent = off): the certified revenue with the rebate is the run's
// minus the printed sum, on the certificate's same draws. Run:
//   npx tsx docs/examples/participation-rebate-of-run.ts RUN_DIR [--seed=0] [--samples=50000]
import {
  participationRebate,
  REBATE_SEED_OFFSET,
} from "../../src/designers/inverse-game/participation-rebate.js";
import { initEngine } from "../../src/engine/jax.js";
import { loadMechanismFile } from "../../src/mechanisms/saved.js";
import { ResidualMechanism } from "../../src/mechanisms/neural/residual.js";
import { buildProblem } from "../../src/problems/registry.js";
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const option = (key: string, d: number) =>
  Number(args.find((a) => a.startsWith(`--${key}=`))?.slice(key.length + 3) ?? d);
const dir = args.find((a) => !a.startsWith("--"));
if (!dir)
  throw new Error("usage: participation-rebate-of-run.ts RUN_DIR [--seed=0] [--samples=50000]");
await initEngine();
const result = JSON.parse(readFileSync(`${dir}/result.json`, "utf8")) as { problem: string };
const problem = buildProblem(result.problem, "result.json problem");
const mech = loadMechanismFile(`${dir}/mechanism.json`, problem);
if (!(mech instanceof ResidualMechanism)) throw new Error(`${dir}: not a start=handicap design`);
const r = (await participationRebate(problem, mech, {
  samples: option("samples", 50_000),
  seed: option("seed", 0) + REBATE_SEED_OFFSET,
}))!;
console.log(
  JSON.stringify({
    rebate: r.rebate,
    sum: r.rebate.reduce((a, b) => a + b, 0),
    lowest: r.lowest,
    seconds: r.seconds,
  }),
);
