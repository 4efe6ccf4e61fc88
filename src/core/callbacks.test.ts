// The callback lifecycle: order of calls, stop requests, keep-best and early stopping.
import { describe, expect, it } from "vitest";
import {
  CallbackList,
  Checkpoint,
  EarlyStop,
  KeepBest,
  StopWhen,
  type StepRecord,
} from "./callbacks.js";

const rec = (step: number, metrics: Record<string, number>): StepRecord => ({ step, metrics });

describe("callbacks", () => {
  it("calls every callback in order, and every one sees the step that one of them stops", () => {
    const seen: string[] = [];
    const list = new CallbackList<number>([
      { onStart: () => seen.push("a:start"), onStep: (r) => void seen.push(`a:${r.step}`) },
      { onStep: (r) => (seen.push(`b:${r.step}`), r.step === 2 ? "stop" : undefined) },
      {
        onStep: (r) => void seen.push(`c:${r.step}`),
        onEnd: (e) => void seen.push(`c:end@${e.step}`),
      },
    ]);
    list.onStart({ firstStep: 1 });
    expect(list.onStep(rec(1, {}), 0)).toBeUndefined();
    expect(list.onStep(rec(2, {}), 0)).toBe("stop");
    list.onEnd({ step: 2, stoppedBy: list.stoppedBy });
    expect(seen).toEqual(["a:start", "a:1", "b:1", "c:1", "a:2", "b:2", "c:2", "c:end@2"]);
    expect(list.stoppedBy).toBe("callback 1");
  });

  it("keep-best snapshots only improving admissible iterates", () => {
    let snaps = 0;
    const kb = new KeepBest<number[], number[]>("revenue", (s) => (snaps++, [...s]), {
      admissible: (r) => r.metrics.regret <= 0.01,
    });
    kb.onStep(rec(1, { revenue: 5, regret: 0 }), [1]);
    kb.onStep(rec(2, { revenue: 7, regret: 0.5 }), [2]); // better but not admissible
    kb.onStep(rec(3, { revenue: 4, regret: 0 }), [3]); // admissible, worse
    kb.onStep(rec(4, { revenue: 6, regret: 0.001 }), [4]);
    expect(kb.best).toEqual({ step: 4, value: 6, snapshot: [4] });
    expect(snaps).toBe(2);
    const low = new KeepBest<number, number>("loss", (s) => s, { minimize: true });
    for (const [k, v] of [3, 1, 2].entries()) low.onStep(rec(k + 1, { loss: v }), k);
    expect(low.best?.value).toBe(1);
  });

  it("KeepBest: a tie metric decides between equal values; otherwise the first stays", () => {
    const kb = new KeepBest<number, number>("revenue", (s) => s, {
      tie: { metric: "exploitability", minimize: true },
    });
    kb.onStep(rec(1, { revenue: 5, exploitability: 0.3 }), 1);
    kb.onStep(rec(2, { revenue: 5, exploitability: 0.5 }), 2); // equal, worse tie
    expect(kb.best?.snapshot).toBe(1);
    kb.onStep(rec(3, { revenue: 5, exploitability: 0.1 }), 3); // equal, better tie
    expect(kb.best).toEqual({ step: 3, value: 5, tie: 0.1, snapshot: 3 });
    kb.onStep(rec(4, { revenue: 4, exploitability: 0 }), 4); // lower value: tie irrelevant
    expect(kb.best?.snapshot).toBe(3);
  });

  it("early stop fires after `patience` records without improvement", () => {
    const es = new EarlyStop("v", 2, { minDelta: 0.1 });
    const out = [1, 2, 2.05, 2.1, 3, 3, 3].map((v, k) => es.onStep(rec(k + 1, { v })));
    expect(out).toEqual([undefined, undefined, undefined, "stop", undefined, undefined, "stop"]);
  });

  it("checkpoint every n steps; stop-when follows its flag", () => {
    const saved: number[] = [];
    const ck = new Checkpoint<string>(3, (_s, r) => saved.push(r.step));
    for (let k = 1; k <= 7; k++) ck.onStep(rec(k, {}), "x");
    expect(saved).toEqual([3, 6]);
    let flag = false;
    const sw = new StopWhen("sigint", () => flag);
    expect(sw.onStep()).toBeUndefined();
    flag = true;
    expect(sw.onStep()).toBe("stop");
    expect(() => new Checkpoint(0, () => {})).toThrow(RangeError);
  });
});
