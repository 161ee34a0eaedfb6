import { rmSync } from "node:fs";
// The imports engine against PostgreSQL, with real queries and passages (../shared/data, else the bundled sample).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "../server/imports";
import { closePool, getPool } from "../server/db/pool";
import { realDocumentsFile, realQueriesFile, resetDb, tempDir, useTestDatabase } from "./helpers";

useTestDatabase();
const dir = tempDir();
const realQueries = readFileSync(realQueriesFile(), "utf8").split("\n").filter(Boolean).slice(0, 1000);
const q = (sql: string, p: unknown[] = []) => getPool().query(sql, p);
const count = async (table: string, where = "true", p: unknown[] = []) => (await q(`SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`, p)).rows[0].n as number;
const facet = async (entity: string, f: string, v: string) =>
  Number((await q(`SELECT coalesce(sum(count),0) AS n FROM "FacetCount" WHERE entity=$1 AND facet=$2 AND value=$3`, [entity, f, v])).rows[0].n);

/** 1,000 real query lines with 3 malformed ones at lines 10, 500 and 1000. */
function thousandWithThreeBad(): string {
  const lines = [...realQueries];
  lines[9] = '{"id": "broken-1", "text": "unterminated';
  lines[499] = '{"id": "no-text", "source": "x"}';
  lines[999] = "this is not json";
  const p = join(dir, "thousand.jsonl");
  writeFileSync(p, lines.join("\n") + "\n");
  return p;
}

beforeAll(async () => {
  await resetDb();
});
afterAll(async () => {
  await closePool();
  rmSync(dir, { recursive: true, force: true });
});

describe("queries from JSONL", () => {
  it("imports 997 of 1,000 lines and reports the 3 bad ones by line number", async () => {
    const file = thousandWithThreeBad();
    const r = await runImport({ kind: "queries", filePath: file, source: "fallback" });
    expect(r.status).toBe("completed");
    expect(r.imported).toBe(997);
    expect(r.badLines).toBe(3);
    expect(r.totalLines).toBe(1000);
    expect(r.report.badLines.map((b) => [b.line, b.reason])).toEqual([
      [10, "invalid-json"],
      [500, "missing-text"],
      [1000, "invalid-json"],
    ]);
    expect(await count("Query")).toBe(997);
    // The report is kept on the ImportJob row.
    const job = (await q(`SELECT status, imported, "badLines", report FROM "ImportJob" WHERE id = $1`, [r.importJobId])).rows[0];
    expect(job).toMatchObject({ status: "completed", imported: 997, badLines: 3 });
    expect(job.report.badLines).toHaveLength(3);
    // Rows keep their source, stable id and meta; pre-aggregates follow.
    const first = JSON.parse(realQueries[0]);
    const row = (await q(`SELECT q.text, qs.name, q.meta FROM "Query" q JOIN "QuerySource" qs ON qs.id = q."sourceId" WHERE q.id = $1`, [first.id])).rows[0];
    expect(row.text).toBe(first.text.trim());
    expect(row.name).toBe(first.source);
    expect(await facet("query", "total", "all")).toBe(997);
    const bySource = (await q(`SELECT sum("queryCount")::int AS n FROM "QuerySource"`)).rows[0].n;
    expect(bySource).toBe(997);
  });

  it("adds nothing when the same file is imported again", async () => {
    const r = await runImport({ kind: "queries", filePath: join(dir, "thousand.jsonl"), source: "fallback" });
    expect(r.imported).toBe(0);
    expect(r.duplicates).toBe(997);
    expect(await count("Query")).toBe(997);
    expect(await facet("query", "total", "all")).toBe(997);
  });

  it("strict mode imports nothing when a line is bad", async () => {
    const lines = realQueries.slice(0, 50).map((l) => {
      const o = JSON.parse(l);
      return JSON.stringify({ ...o, id: `strict-${o.id}` });
    });
    lines.splice(20, 0, "{oops");
    const file = join(dir, "strict.jsonl");
    writeFileSync(file, lines.join("\n"));
    const r = await runImport({ kind: "queries", filePath: file, source: "s", strict: true });
    expect(r.status).toBe("failed");
    expect(r.imported).toBe(0);
    expect(r.report.badLines).toEqual([{ line: 21, reason: "invalid-json", message: expect.any(String) }]);
    expect(await count("Query", "id LIKE 'strict-%'")).toBe(0);
    // Without the bad line, strict imports everything.
    writeFileSync(file, lines.filter((l) => l !== "{oops").join("\n"));
    const ok = await runImport({ kind: "queries", filePath: file, source: "s", strict: true });
    expect(ok.imported).toBe(50);
  });

  it("reports an empty file", async () => {
    const file = join(dir, "empty.jsonl");
    writeFileSync(file, "");
    const r = await runImport({ kind: "queries", filePath: file, source: "e" });
    expect(r.imported).toBe(0);
    expect(r.report.badLines).toEqual([{ line: 0, reason: "empty-file", message: "the file is empty" }]);
    writeFileSync(file, "\n\n  \n");
    const r2 = await runImport({ kind: "queries", filePath: file, source: "e" });
    expect(r2.report.badLines[0].reason).toBe("empty-file");
  });

  it("reports invalid UTF-8 and a 10 MB line without holding it", async () => {
    const file = join(dir, "bytes.jsonl");
    const big = Buffer.alloc(10 * 1024 * 1024, "a");
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('{"id":"u1","text":"fine text one"}\n'),
        Buffer.from('{"id":"u2","text":"latin-1 caf'),
        Buffer.from([0xe9]),
        Buffer.from('"}\n{"id":"u3","text":"'),
        big,
        Buffer.from('"}\r\n{"id":"u4","text":"fine text two"}'), // CRLF and no final newline
      ]),
    );
    const before = process.memoryUsage().rss;
    const r = await runImport({ kind: "queries", filePath: file, source: "bytes" });
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    expect(r.imported).toBe(2);
    expect(r.report.badLines.map((b) => [b.line, b.reason])).toEqual([
      [2, "invalid-utf8"],
      [3, "line-too-long"],
    ]);
    expect(await count("Query", "id IN ('u1','u4')")).toBe(2);
  });

  it("keeps text and meta with lone surrogates and NULs (PostgreSQL rejects them raw)", async () => {
    const file = join(dir, "surrogates.jsonl");
    writeFileSync(file, ['{"id":"s1","text":"lone \\ud800 surrogate","meta":{"x":"\\udc00 and \\u0000 nul"}}', '{"id":"s2","text":"nul \\u0000 inside"}'].join("\n"));
    const r = await runImport({ kind: "queries", filePath: file, source: "sur" });
    expect(r.status).toBe("completed");
    expect(r.imported).toBe(2);
  });

  it("hashes source + text into a stable id when the file has none", async () => {
    const file = join(dir, "noid.jsonl");
    writeFileSync(file, ['{"text":"how do hashes work"}', '{"text":"how do hashes work"}', '{"text":"another one"}'].join("\n"));
    const r = await runImport({ kind: "queries", filePath: file, source: "noid" });
    expect(r.imported).toBe(2);
    expect(r.duplicates).toBe(1);
    const again = await runImport({ kind: "queries", filePath: file, source: "noid" });
    expect(again.imported).toBe(0);
  });

  it("leaves nothing behind when an import fails half-way", async () => {
    const lines = realQueries.map((l) => JSON.stringify({ ...JSON.parse(l), id: `half-${JSON.parse(l).id}` }));
    const file = join(dir, "half.jsonl");
    writeFileSync(file, lines.join("\n"));
    const ac = new AbortController();
    const r = await runImport({
      kind: "queries",
      filePath: file,
      source: "half",
      batchSize: 100,
      progressEveryMs: 0,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.records >= 500) ac.abort();
      },
    });
    expect(r.status).toBe("failed");
    expect(await count("Query", "id LIKE 'half-%'")).toBe(0);
    const job = (await q(`SELECT status, error FROM "ImportJob" WHERE id = $1`, [r.importJobId])).rows[0];
    expect(job.status).toBe("failed");
    expect(await facet("query", "source", "half")).toBe(0);
  });
});

