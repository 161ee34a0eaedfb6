// `fistudio genericize --input --out` as users run it (a child process) on real queries: the built-in genericizer,
// then a model server (the OpenAI-protocol test double on loopback) doing the same job; bad input is named.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDouble, type TestDouble } from "../pipeline/model/test-double";
import { parseTemplate } from "../pipeline/template-syntax";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "fistudio-genericize-"));
const queries = join(dir, "queries.jsonl");
let d: TestDouble;

function cli(env: Record<string, string>, ...args: string[]) {
  return run(process.execPath, ["--import", "tsx", "server/cli.ts", "genericize", ...args], { timeout: 120_000, env: { ...process.env, FISTUDIO_MODEL_BASE_URL: "", ...env } });
}
const readTemplates = (f: string) => readFileSync(f, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { text: string; variableCount: number; mergedQueryIds: string[]; support: number });

beforeAll(async () => {
  writeFileSync(queries, readFileSync("prisma/sample/queries.jsonl", "utf8").split("\n").slice(0, 120).join("\n") + "\n");
  d = await startTestDouble();
});
afterAll(() => d.close());

describe("fistudio genericize", () => {
  it("built in: valid templates with variables, a summary with coverage and merges", async () => {
    const out = join(dir, "builtin.jsonl");
    const { stdout } = await cli({}, "--input", queries, "--out", out);
    expect(stdout).toMatch(/queries: 120, gave a template: \d+ \(coverage (0\.9\d+|1\.000)\)/);
    expect(stdout).toMatch(/templates kept: \d+, merged: \d+/);
    const t = readTemplates(out);
    expect(t.length).toBeGreaterThan(90);
    for (const x of t) expect(parseTemplate(x.text).descriptions.length).toBe(x.variableCount);
    // Each template's support counts its own query and the ones merged into it; together they are every query kept.
    for (const x of t) expect(x.support).toBe(1 + x.mergedQueryIds.length);
    const merged = Number(/merged: (\d+)/.exec(stdout)![1]);
    expect(t.reduce((s, x) => s + x.support, 0)).toBe(t.length + merged);
  });

  it("with FISTUDIO_MODEL_* the model server genericizes every query and says so", async () => {
    const out = join(dir, "model.jsonl");
    const before = d.requests.length;
    const { stdout } = await cli({ FISTUDIO_MODEL_BASE_URL: d.url, FISTUDIO_MODEL_STAGES: "genericize", FISTUDIO_MODEL_GENERICIZE: "fi-genericizer" }, "--input", queries, "--out", out);
    expect(stdout).toContain("genericizer: model:genericize=fi-genericizer@");
    const calls = d.requests.slice(before).filter((r) => r.path.endsWith("/chat/completions"));
    expect(calls.length).toBe(120);
    expect(calls.every((r) => (r.body as { model: string }).model === "fi-genericizer")).toBe(true);
    expect(readTemplates(out).length).toBeGreaterThan(0);
  });

  it("bad input: a broken line is named by file and line; an unserved model is named", async () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, `{"text": "who wrote the iliad"}\n{"text": "broken\n`);
    await expect(cli({}, "--input", bad, "--out", join(dir, "x.jsonl"))).rejects.toMatchObject({ stderr: expect.stringContaining(`${bad}:2: not valid JSON`) });
    await expect(cli({ FISTUDIO_MODEL_BASE_URL: d.url, FISTUDIO_MODEL_GENERICIZE: "no-such-model", FISTUDIO_MODEL_STAGES: "genericize" }, "--input", queries, "--out", join(dir, "y.jsonl"))).rejects.toMatchObject({
      stderr: expect.stringContaining("no-such-model"),
    });
  });
});
