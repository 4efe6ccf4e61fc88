// Supplies for generated instances: a fixed fraction (tightness) of the expected demand at
// zero prices, so resources are scarce and prices matter; scale multiplies agents and
// supplies together (the large-market regime).
import { Rng } from "../../engine/rng.js";
import { chooseOption } from "../choice.js";
import { drawRequest, type AgentClass } from "../model.js";

export function zeroPriceDemand(
  classes: readonly AgentClass[],
  m: number,
  seed: number,
): Float64Array {
  const d = new Float64Array(m);
  const zero = new Float64Array(m);
  const rng = new Rng(seed);
  const draws = 200;
  for (const c of classes) {
    const points = c.support
      ? c.support.map((p) => ({ w: p.probability, request: p.request }))
      : Array.from({ length: draws }, () => ({
          w: 1 / draws,
          request: drawRequest(c, rng).request,
        }));
    for (const { w, request } of points) {
      const k = chooseOption(request, zero);
      if (k >= 0)
        for (let j = 0; j < m; j++) d[j] += c.count * w * request.options[k].consumption[j];
    }
  }
  return d;
}