describe("CSV and Parquet (DuckDB)", () => {
  it("imports queries from CSV with a field map and reports bad rows", async () => {
    const file = join(dir, "q.csv");
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('qid,question,origin\nc1,what is a csv file,web\nc2,,web\nc3,"a, quoted ""field""",web\n'),
        Buffer.from("c4,bad \xff byte,web\n", "latin1"),
        Buffer.from("c5,too,many,columns\nc6,last good row,web\n"),
      ]),
    );
    const r = await runImport({ kind: "queries", filePath: file, source: "csv", fieldMap: { id: "qid", text: "question", source: "origin" } });
    expect(r.imported).toBe(3);
    expect(r.report.byReason).toMatchObject({ "missing-text": 1, "invalid-utf8": 1, "invalid-row": 1 });
    expect((await q(`SELECT text FROM "Query" WHERE id = 'c3'`)).rows[0].text).toBe('a, quoted "field"');
    expect(await facet("query", "source", "web")).toBe(3);
  });

  it("reads a .json file holding one array of objects", async () => {
    const file = join(dir, "arr.json");
    writeFileSync(file, JSON.stringify([{ id: "ja1", text: "json array one" }, { id: "ja2", text: "json array two" }, { id: "ja3" }]));
    const r = await runImport({ kind: "queries", filePath: file, source: "arr" });
    expect(r.imported).toBe(2);
    expect(r.report.badLines.map((b) => [b.line, b.reason])).toEqual([[3, "missing-text"]]);
  });

  it("imports documents from Parquet into a corpus, idempotently", async () => {
    const pq = join(dir, "docs.parquet");
    const inst = await DuckDBInstance.create(":memory:");
    const con = await inst.connect();
    await con.run(`COPY (SELECT * FROM read_json_auto('${realDocumentsFile()}') LIMIT 300) TO '${pq}' (FORMAT parquet)`);
    con.closeSync();
    inst.closeSync();
    const r = await runImport({ kind: "documents", filePath: pq, source: "wiki", corpus: "pq-corpus" });
    expect(r.status).toBe("completed");
    expect(r.imported).toBe(300);
    const corpus = (await q(`SELECT id, "sampleCount", "documentCount" FROM "Corpus" WHERE name = 'pq-corpus'`)).rows[0];
    expect(corpus).toMatchObject({ sampleCount: 300, documentCount: 300 });
    const rows = (await q(`SELECT min("rowIndex")::int AS lo, max("rowIndex")::int AS hi, count(DISTINCT "rowIndex")::int AS n FROM "Document" WHERE "corpusId" = $1`, [corpus.id])).rows[0];
    expect(rows).toEqual({ lo: 0, hi: 299, n: 300 });
    const d = (await q(`SELECT id, title, "tokenCount" FROM "Document" WHERE "corpusId" = $1 ORDER BY "rowIndex" LIMIT 1`, [corpus.id])).rows[0];
    expect(d.id).toMatch(new RegExp(`^${corpus.id}:`));
    expect(d.title.length).toBeGreaterThan(0);
    expect(d.tokenCount).toBeGreaterThan(0);
    const again = await runImport({ kind: "documents", filePath: pq, source: "wiki", corpus: "pq-corpus" });
    expect(again.imported).toBe(0);
    expect(again.duplicates).toBe(300);
  });

  it("imports documents from JSONL and appends row indexes after existing ones", async () => {
    const file = join(dir, "docs.jsonl");
    writeFileSync(file, readFileSync(realDocumentsFile(), "utf8").split("\n").slice(300, 350).join("\n"));
    const r = await runImport({ kind: "documents", filePath: file, source: "wiki", corpus: "pq-corpus" });
    expect(r.imported).toBe(50);
    const hi = (await q(`SELECT max("rowIndex")::int AS hi FROM "Document" d JOIN "Corpus" c ON c.id = d."corpusId" WHERE c.name = 'pq-corpus'`)).rows[0].hi;
    expect(hi).toBe(349);
  });
});

