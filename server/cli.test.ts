import { describe, expect, it, vi } from "vitest";
import { COMMANDS, dispatch, help } from "./cli";

describe("fistudio dispatcher", () => {
  it("registers every command", () => {
    expect(Object.keys(COMMANDS).sort()).toEqual(["db", "generate", "genericize", "import", "run", "seed", "worker"]);
    for (const name of Object.keys(COMMANDS)) expect(help()).toContain(name);
  });

  it("answers an unknown command with help and exit code 2", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await dispatch(["frobnicate"])).toBe(2);
    expect(err.mock.calls[0][0]).toMatch(/unknown command "frobnicate"/);
    err.mockRestore();
  });
});
