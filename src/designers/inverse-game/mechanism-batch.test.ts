import { describe, expect, it } from "vitest";
import { initEngine } from "../../engine/jax.js";
import { buildProblem } from "../../problems/registry.js";
import { neuralMechanism } from "../../mechanisms/neural/mechanism.js";
import { ExactTreeOracle } from "./exact-oracle.js";
import { MechanismBatch, toHost, unionBatch } from "./mechanism-batch.js";
import { disposeAll, toTensors } from "./params.js";
import { buildTree } from "../compiled-game/exact-tree.js";
import { sweep, type Coefficients } from "./tree-sweep.js";

const problem = buildProblem("bandit-auction(horizon=3,discount=0.9)");
const uniform = [1 / 3, 1 / 3, 1 / 3];
const initProbs = [uniform, uniform];
const coef: Coefficients = {
  revenue: 0.7,
  utility: [0.2, -0.4],
  interim: [
    [0.1, -0.2, 0.3],
    [0.05, 0, -0.1],
  ],
};

describe("union batch of the truthful and one-shot regret trees", () => {
  const trees = [
    buildTree(problem, { deviator: null, deviateAt: [] }, 1e6),
    buildTree(problem, { deviator: 0, deviateAt: [false, true, false] }, 1e6),
    buildTree(problem, { deviator: 1, deviateAt: [false, true, false] }, 1e6),
  ];
  const layout = trees[0].layout;

  it("keeps every distinct input once and maps each tree row to an identical row", () => {
    const { batch, rowMaps } = unionBatch(
      layout,
      trees.map((t) => t.mech),
    );
    const sum = trees.reduce((s, t) => s + t.mech.size, 0);
    // The truthful histories are in both regret trees: the union is strictly smaller.
    expect(batch.size).toBeLessThan(sum - trees[0].mech.size);
    expect(batch.size).toBeGreaterThanOrEqual(Math.max(...trees.map((t) => t.mech.size)));
    const H = layout.histLen * layout.tokenDim;
    trees.forEach((t, k) => {
      for (let r = 0; r < t.mech.size; r++) {
        const u = rowMaps[k][r];
        expect(Array.from(batch.hist.subarray(u * H, (u + 1) * H))).toEqual(
          Array.from(t.mech.hist.subarray(r * H, (r + 1) * H)),
        );
        expect(batch.report[u * 2]).toBe(t.mech.report[r * 2]);
        expect(batch.report[u * 2 + 1]).toBe(t.mech.report[r * 2 + 1]);
      }
    });
  });

  it("one forward and one VJP over the union equal one per tree (sums and θ-gradient)", async () => {
    await initEngine();
    const mech = neuralMechanism(problem, { width: 16, payments: "fraction", init: 4 });
    const net = new MechanismBatch(mech.layout, mech.arch);
    const theta = toTensors(mech.weights, mech.shapes);
    // Per tree (the path before the union): forward, sweep, backward, VJP; gradients summed.
    let perTree = mech.shapes.map(
      ({ shape }) => new Float64Array(shape.reduce((a, b) => a * b, 1)),
    );
    const sums: number[] = [];
    for (const t of trees) {
      const x = net.upload(t.mech);
      const sw = sweep(t, net.forward(theta, x), 0.9, initProbs);
      sums.push(sw.sums.revenue, ...sw.sums.utility);
      const c = sw.backward(coef);
      const g = net.vjp(theta, x, c.alloc, c.pay).map(toHost);
      perTree = perTree.map((acc, k) => acc.map((v, j) => v + g[k][j]));
      MechanismBatch.release(x);
    }
    // Union: the trees re-indexed into one batch, cotangents summed in one sink.
    const { batch, rowMaps } = unionBatch(
      layout,
      trees.map((t) => t.mech),
    );
    const x = net.upload(batch);
    const out = net.forward(theta, x);
    const sink = {
      alloc: new Float64Array(batch.size * 3),
      pay: new Float64Array(batch.size * 2),
    };
    const unionSums: number[] = [];
    trees.forEach((t, k) => {
      const view = {
        ...t,
        mech: { size: batch.size },
        mechRow: Int32Array.from(t.mechRow, (r) => rowMaps[k][r]),
      };
      const sw = sweep(view, out, 0.9, initProbs);
      unionSums.push(sw.sums.revenue, ...sw.sums.utility);
      sw.backwardInto(coef, sink);
    });
    const union = net.vjp(theta, x, sink.alloc, sink.pay).map(toHost);
    // Same mechanism outputs (bit-identical rows), so the sums agree to float64 rounding.
    unionSums.forEach((s, k) => expect(s).toBeCloseTo(sums[k], 10));
    // The gradients differ only by float32 summation order.
    let norm = 0;
    let diff = 0;
    perTree.forEach((g, k) =>
      g.forEach((v, j) => {
        norm += v * v;
        diff += (v - union[k][j]) ** 2;
      }),
    );
    expect(norm).toBeGreaterThan(1e-4);
    expect(Math.sqrt(diff / norm)).toBeLessThan(1e-5);
    MechanismBatch.release(x);
    disposeAll(theta);
    net.dispose();
  });

  it("the oracle's iteration uses one union per period, smaller than its trees' rows together", async () => {
    await initEngine();
    const mech = neuralMechanism(problem, { width: 8, payments: "fraction", init: 1 });
    const oracle = new ExactTreeOracle(problem, mech.layout, mech.arch, { regret: "one-shot" });
    const s = oracle.sizes();
    expect(oracle.unionRows(0)).toBeLessThan(2 * s.regretRows);
    expect(oracle.unionRows(0)).toBeGreaterThanOrEqual(s.regretRows);
    oracle.dispose();
  });
});
