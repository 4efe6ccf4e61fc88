export * from "./jax.js";
export { Rng } from "./rng.js";
export { Adam, type AdamConfig } from "./adam.js";
