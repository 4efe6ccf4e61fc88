// The only file that imports @jax-js/jax. Everything else goes through this module so that
// the tensor library could be swapped. jax-js rules that callers must follow:
// - every function consumes its Array arguments; use `x.ref` to keep using x afterwards;
// - jit whole steps and keep shapes fixed (each new shape compiles again).
import "./polyfill.js";
import {
  init,
  numpy,
  nn,
  random,
  jit,
  grad,
  valueAndGrad,
  vmap,
  tree,
  defaultDevice,
} from "@jax-js/jax";

export { numpy as np, nn, random, jit, grad, valueAndGrad, vmap, tree };
export type Tensor = numpy.Array;

let ready: Promise<void> | undefined;

/** Initialise the CPU (WebAssembly) backend once; safe to call many times. */
export function initEngine(): Promise<void> {
  ready ??= init().then((devices) => {
    if (devices.includes("wasm")) defaultDevice("wasm");
  });
  return ready;
}
