// Every SPM setting of Brero et al. 2021. Add a setting: one file in this folder plus one line here.
import { Registry } from "../../core/registry.js";
import type { SpmSetting } from "../types.js";
import { additiveEntry } from "./additive.js";
import { colorsEntry } from "./colors.js";
import { correlatedEntry, revenueEntry } from "./correlated.js";
import { idEntry } from "./id.js";
import { inventoryEntry } from "./inventory.js";
import { kitchenSinkEntry } from "./kitchen-sink.js";
import { maxMinEntry } from "./max-min.js";
import { twoWorldsEntry } from "./two-worlds.js";

export const spmSettings = new Registry<SpmSetting>("SPM setting")
  .add(correlatedEntry)
  .add(colorsEntry)
  .add(twoWorldsEntry)
  .add(inventoryEntry)
  .add(kitchenSinkEntry)
  .add(idEntry)
  .add(additiveEntry)
  .add(revenueEntry)
  .add(maxMinEntry);

export function buildSetting(text: string, field = "--setting"): SpmSetting {
  return spmSettings.build(text, field).value;
}
