// Parameter lists as tensors ↔ plain Float32 arrays (for saving, snapshots and the JS forward).
import { np, type Tensor } from "../../engine/jax.js";
import type { ParamShape } from "../../mechanisms/neural/network.js";

export function toTensors(data: Float32Array[], shapes: ParamShape[]): Tensor[] {
  return data.map((d, k) => np.array(d).reshape(shapes[k].shape));
}

/** Copy out the values without consuming the tensors. */
export function toArrays(ts: Tensor[]): Float32Array[] {
  return ts.map((t) => Float32Array.from(t.ref.dataSync() as Float32Array));
}

export function disposeAll(ts: Tensor[]): void {
  for (const t of ts) t.dispose();
}
