// no-advice: water-filling on the solver's best price-weight set (reconstruction; the
// O(log n) clock auction of Christodoulou–Gkatzelis–Schoepflin is of this shape). On the
// one-versus-group family with harmonic group values its ratio grows like H_{n−1} ≈ ln n.
import type { ClockRule } from "../engine.js";
import { waterFillRaise } from "./water-fill.js";

export function noAdvice(step: number): ClockRule {
  return { name: `no-advice(step=${step})`, raise: (view) => waterFillRaise(view, step) };
}
