// Inverse-game designers by name. Add one: a file exporting an InverseGameDesigner plus one line.
import { Registry } from "../../core/registry.js";
import { acceptanceDesigner } from "./acceptance.js";
import type { DesignerContext, InverseGameDesigner } from "./designer.js";
import { lagrangianDesigner } from "./lagrangian.js";
import { penaltyDesigner } from "./penalty.js";

const all: InverseGameDesigner[] = [acceptanceDesigner, penaltyDesigner, lagrangianDesigner];

export const inverseGameDesigners = new Registry<(ctx: DesignerContext) => void>("designer");
for (const d of all) {
  inverseGameDesigners.add({
    name: d.name,
    summary: d.summary,
    params: d.params,
    create: (params) => (ctx) => d.run(ctx, params),
  });
}
