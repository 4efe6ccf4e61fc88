// Schema pieces shared by the job kinds: the same ranges the CLI flags accept.
import { z } from "zod";

export const int = (min: number, max: number) => z.number().int().min(min).max(max);
export const num = (min: number, max: number) => z.number().min(min).max(max);
