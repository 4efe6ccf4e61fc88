import { describe, expect, it } from "vitest";
import { buildMechanism } from "../../mechanisms/registry.js";
import { buildProblem } from "../../problems/registry.js";
import { certifySampled } from "./certify.js";
import type { Candidate } from "./designer.js";

describe("certifySampled", () => {
  const problem = buildProblem("bandit-auction(values=continuous,horizon=2)");
  const mech = buildMechanism("myerson", problem);
  const candidate = { label: "final", step: 1, theta: [] } as unknown as Candidate;
  const run = (certifyUpdate?: "adam" | "npg") =>
    certifySampled(problem, () => mech, candidate, {
      samples: 200,
      adversary: 2,
      adversaryBatch: 8,
      interimSamples: 50,
      seed: 3,
      ...(certifyUpdate ? { certifyUpdate } : {}),
    }).report;

  it("trains the fresh adversary with the update it is given (npg: natural-gradient steps)", () => {
    const npg = run("npg");
    const adam = run();
    expect(npg.exploitabilityNote).toMatch(/REINFORCE with natural-gradient steps, 2 iterations/);
    expect(adam.exploitabilityNote).toMatch(/REINFORCE, 2 iterations/);
    expect(adam.exploitabilityNote).not.toMatch(/natural-gradient/);
    // Same seeds, same truthful sample: only the deviation search differs.
    expect(npg.revenue.value).toBe(adam.revenue.value);
  });
});
