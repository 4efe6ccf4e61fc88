import { describe, expect, it } from "vitest";
import { initEngine, np } from "../../engine/jax.js";
import { Rng } from "../../engine/rng.js";
import { buildProblem } from "../../problems/registry.js";
import { MechanismBatch, toHost } from "../../designers/inverse-game/mechanism-batch.js";
import {
  allocFeatureBatch,
  featureLayout,
  type FeatureBatch,
  type FeatureLayout,
} from "./features.js";
import { initParams, mechanismParamShapes, type PaymentMode } from "./network.js";
import { WasmMechanismNetwork } from "./network-wasm.js";
import { inputGroups } from "./network-wasm-groups.js";

/**
 * Random public inputs: reports, cumulative consumption and tokens of both signs (so ReLUs cut),
 * and history masks that are real prefixes of every length, none included (a first period).
 */
function randomBatch(layout: FeatureLayout, size: number, rng: Rng) {
  const b = allocFeatureBatch(layout, size);
  for (const a of [b.report, b.cum, b.hist]) for (let k = 0; k < a.length; k++) a[k] = rng.normal();
  const H = layout.histLen;
  // Every 7th row all zeros but its history: with zero biases its encoders' inputs are exactly
  // 0, where the ReLU's derivative is jax-js's choice (1).
  for (let r = 0; r < size; r += 7) {
    b.report.fill(0, r * layout.reportDim, (r + 1) * layout.reportDim);
    b.cum.fill(0, r * layout.cumDim, (r + 1) * layout.cumDim);
  }
  for (let r = 0; r < size; r++) {
    const len = r % (H + 1);
    for (let h = 0; h < H; h++) b.mask[r * H + h] = h < len ? 1 : 0;
  }
  return b;
}

/**
 * Rows that share inputs as tree rows do: one of 6 report profiles and one of 60 histories
 * (cumulative consumption, tokens, mask) each, drawn by randomBatch, their slots holding one of
 * 8 tokens (a token is one period's record: histories share them).
 */
function sharedBatch(layout: FeatureLayout, size: number, rng: Rng) {
  const profiles = randomBatch(layout, 6, rng);
  const histories = randomBatch(layout, 60, rng);
  const { reportDim: R, cumDim: C, histLen: H, tokenDim: T } = layout;
  const tokens = randomBatch(layout, 8, rng).hist;
  for (let s = 0; s < 60 * H; s++) {
    const k = rng.int(8 * H);
    histories.hist.set(tokens.subarray(k * T, (k + 1) * T), s * T);
  }
  const b = allocFeatureBatch(layout, size);
  for (let r = 0; r < size; r++) {
    const p = rng.int(6);
    const h = rng.int(60);
    b.report.set(profiles.report.subarray(p * R, (p + 1) * R), r * R);
    b.cum.set(histories.cum.subarray(h * C, (h + 1) * C), r * C);
    b.hist.set(histories.hist.subarray(h * H * T, (h + 1) * H * T), r * H * T);
    b.mask.set(histories.mask.subarray(h * H, (h + 1) * H), r * H);
  }
  return b;
}

/** max |a − b| ≤ tol · max |b| (relative to the array's scale: sums of thousands of rows). */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string) {
  expect(a.length, what).toBe(b.length);
  let err = 0;
  let scale = 0;
  for (let k = 0; k < b.length; k++) {
    err = Math.max(err, Math.abs(a[k] - b[k]));
    scale = Math.max(scale, Math.abs(b[k]));
  }
  expect(scale, `${what}: a zero reference proves nothing`).toBeGreaterThan(0);
  expect(err / scale, what).toBeLessThan(tol);
}