describe("templates", () => {
  it("validates <fi> syntax and reports every rejected template with the reason", async () => {
    const file = join(dir, "templates.jsonl");
    const rows = [
      { template: "What is the capital of <fi>a country</fi>?", compatible_document_description: "A text about a country", tags: ["geo"], support: 7 },
      { template: "Who wrote <fi>title of a book</fi> and when was <fi>title of a book</fi> published?", tags: "books, history" },
      { template: "How do I install <fi>name of a software library</fi> on <fi>an operating system</fi>?" },
      { template: "Broken <fi>a thing</fi" },
      { template: "Nested <fi>a <fi>b</fi></fi>" },
      { template: "Empty <fi> </fi> description" },
      { template: "No variables at all" },
      { template: "What is the capital of <fi>a country</fi>?" }, // exact duplicate of row 1
      { template: "Where is <fi>a city</fi>?", support: 0 },
      { template: "Where is <fi>a town</fi>?", support: "many" },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
    const r = await runImport({ kind: "templates", filePath: file, source: "my-bank" });
    expect(r.imported).toBe(3);
    expect(r.duplicates).toBe(1);
    expect(r.report.badLines.map((b) => [b.line, b.reason])).toEqual([
      [4, "invalid-template"],
      [5, "invalid-template"],
      [6, "invalid-template"],
      [7, "invalid-template"],
      [9, "invalid-template"],
      [10, "invalid-template"],
    ]);
    expect(r.report.badLines[4].message).toBe("support: 0 is not a positive whole number of queries");
    expect(r.report.badLines[5].message).toBe('support: "many" is not a positive whole number of queries');
    const supports = (await q(`SELECT text, support FROM "Template" ORDER BY text`)).rows.map((x) => [x.text.slice(0, 12), x.support]);
    expect(supports).toEqual([
      ["How do I ins", 1],
      ["What is the ", 7],
      ["Who wrote <f", 1],
    ]);
    expect(r.report.badLines[1].message).toMatch(/nested/);
    expect(r.report.badLines[2].message).toMatch(/empty-description/);
    const t = (await q(`SELECT "variableCount", tags, origin, "sourceName", "currentVersion" FROM "Template" WHERE text LIKE 'Who wrote%'`)).rows[0];
    expect(t).toMatchObject({ variableCount: 1, tags: ["books", "history"], origin: "imported", sourceName: "my-bank", currentVersion: 1 });
    expect(await count("TemplateVersion")).toBe(3);
    expect(await facet("template", "total", "all")).toBe(3);
    expect(await facet("template", "variableCount", "2")).toBe(1);
    expect(await facet("template", "tag", "geo")).toBe(1);
    expect(await facet("template", "source", "my-bank")).toBe(3);
  });
});
