// Checkpoint and resume of the SGDA designers: a run stopped mid-way (StopWhen → Interrupted,
// checkpoint written) and resumed from its checkpoint ends with exactly the numbers of the
// uninterrupted run — every iteration's record, the kept candidates, the certified mechanism.
import { describe, expect, it } from "vitest";
import { StopWhen } from "../../core/callbacks.js";
import { buildProblem } from "../../problems/registry.js";
import type { DynamicProblem } from "../../problems/types.js";
import { Interrupted } from "../designer.js";
import { design, DEFAULT_DESIGN, type DesignConfig, type DesignResult } from "./run.js";

const problem = buildProblem("bandit-auction(horizon=2,discount=0.9)");

// Short adversary phases (restart every 3 iterations, fresh at the second), and tolerances wide
// enough that fresh iterations are kept/accepted: the acceptance method then moves its bracket
// and warm-starts, and candidates are kept on both sides of the stop.
const base = (designer: string, extra: Partial<DesignConfig> = {}): DesignConfig => ({
  ...DEFAULT_DESIGN,
  mechanism: { width: 8, payments: "free" },
  tolerance: { profit: 10, regret: 10, ir: 10 },
  sgda: { ...DEFAULT_DESIGN.sgda, restartEvery: 3, warmup: 2 },
  designer,
  seed: 3,
  budget: 9,
  certify: 1,
  ...extra,
});

const numbers = (r: DesignResult) => ({
  history: r.history.map(({ seconds: _, ...rest }) => rest),
  candidates: r.candidates,
  certified: r.certified.map(({ seconds: _, ...rest }) => rest),
  chosen: [r.chosen.report.revenue.value, r.chosen.report.exploitability.value],
});

async function stoppedAt(
  cfg: DesignConfig,
  stopAfter: number,
  on: DynamicProblem = problem,
): Promise<string> {
  let saved = "";
  let steps = 0;
  await expect(
    design(on, cfg, {
      callbacks: [{ onStep: () => void steps++ }, new StopWhen("test", () => steps >= stopAfter)],
      checkpoint: { save: (text) => (saved = text), every: 100 },
    }),
  ).rejects.toBeInstanceOf(Interrupted);
  return saved;
}

describe("SGDA designers: stop, checkpoint, resume", () => {
  const cases: [string, Partial<DesignConfig>, number[]][] = [
    // Stops at a round's end (warm start comes after the resume) and inside a round.
    ["acceptance(rounds=3)", {}, [2, 4]],
    ["penalty", {}, [4]],
    // One-shot regret trees: the oracle's call counter and cached regrets are in the checkpoint.
    ["lagrangian", { regret: "one-shot" }, [5]],
  ];
  for (const [designer, extra, stops] of cases) {
    it(`${designer}: resumed run equals the uninterrupted one`, async () => {
      const cfg = base(designer, extra);
      const straight = await design(problem, cfg);
      expect(straight.history.length).toBeGreaterThan(Math.max(...stops));
      expect(straight.candidates.length).toBeGreaterThan(1);
      for (const stop of stops) {
        const text = await stoppedAt(cfg, stop);
        expect(JSON.parse(text).nextStep).toBe(stop + 1);
        const resumed = await design(problem, cfg, { resume: text });
        expect(numbers(resumed)).toEqual(numbers(straight));
      }
    });
  }

  it("continuous types: the sampled oracle's scenario and noise counters are in the checkpoint", async () => {
    const cont = buildProblem("bandit-auction(values=continuous,horizon=2)");
    const cfg = base("penalty", {
      budget: 6,
      sampled: {
        ...DEFAULT_DESIGN.sampled,
        scenarios: 8,
        bins: 4,
        hidden: 4,
        samples: 200,
        adversary: 0,
        interimSamples: 50,
      },
    });
    const straight = await design(cont, cfg);
    const text = await stoppedAt(cfg, 3, cont);
    expect(JSON.parse(text).oracle).toEqual({ calls: 3, explorations: 6 });
    const resumed = await design(cont, cfg, { resume: text });
    expect(numbers(resumed)).toEqual(numbers(straight));
  });

  it("the acceptance method's bracket moved and the multipliers grew (the state is not trivial)", async () => {
    const acc = await stoppedAt(base("acceptance(rounds=3)"), 4);
    const loop = JSON.parse(acc).loop;
    expect(loop.round).toBe(1);
    expect(loop.lo).toBeGreaterThan(0);
    expect(loop.accepted).toBeDefined();
    const lag = JSON.parse(await stoppedAt(base("lagrangian", { regret: "one-shot" }), 5));
    expect(lag.loop.mu).not.toBe(1);
    expect(lag.oracle.calls).toBe(5);
  });

  it("refuses another problem, other parameters, and malformed state, naming --resume", async () => {
    const cfg = base("penalty");
    const text = await stoppedAt(cfg, 2);
    const other = buildProblem("bandit-auction(horizon=2,discount=1)");
    await expect(design(other, cfg, { resume: text })).rejects.toThrow(/--resume.*problem/);
    await expect(design(problem, { ...cfg, budget: 10 }, { resume: text })).rejects.toThrow(
      /--resume.*designer/,
    );
    const o = JSON.parse(text);
    o.game.theta[0] = { $f32: [1, 2] };
    await expect(design(problem, cfg, { resume: JSON.stringify(o) })).rejects.toThrow(
      /--resume.*game\.theta/,
    );
    await expect(design(problem, cfg, { resume: "{" })).rejects.toThrow(/--resume.*parse/);
    const o2 = JSON.parse(text);
    o2.loop = {};
    await expect(design(problem, cfg, { resume: JSON.stringify(o2) })).rejects.toThrow(
      /--resume.*loop\.s/,
    );
  });
});