describe("WasmMechanismNetwork equals the jax-js network (network.ts, mechanism-batch.ts)", () => {
  const cases: [string, number, PaymentMode, "random" | "zero", boolean][] = [
    ["bandit-auction", 64, "fraction", "random", false],
    ["bandit-auction", 64, "fraction", "random", true],
    ["bandit-auction", 64, "free", "random", false],
    ["bandit-auction(horizon=3,discount=1)", 24, "fraction", "zero", false],
    ["bandit-auction(items=2,agents=3,horizon=3)", 16, "fraction", "random", true],
  ];
  for (const [spec, width, payments, biases, shared] of cases) {
    it(`${spec}, width ${width}, ${payments} payments, ${biases} biases, ${shared ? "shared" : "distinct"} inputs: forward and every parameter's gradient`, async () => {
      await initEngine();
      const layout = featureLayout(buildProblem(spec));
      const arch = { width, payments };
      const rng = new Rng(11);
      const shapes = mechanismParamShapes(layout, arch);
      // Glorot weights; biases and the query random too (or zero biases, as initialized).
      const params = initParams(shapes, rng).map((p, k) =>
        shapes[k].shape.length === 1 && (biases === "random" || shapes[k].name.endsWith("query"))
          ? p.map(() => 0.3 * rng.normal())
          : p,
      );
      // More rows than one chunk of either implementation's, and a partial last chunk.
      const N = 1300;
      // Distinct rows, and rows sharing profiles and histories (the input side's groups).
      const batch = shared ? sharedBatch(layout, N, rng) : randomBatch(layout, N, rng);
      if (shared) {
        const gr = inputGroups(layout, batch);
        expect(gr.G).toBeLessThanOrEqual(60);
        expect(gr.K).toBeLessThanOrEqual(8 * layout.histLen);
      }
      const { n, m } = layout;
      const ca = Float32Array.from({ length: N * m * (n + 1) }, () => rng.normal());
      const cp = Float32Array.from({ length: N * n }, () => rng.normal());

      const jaxNet = new MechanismBatch(layout, arch);
      const theta = params.map((p, k) => np.array(p).reshape(shapes[k].shape));
      const x = jaxNet.upload(batch, 1024);
      const ref = jaxNet.forward(theta, x);
      const refGrad = jaxNet.vjp(theta, x, ca, cp).map(toHost);
      MechanismBatch.release(x);
      theta.forEach((t) => t.dispose());
      jaxNet.dispose();

      const net = new WasmMechanismNetwork(layout, arch);
      const out = net.forward(params, batch);
      expectClose(out.alloc, ref.alloc, 1e-5, "alloc");
      expectClose(out.pay, ref.pay, 1e-5, "pay");
      const got = net.vjp(params, batch, ca, cp);
      shapes.forEach(({ name }, k) => expectClose(got[k], refGrad[k], 1e-4, `∂/∂${name}`));
      // The VJP reuses the forward's activations (same θ, same batch): a fresh network, which
      // must compute them, gives the same numbers; and a changed θ is not served stale ones.
      expect(new WasmMechanismNetwork(layout, arch).vjp(params, batch, ca, cp)).toEqual(got);
      const moved = params.map((p) => p.map((v) => v * 1.01));
      expect(net.vjp(moved, batch, ca, cp)).toEqual(
        new WasmMechanismNetwork(layout, arch).vjp(moved, batch, ca, cp),
      );
      expect(net.vjp(moved, batch, ca, cp)).not.toEqual(got);
      // A row without history (row 0 of randomBatch: mask all 0) pools nothing: its output
      // ignores the history tokens. Fresh networks each time: a network keys batches by identity.
      const fresh = (b: FeatureBatch) => new WasmMechanismNetwork(layout, arch).forward(params, b);
      const one = randomBatch(layout, 1, rng);
      const before = fresh(one);
      one.hist.fill(5);
      expect(fresh(one)).toEqual(before);
      // …while the same tokens in a real slot do change it (so the check above can fail).
      one.mask[0] = 1;
      expect(fresh(one)).not.toEqual(before);
    });
  }

  it("an empty batch: no outputs, zero gradients", () => {
    const layout = featureLayout(buildProblem("bandit-auction"));
    const arch = { width: 64, payments: "fraction" as const };
    const params = initParams(mechanismParamShapes(layout, arch), new Rng(1));
    const net = new WasmMechanismNetwork(layout, arch);
    const empty = allocFeatureBatch(layout, 0);
    expect(net.forward(params, empty).alloc.length).toBe(0);
    for (const g of net.vjp(params, empty, [], [])) expect(g.every((v) => v === 0)).toBe(true);
  });
});
