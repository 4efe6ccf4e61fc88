// Every AMA designer by name. Add one: a file in this folder plus one line here.
import { Registry } from "../../core/registry.js";
import type { AmaDesigner } from "./designer.js";
import { gridDesigner, gridParams } from "./grid.js";
import { multistartDesigner, multistartParams } from "./multistart.js";
import { smoothDesigner, smoothParams } from "./smooth.js";
import { zerothDesigner, zerothParams } from "./zeroth.js";

export const amaDesigners = new Registry<AmaDesigner>("AMA designer")
  .add({
    name: "grid",
    summary: "Sobol grid search scored exactly, best points rescored (Curry et al. 2024 §5)",
    params: gridParams,
    create: gridDesigner,
  })
  .add({
    name: "zeroth",
    summary: "zeroth-order Gaussian-smoothing gradients with Adam (Curry et al. 2024 §4)",
    params: zerothParams,
    create: zerothDesigner,
  })
  .add({
    name: "smooth",
    summary: "gradients through the entropy-smoothed inner solve, Adam (Curry et al. 2024 §4)",
    params: smoothParams,
    create: smoothDesigner,
  })
  .add({
    name: "multistart",
    summary: "Curry et al. 2024 Algorithm 1: gradient ascent from the m best Sobol grid points",
    params: multistartParams,
    create: multistartDesigner,
  });

export function buildAmaDesigner(text: string, field = "--designer") {
  return amaDesigners.build(text, field);
}
