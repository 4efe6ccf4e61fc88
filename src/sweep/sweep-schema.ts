// The schema of a sweep file (sweep-file.ts reads and expands it); its own module so that the
// built-in reproduction sweeps can be typed by it without importing the reader.
import { z } from "zod";

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const range = z
  .object({ from: z.number(), to: z.number(), step: z.number().positive().default(1) })
  .strict();
const count = z
  .object({ count: z.number().int().min(1), from: z.number().int().default(0) })
  .strict();
export const axis = z.union([z.array(scalar).min(1), range, count]);
export const sweepSchema = z
  .object({
    command: z.string(),
    base: z.record(z.string(), scalar).default({}),
    axes: z.record(z.string(), axis).default({}),
    cells: z.array(z.record(z.string(), scalar)).min(1).optional(),
  })
  .strict();
export type SweepFile = z.infer<typeof sweepSchema>;
export type Axis = z.infer<typeof axis>;
