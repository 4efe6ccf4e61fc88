// `mechlab list` prints job kinds from the catalog (no schemas loaded); the catalog must name
// exactly the registered kinds, in the registry's order, with the summaries they carry.
import { describe, expect, it } from "vitest";
import { JOB_KIND_SUMMARIES } from "./catalog.js";
import { jobKinds } from "./registry.js";

describe("job kind catalog", () => {
  it("lists the registry's kinds in order with their summaries", () => {
    expect(Object.entries(JOB_KIND_SUMMARIES)).toEqual(jobKinds.map((k) => [k.name, k.summary]));
  });
});
