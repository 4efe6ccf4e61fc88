// Import rules for src/, checked by `npm run deps` (part of `npm test`): no import cycles, and
// data flows one way — a module imports only its own layer and the layers below it. The layers
// mirror the README's Layout section, lowest first:
//
//   engine, core    tensors, Adam, Rng; names, registries, errors, callbacks (no mechlab imports)
//   problems        the problem model
//   mechanisms      mechanisms of the problems
//   agents          reporting strategies and deviation families
//   evaluation      exact and sampled evaluators (agents play against mechanisms)
//   benchmarks      reference values computed with the evaluators
//   report          text tables and plots (designers and islands write figures with it)
//   rl              PPO on the engine (general; the SPM island trains with it)
//   designers       the direct-mechanism designers
//   islands         ama, spm, clock, pricing: each its own subsystem; none imports another
//   reproductions   the registry of reproductions and cross-subsystem reproductions
//   apps            sweeps (jobs of every subsystem, run store, executors) and the studio
//   cli, index.ts   the `mechlab` command and the library's entry point; nothing imports them
//
// src/reproductions/reproduction.ts is the contract every subsystem's reproductions implement
// (types only, figures included), so it sits with report.

/** [layer name, path pattern] from the bottom up. */
const LAYERS = [
  ["engine-core", "^src/(engine|core)/|^src/version\\.ts$"],
  ["problems", "^src/problems/"],
  ["mechanisms", "^src/mechanisms/"],
  ["agents", "^src/agents/"],
  ["evaluation", "^src/evaluation/"],
  ["benchmarks", "^src/benchmarks/"],
  ["report", "^src/report/|^src/reproductions/reproduction\\.ts$"],
  ["rl", "^src/rl/"],
  ["designers", "^src/designers/"],
  ["islands", "^src/(ama|spm|clock|pricing)/"],
  ["reproductions", "^src/reproductions/(?!reproduction\\.ts$)"],
  ["apps", "^src/(sweep|studio)/"],
  ["cli", "^src/cli/|^src/index\\.ts$"],
];

/** Tests are consumers, not part of the flow: a test may drive any layer (no cycles, still). */
const TESTS = "\\.test\\.ts$";

const ISLANDS = ["ama", "spm", "clock", "pricing"];

const layerRules = LAYERS.slice(0, -1).map(([name, path], k) => ({
  name: `layer-${name}`,
  comment: `${name} imports only its own layer and those below it (.dependency-cruiser.js)`,
  severity: "error",
  from: { path, pathNot: TESTS },
  to: { path: LAYERS.slice(k + 1).map(([, p]) => p) },
}));

const islandRules = ISLANDS.map((island) => ({
  name: `island-${island}`,
  comment: `src/${island} imports no other island (only cli and reproductions combine them)`,
  severity: "error",
  from: { path: `^src/${island}/`, pathNot: TESTS },
  to: { path: `^src/(${ISLANDS.filter((i) => i !== island).join("|")})/` },
}));

export default {
  forbidden: [
    {
      name: "no-circular",
      comment: "no import cycles",
      severity: "error",
      from: {},
      // The one known cycle (the bilevel designer and its checkpoint file) is being removed on
      // its own; delete this exception when it is.
      to: { circular: true },
    },
    ...layerRules,
    ...islandRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    // Type-only imports are dependencies too: a type imported from above is an upward import.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".mjs"] },
  },
};
