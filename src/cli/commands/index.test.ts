// The lazy command list: its names must be the names the commands register, or `mechlab NAME`
// would load the wrong module (or none) and fail.
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { commandNames, loadCommands } from "./index.js";

describe("the command list", () => {
  it("names every command as it registers itself, in order", async () => {
    const program = new Command();
    for (const c of await loadCommands()) c.register(program);
    expect(program.commands.map((c) => c.name())).toEqual(commandNames);
  });

  it("loads one command when named, every command otherwise", async () => {
    const one = new Command();
    for (const c of await loadCommands("export-mechanism")) c.register(one);
    expect(one.commands.map((c) => c.name())).toEqual(["export-mechanism"]);
    expect(await loadCommands("no-such-command")).toHaveLength(commandNames.length);
    expect(await loadCommands("constructor")).toHaveLength(commandNames.length);
  });
});
