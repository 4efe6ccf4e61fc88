// Inverse-game designers by name. Add one: a file exporting an InverseGameDesigner plus one line.
import { Registry } from "../../core/registry.js";
import { acceptanceDesigner } from "./acceptance.js";
import type { DesignerContext, InverseGameDesigner } from "./designer.js";
import { lagrangianDesigner } from "./lagrangian.js";
import { penaltyDesigner } from "./penalty.js";

const all: InverseGameDesigner[] = [acceptanceDesigner, penaltyDesigner, lagrangianDesigner];

/** A designer with its parameters bound: its initial loop state, and the loop from a state. */
export interface BoundDesigner {
  init(ctx: DesignerContext): object;
  run(ctx: DesignerContext, state: object): Promise<void>;
}

export const inverseGameDesigners = new Registry<BoundDesigner>("designer");
for (const d of all) {
  inverseGameDesigners.add({
    name: d.name,
    summary: d.summary,
    params: d.params,
    create: (params) => ({
      init: (ctx) => d.init(ctx, params),
      run: (ctx, state) => d.run(ctx, params, state),
    }),
  });
}
