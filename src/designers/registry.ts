// Designers by name, for `mechlab design --designer NAME(k=v,…)` and `mechlab list`. Add one:
// a folder with a Designer (designer.ts) and one line here — see docs/designers.md.
import { Registry } from "../core/registry.js";
import type { Designer, DesignerInstance } from "./designer.js";
import { bilevelDesigner } from "./exact-game/bilevel-entry.js";
import { handicapDesigner } from "./handicap/handicap-entry.js";
import { acceptanceDesigner } from "./inverse-game/acceptance.js";
import { lagrangianDesigner } from "./inverse-game/lagrangian.js";
import { penaltyDesigner } from "./inverse-game/penalty.js";
import { sgdaDesigner } from "./inverse-game/sgda-entry.js";
import { npgAcceptance, npgLagrangian, npgPenalty } from "./npg-game/methods.js";
import { npgDesigner } from "./npg-game/npg-entry.js";
import { randomSearchDesigner } from "./random-search/random-search.js";

export const designers = new Registry<DesignerInstance, Designer>("designer")
  .add(bilevelDesigner)
  .add(handicapDesigner)
  .add(sgdaDesigner(acceptanceDesigner))
  .add(sgdaDesigner(penaltyDesigner))
  .add(sgdaDesigner(lagrangianDesigner))
  .add(randomSearchDesigner)
  .add(npgDesigner(npgPenalty))
  .add(npgDesigner(npgAcceptance))
  .add(npgDesigner(npgLagrangian));

export const DEFAULT_DESIGNER = "bilevel";
