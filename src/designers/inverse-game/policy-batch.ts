// The deviation policy over one tree's decision rows, for the exact oracle: its report
// probabilities q (on the host) and the vector–Jacobian product of q for the policy's weights.
// Two engines behind one interface, chosen with the mechanism network's: jax-js, jitted (kernel
// jax, unchanged results), or the hand-written Float64 loops of discrete-policy-fast.ts (kernel
// wasm, where jax-js's dispatch cost more than the policy's FLOPs).
import { FastPolicyBatch } from "../../agents/deviation/discrete-policy-fast.js";
import { policyForward } from "../../agents/deviation/discrete-policy.js";
import { grad, jit, np, type Tensor } from "../../engine/jax.js";
import type { Tree } from "../compiled-game/exact-tree.js";
import { toHost } from "./mechanism-batch.js";

export interface PolicyBatch {
  /** q [D × reports] for the weights w. */
  forward(w: Tensor[]): Float32Array | Float64Array;
  /** A zeroed cotangent of q, in this engine's precision. */
  cotangent(): Float32Array | Float64Array;
  /** ∂(Σ q·cq)/∂w at the last forward's weights `w`, one tensor per weight. */
  vjp(w: Tensor[], cq: Float32Array | Float64Array): Tensor[];
  dispose(): void;
}

/** The jitted jax-js forward and VJP, shared by every tree of an oracle (disposed with it). */
export class JaxPolicyFns {
  readonly fwd = jit((w: Tensor[], feat: Tensor, truth: Tensor) => policyForward(w, feat, truth));
  readonly vjp = jit(
    grad((w: Tensor[], feat: Tensor, truth: Tensor, cq: Tensor) =>
      np.sum(policyForward(w, feat, truth).mul(cq)),
    ),
  );
  dispose(): void {
    this.fwd.dispose();
    this.vjp.dispose();
  }
}

/** The tree's policy batch; `fns` absent: the hand-written engine. Undefined without decisions. */
export function policyBatch(tree: Tree, fns?: JaxPolicyFns): PolicyBatch | undefined {
  const D = tree.decisionRows.length;
  if (D === 0) return undefined;
  const R = tree.policy.reports;
  if (!fns) {
    const fast = new FastPolicyBatch(tree.policy, tree.policyFeat, tree.decisionTruth, D);
    return {
      forward: (w) => fast.forward(w.map((t) => t.ref.dataSync())),
      cotangent: () => new Float64Array(D * R),
      vjp: (w, cq) =>
        fast.vjp(cq).map((g, k) => np.array(Float32Array.from(g)).reshape(w[k].shape)),
      dispose: () => {},
    };
  }
  const truthRows = new Float32Array(D * R);
  tree.decisionTruth.forEach((t, d) => (truthRows[d * R + t] = 1));
  const feat = np.array(tree.policyFeat).reshape([D, tree.policy.featDim]);
  const truth = np.array(truthRows).reshape([D, R]);
  return {
    forward: (w) =>
      toHost(
        fns.fwd(
          w.map((t) => t.ref),
          feat.ref,
          truth.ref,
        ),
      ),
    cotangent: () => new Float32Array(D * R),
    vjp: (w, cq) =>
      fns.vjp(
        w.map((t) => t.ref),
        feat.ref,
        truth.ref,
        np.array(cq).reshape([D, R]),
      ),
    dispose: () => {
      feat.dispose();
      truth.dispose();
    },
  };
}
