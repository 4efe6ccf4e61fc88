// The exact oracle's network on mechlab's WebAssembly SIMD kernel (kernel=wasm): the same
// upload / forward / vector–Jacobian product as MechanismBatch (jax-js), on
// ../../mechanisms/neural/network-wasm.ts. θ arrives and its gradient leaves as tensors (Adam
// and the loss stay on jax-js); the batch stays on the host (its rows are copied into the
// kernel's memory chunk by chunk, a few dozen floats per row against ~10⁴ multiply–adds).
// Same maths as MechanismBatch, Float32 both, summed in another order: results agree to
// rounding, not bit for bit (network-wasm.test.ts).
import { np, type Tensor } from "../../engine/jax.js";
import type { FeatureBatch, FeatureLayout } from "../../mechanisms/neural/features.js";
import { mechanismParamShapes, type MechanismArch } from "../../mechanisms/neural/network.js";
import { WasmMechanismNetwork } from "../../mechanisms/neural/network-wasm.js";
import type { NetworkBatch } from "./mechanism-batch.js";

export class WasmMechanismBatch implements NetworkBatch<FeatureBatch> {
  private readonly net: WasmMechanismNetwork;
  private readonly shapes: number[][];

  constructor(
    readonly layout: FeatureLayout,
    readonly arch: MechanismArch,
  ) {
    this.net = new WasmMechanismNetwork(layout, arch);
    this.shapes = mechanismParamShapes(layout, arch).map((p) => p.shape);
  }

  /** The batch itself (held on the host; the caller must not change it afterwards). */
  upload(batch: FeatureBatch): FeatureBatch {
    return batch;
  }

  forward(theta: Tensor[], x: FeatureBatch): { alloc: Float32Array; pay: Float32Array } {
    return this.forwardHost(host(theta), x);
  }

  /** forward with θ's values (a pool's worker thread, which runs no tensor engine). */
  forwardHost(theta: Float32Array[], x: FeatureBatch): { alloc: Float32Array; pay: Float32Array } {
    return this.net.forward(theta, x);
  }

  /** The θ-gradient with θ's values, as values (a pool's worker thread). */
  vjpHost(
    theta: Float32Array[],
    x: FeatureBatch,
    ca: Float32Array | Float64Array,
    cp: Float32Array | Float64Array,
  ): Float32Array[] {
    return this.net.vjp(theta, x, ca, cp);
  }

  vjp(
    theta: Tensor[],
    x: FeatureBatch,
    ca: Float32Array | Float64Array,
    cp: Float32Array | Float64Array,
  ): Tensor[] {
    return this.vjpHost(host(theta), x, ca, cp).map((g, k) => np.array(g).reshape(this.shapes[k]));
  }

  release(): void {}

  dispose(): void {}
}

/** θ's values (the tensors stay the caller's). */
const host = (theta: Tensor[]): Float32Array[] =>
  theta.map((t) => t.ref.dataSync() as Float32Array);
