import { describe, expect, it, vi } from "vitest";
import { COMMANDS, dispatch, genericizeOnDb, help } from "./cli";

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

  it("genericize works on the database without a file, file to file with one", () => {
    expect(genericizeOnDb([])).toBe(true);
    expect(genericizeOnDb(["--source", "demo", "--limit", "10"])).toBe(true);
    expect(genericizeOnDb(["--db", "--all"])).toBe(true);
    expect(genericizeOnDb(["--input", "q.jsonl", "--out", "t.jsonl"])).toBe(false);
    expect(genericizeOnDb(["q.jsonl", "--out", "t.jsonl"])).toBe(false);
    expect(genericizeOnDb(["--help"])).toBe(false);
  });
});
