// Canonical problem names: only the parameters that apply, old names still accepted.
import { describe, expect, it } from "vitest";
import { buildProblem, namesProblem, problems } from "./registry.js";

const OLD_DISCRETE =
  "bandit-auction(values=discrete,agents=2,items=1,horizon=5,discount=0.85,cost=0,semantics=realized,grid=1;2;3,prior=uniform,mean=2.5,sd=0.1,upper=5,drift=0.01)";

describe("canonical problem names", () => {
  it("print only the parameters that apply to the type space", () => {
    expect(buildProblem("bandit-auction").name).toBe(
      "bandit-auction(values=discrete,agents=2,items=1,horizon=5,discount=0.85,cost=0,semantics=realized,grid=1;2;3,prior=uniform)",
    );
    expect(buildProblem("bandit-auction(values=continuous,horizon=2)").name).toBe(
      "bandit-auction(values=continuous,agents=2,items=1,horizon=2,discount=0.85,cost=0,semantics=realized,mean=2.5,sd=0.1,upper=5,drift=0.01)",
    );
  });

  it("parse old names that listed every parameter, to the same problem", () => {
    const p = buildProblem(OLD_DISCRETE);
    expect(p.name).toBe(buildProblem("bandit-auction").name);
    expect(namesProblem(OLD_DISCRETE, p.name)).toBe(true);
    expect(namesProblem(OLD_DISCRETE.replace("horizon=5", "horizon=4"), p.name)).toBe(false);
    expect(namesProblem("not a name(", p.name)).toBe(false);
    expect(namesProblem(42, p.name)).toBe(false);
    expect(problems.canonical(p.name, "problem")).toBe(p.name);
  });

  it("refuse a parameter that does not apply unless it is at its default", () => {
    expect(() => buildProblem("bandit-auction(mean=3)")).toThrow(
      /mean: applies only with values=continuous/,
    );
    expect(() => buildProblem("bandit-auction(values=continuous,grid=1;2)")).toThrow(
      /grid: applies only with values=discrete/,
    );
    expect(buildProblem("bandit-auction(mean=2.5)").name).toBe(buildProblem("bandit-auction").name);
  });
});
