import { describe, expect, it } from "vitest";
import { buildMechanism } from "../../mechanisms/registry.js";
import { buildProblem } from "../../problems/registry.js";
import { certificate } from "./certify.js";

describe("the sampled certificate", () => {
  const problem = buildProblem("bandit-auction(values=continuous,horizon=2)");
  const mech = buildMechanism("myerson", problem);
  const run = (certifyUpdate?: "adam" | "npg") =>
    certificate(problem, mech, {
      samples: 200,
      adversary: 2,
      adversaryBatch: 8,
      interimSamples: 50,
      seed: 3,
      ...(certifyUpdate ? { certifyUpdate } : {}),
    });

  it("trains the fresh adversary with the update it is given (npg: natural-gradient steps)", () => {
    const npg = run("npg");
    const adam = run();
    expect(npg.exploitabilityNote).toMatch(/REINFORCE with natural-gradient steps, 2 iterations/);
    expect(adam.exploitabilityNote).toMatch(/REINFORCE, 2 iterations/);
    expect(adam.exploitabilityNote).not.toMatch(/natural-gradient/);
    // Same seeds, same truthful sample: only the deviation search differs.
    expect(npg.revenue.value).toBe(adam.revenue.value);
    // …and the update reaches the adversary's training, not only the note: the trained
    // deviations, and so the selected best deviations, differ.
    const gains = (r: typeof npg) => r.agents.map((a) => a.exploitability.value);
    expect(gains(npg)).not.toEqual(gains(adam));
  });
});
