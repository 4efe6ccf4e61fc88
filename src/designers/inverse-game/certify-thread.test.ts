// Certification on a worker thread (the CLI's path, cancellable by Ctrl-C): the same report as
// on the main thread; an abort in certification ends it with the trained checkpoint, and the
// run resumed from that checkpoint certifies without training again and equals the
// uninterrupted run.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import { buildMechanism } from "../../mechanisms/registry.js";
import { buildProblem } from "../../problems/registry.js";
import { CertifyThread } from "./certify-thread.js";
import { Interrupted } from "../designer.js";
import { design, DEFAULT_DESIGN, type DesignConfig, type DesignResult } from "./run.js";

const problem = buildProblem("bandit-auction(horizon=2,discount=0.9)");
const cfg: DesignConfig = {
  ...DEFAULT_DESIGN,
  mechanism: { width: 8, payments: "free" },
  tolerance: { profit: 10, regret: 10, ir: 10 },
  // Short adversary phases, so that fresh iterations come early and are kept (resume.test.ts).
  sgda: { ...DEFAULT_DESIGN.sgda, restartEvery: 3, warmup: 2 },
  designer: "penalty",
  seed: 3,
  budget: 9,
  certify: 2,
};

const numbers = (r: DesignResult) => ({
  history: r.history.map(({ seconds: _, ...rest }) => rest),
  candidates: r.candidates,
  certified: r.certified.map(({ seconds: _, ...rest }) => rest),
  report: { ...r.chosen.report },
});

describe("SGDA certification on a worker thread", () => {
  it("gives the main thread's report; an abort in it stops it, keeps the trained checkpoint, and the resumed run equals the straight one", async () => {
    const straight = await design(problem, cfg);
    expect(straight.certified).toHaveLength(2);
    const onThread = await design(problem, cfg, { signal: new AbortController().signal });
    expect(numbers(onThread)).toEqual(numbers(straight));

    // Abort at the first certification record: the second candidate is never certified.
    const ctrl = new AbortController();
    const phases: string[] = [];
    let saved = "";
    let saves = 0;
    const stopped = design(problem, cfg, {
      signal: ctrl.signal,
      checkpoint: {
        save: (text) => {
          saved = text;
          saves++;
        },
        every: 100,
      },
      callbacks: [
        {
          onStep: (r) => {
            if (r.phase) phases.push(r.phase);
            if (r.phase?.startsWith("certify")) ctrl.abort();
          },
        },
      ],
    });
    const e = await stopped.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(Interrupted);
    expect(e).toMatchObject({ phase: "certification", checkpointed: true, nextStep: 10 });
    expect(phases.every((p) => p.startsWith("certify 1/2"))).toBe(true);
    // One save, at the end of training (the periodic one, every 100 steps, never came).
    expect(saves).toBe(1);
    expect(JSON.parse(saved).nextStep).toBe(10);

    let trained = 0;
    const resumed = await design(problem, cfg, {
      resume: saved,
      signal: new AbortController().signal,
      callbacks: [{ onStep: (r) => void (r.phase ? 0 : trained++) }],
    });
    expect(trained).toBe(0);
    expect(numbers(resumed)).toEqual(numbers(straight));
  }, 120_000);

  it("a refusal inside the thread reaches the caller as the same UsageError (exit 2, field named)", async () => {
    // An exact certificate of a continuous problem is refused by the evaluator, in the thread.
    const cont = buildProblem("bandit-auction(values=continuous,horizon=2)");
    const thread = new CertifyThread(new AbortController().signal);
    try {
      const refused = thread.certify(cont, buildMechanism("second-price", cont), undefined);
      await expect(refused).rejects.toBeInstanceOf(UsageError);
      await expect(refused).rejects.toThrow(/^--mode: exact evaluation needs a discrete problem/);
    } finally {
      thread.close();
    }
  }, 60_000);
});
