// The only file that imports @jax-js/jax. Everything else goes through this module so that
// the tensor library could be swapped. jax-js rules that callers must follow:
// - every function consumes its Array arguments; use `x.ref` to keep using x afterwards;
// - jit whole steps and keep shapes fixed (each new shape compiles again).
import "./polyfill.js";
import { createRequire } from "node:module";
import type * as Jax from "@jax-js/jax";

// jax-js takes a tenth of a second to load, which every CLI command would pay at start-up
// (`mechlab list` included, whose registries reach modules that use it). So it is loaded on
// first use, synchronously (its CommonJS build), and the exports below are live bindings that
// start as forwarding stubs and are replaced by jax-js's own objects at that first use.
const requireJax = createRequire(import.meta.url);
let lib: typeof Jax | undefined;

function load(): typeof Jax {
  if (lib) return lib;
  lib = requireJax("@jax-js/jax") as typeof Jax;
  ({ numpy: np, nn, random, jit, grad, valueAndGrad, vmap, tree } = lib);
  return lib;
}

/** A namespace whose members are looked up in jax-js, loading it at the first look-up. */
function lazyNamespace<T extends object>(pick: (j: typeof Jax) => T): T {
  return new Proxy({} as T, { get: (_, key) => Reflect.get(pick(load()), key) });
}

export let np: typeof Jax.numpy = lazyNamespace((j) => j.numpy);
export let nn: typeof Jax.nn = lazyNamespace((j) => j.nn);
export let random: typeof Jax.random = lazyNamespace((j) => j.random);
export let tree: typeof Jax.tree = lazyNamespace((j) => j.tree);
export let jit: typeof Jax.jit = ((...a: Parameters<typeof Jax.jit>) =>
  load().jit(...a)) as typeof Jax.jit;
export let grad: typeof Jax.grad = ((...a: Parameters<typeof Jax.grad>) =>
  load().grad(...a)) as typeof Jax.grad;
export let valueAndGrad: typeof Jax.valueAndGrad = ((...a: Parameters<typeof Jax.valueAndGrad>) =>
  load().valueAndGrad(...a)) as typeof Jax.valueAndGrad;
export let vmap: typeof Jax.vmap = ((...a: Parameters<typeof Jax.vmap>) =>
  load().vmap(...a)) as typeof Jax.vmap;
export type Tensor = Jax.numpy.Array;

let ready: Promise<void> | undefined;

/** Initialise the CPU (WebAssembly) backend once; safe to call many times. */
export function initEngine(): Promise<void> {
  ready ??= load()
    .init()
    .then((devices) => {
      if (devices.includes("wasm")) load().defaultDevice("wasm");
    });
  return ready;
}
