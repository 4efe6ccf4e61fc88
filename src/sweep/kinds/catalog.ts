// Names and one-line summaries of the job kinds, in the registry's order, without their schemas:
// `mechlab list` reads this so that listing does not load zod and every kind's library (start-up
// time, docs/BENCHMARKS.md). Each kind takes its summary from here; a test checks that the
// registry and this catalog name the same kinds in the same order.
export const JOB_KIND_SUMMARIES = {
  evaluate: "evaluate a mechanism (as `mechlab evaluate`): revenue, welfare, exploitability",
  ama: "design a dynamic affine maximizer and compare it with VCG (as `mechlab ama`)",
  spm: "learn sequential price mechanisms with PPO against baselines (as `mechlab spm`)",
  "spm-train":
    "one PPO training run of a sequential price mechanism (a run of `mechlab spm`, `reproduce spm-figures`)",
  clock: "a clock auction on a seeded random instance of a constraint family (as `mechlab clock`)",
  pricing: "learned item pricing for online resource allocation (as `mechlab pricing`)",
  design: "design and certify a mechanism for a problem (as `mechlab design`)",
} as const;
