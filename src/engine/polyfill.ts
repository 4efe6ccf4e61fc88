// jax-js probes `navigator.gpu` during init(); Node 20 has no global navigator.
const g = globalThis as { navigator?: unknown };
if (typeof g.navigator === "undefined") g.navigator = {};
export {};
