// `fistudio generate` as users run it (a child process): real passages and templates genericized from real queries
// through every stage on worker threads, into Parquet or JSONL; the same seed gives the same rows; bad input is named.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { genericize } from "../pipeline/genericize";
import { OUTPUT_COLUMNS, readTemplates } from "./generate";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "fistudio-generate-"));
const docs = join(dir, "docs.jsonl");
const templates = join(dir, "templates.jsonl");

function cli(...args: string[]) {
  return run(process.execPath, ["--import", "tsx", "server/cli.ts", "generate", ...args], { cwd: process.cwd(), timeout: 240_000, env: { ...process.env, FISTUDIO_MODEL_BASE_URL: "" } });
}

beforeAll(() => {
  writeFileSync(docs, readFileSync("prisma/sample/documents.jsonl", "utf8").split("\n").slice(0, 60).join("\n") + "\n");
  const queries = readFileSync("prisma/sample/queries.jsonl", "utf8").split("\n").filter(Boolean).slice(0, 600);
  const lines = queries.flatMap((l, i) => {
    const g = genericize((JSON.parse(l) as { text: string }).text);
    return g.ok ? [JSON.stringify({ id: `t${i}`, text: g.template, variables: g.variables, compatibleDocumentDescription: g.compatibleDocumentDescription })] : [];
  });
  writeFileSync(templates, lines.join("\n") + "\n");
});

describe("fistudio generate", () => {
  it("writes Parquet with the paper's columns and provenance; JSONL with the same seed gives the same rows", async () => {
    const out = join(dir, "pairs.parquet");
    await cli("--documents", docs, "--templates", templates, "--out", out, "--seed", "3", "--threads", "2", "--cache-dir", join(dir, "cache"));
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const db = await DuckDBInstance.create(":memory:");
    const con = await db.connect();
    const cols = (await (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${out}')`)).getRowObjects()).map((r) => r.column_name);
    expect(cols).toEqual(OUTPUT_COLUMNS.map(([n]) => n));
    const parquet = (await (await con.runAndReadAll(`SELECT * FROM read_parquet('${out}') ORDER BY warc_record_id, template_id, view_k`)).getRowObjectsJson()) as Record<string, unknown>[];
    con.closeSync();
    db.closeSync();
    expect(parquet.length).toBeGreaterThan(20);
    for (const r of parquet) {
      expect(Number(r.judge_score)).toBeGreaterThanOrEqual(4);
      expect(Number(r.excerpt_ratio)).toBeGreaterThanOrEqual(0.8);
      expect(String(r.engine)).toMatch(/^builtin-[\d.]+\/lexical$/);
    }
    const jsonl = join(dir, "pairs.jsonl");
    await cli("--documents", docs, "--templates", templates, "--out", jsonl, "--seed", "3", "--threads", "1", "--cache-dir", join(dir, "cache"));
    const rows = readFileSync(jsonl, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const key = (r: Record<string, unknown>) => `${r.warc_record_id}|${r.template_id}|${r.view_k}|${r.instantiated_instruction}`;
    expect(rows.map(key).sort()).toEqual(parquet.map(key).sort());
  });

  it("--limit stops after N documents", async () => {
    const out = join(dir, "limited.jsonl");
    await cli("--documents", docs, "--templates", templates, "--out", out, "--limit", "5", "--threads", "1", "--cache-dir", join(dir, "cache"));
    const ids = new Set(readFileSync(out, "utf8").split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { warc_record_id: string }).warc_record_id));
    const first5 = readFileSync(docs, "utf8").split("\n").slice(0, 5).map((l) => (JSON.parse(l) as { id: string }).id);
    expect([...ids].every((id) => first5.includes(id))).toBe(true);
  });

  it("bad input: a broken JSONL line is named by file and line, a missing file by path; no output is left", async () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, `${readFileSync(docs, "utf8").split("\n")[0]}\n{"id": "x", "text": "unterminated\n`);
    const out = join(dir, "never.parquet");
    await expect(cli("--documents", bad, "--templates", templates, "--out", out, "--threads", "1", "--cache-dir", join(dir, "cache"))).rejects.toMatchObject({
      stderr: expect.stringContaining(`${bad}:2: not valid JSON`),
    });
    await expect(cli("--documents", join(dir, "missing.jsonl"), "--templates", templates, "--out", out)).rejects.toMatchObject({ stderr: expect.stringContaining("missing.jsonl") });
    expect(readdirSync(dir).filter((f) => f.startsWith("never.parquet"))).toEqual([]);
  });

  it("reads a template's support (as fistudio genericize writes it); a bad one is named by file and line", async () => {
    const file = join(dir, "support.jsonl");
    writeFileSync(file, `{"id": "a", "text": "who wrote <fi>a book</fi>", "support": 3}\n{"id": "b", "text": "where is <fi>a city</fi>"}\n`);
    expect((await readTemplates(file)).map((t) => [t.id, t.support])).toEqual([
      ["a", 3],
      ["b", undefined],
    ]);
    writeFileSync(file, `{"id": "a", "text": "who wrote <fi>a book</fi>"}\n{"id": "b", "text": "where is <fi>a city</fi>", "support": 1.5}\n`);
    await expect(readTemplates(file)).rejects.toThrow(`${file}:2: "support" must be a positive whole number of source queries, got 1.5`);
  });
});
