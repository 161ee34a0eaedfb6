import { rmSync } from "node:fs";
// Browse functions (server/browse): keyset pagination, sorting, filters, full-text search, totals, bulk actions.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkUpdateTemplates, getTemplate, listTemplates, templateFacets, type ListTemplatesInput, type TemplateRow } from "../server/browse/templates";
import { getQuery, listQueries, listQuerySources, queryFacets } from "../server/browse/queries";
import { documentFacets, getDocument, listCorpora, listDocuments } from "../server/browse/documents";
import { runImport } from "../server/imports";
import { closePool, getPool } from "../server/db/pool";
import { realDocumentsFile, realQueriesFile, resetDb, tempDir, useTestDatabase } from "./helpers";
import { readFileSync } from "node:fs";

useTestDatabase();
const dir = tempDir();
const TYPES = ["person", "place", "year", "work"];
const SOURCES = ["alpha", "beta", "gamma"];

async function all(input: ListTemplatesInput): Promise<TemplateRow[]> {
  const out: TemplateRow[] = [];
  let cursor: string | null | undefined;
  for (let i = 0; i < 1000; i++) {
    const p = await listTemplates({ ...input, cursor });
    out.push(...p.items);
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
  }
  return out;
}

beforeAll(async () => {
  await resetDb();
  // 240 templates with known facets, through the real import path.
  const rows = [];
  for (let i = 0; i < 240; i++) {
    const n = (i % 3) + 1;
    const vars = Array.from({ length: n }, (_, k) => `<fi>a ${TYPES[(i + k) % 4]} ${k}</fi>`);
    const topic = i % 2 ? "river" : "mountain";
    rows.push({
      id: `t${String(i).padStart(3, "0")}`,
      template: `Where is the ${topic} near ${vars.join(" and ")} number ${i}?`,
      description: i % 5 === 0 ? "A passage about volcanoes" : "A geography text",
      tags: i % 4 === 0 ? ["geo", "hard"] : ["geo"],
      source: SOURCES[i % 3],
      support: (i % 5) + 1,
    });
  }
  const file = join(dir, "t.jsonl");
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
  const r = await runImport({ kind: "templates", filePath: file, source: "unused" });
  expect(r.imported).toBe(240);
  // Vary createdAt so the default sort has ties and non-ties.
  await getPool().query(`UPDATE "Template" SET "createdAt" = timestamp '2026-01-01' + (((substr(id, 2)::int) % 7) || ' days')::interval`);
  const q = join(dir, "q.jsonl");
  writeFileSync(q, readFileSync(realQueriesFile(), "utf8").split("\n").filter(Boolean).slice(0, 400).join("\n"));
  await runImport({ kind: "queries", filePath: q, source: "x" });
  const d = join(dir, "d.jsonl");
  writeFileSync(d, readFileSync(realDocumentsFile(), "utf8").split("\n").filter(Boolean).slice(0, 200).join("\n"));
  await runImport({ kind: "documents", filePath: d, source: "wiki", corpus: "browse-corpus" });
});
afterAll(async () => {
  await closePool();
  rmSync(dir, { recursive: true, force: true });
});

describe("listTemplates", () => {
  it("pages through everything exactly once in every sort order", async () => {
    for (const sort of ["createdAt", "id", "variableCount", "support", "sourceName", "status"] as const)
      for (const dir of ["asc", "desc"] as const) {
        const rows = await all({ sort, dir, limit: 17 });
        expect(rows).toHaveLength(240);
        expect(new Set(rows.map((r) => r.id)).size).toBe(240);
        const key = (r: TemplateRow) => (sort === "createdAt" ? r.createdAt.getTime() : (r[sort] as string | number));
        for (let i = 1; i < rows.length; i++) {
          const a = key(rows[i - 1]);
          const b = key(rows[i]);
          if (a === b) expect(dir === "asc" ? rows[i - 1].id < rows[i].id : rows[i - 1].id > rows[i].id).toBe(true);
          else expect(dir === "asc" ? a < b : a > b).toBe(true);
        }
      }
  });

  it("returns exact totals from the pre-aggregates for the bank and one facet", async () => {
    expect((await listTemplates({ limit: 5 })).total).toEqual({ value: 240, exact: true });
    expect((await listTemplates({ limit: 5, filters: { source: ["alpha"] } })).total).toEqual({ value: 80, exact: true });
    expect((await listTemplates({ limit: 5, filters: { tags: ["hard"] } })).total).toEqual({ value: 60, exact: true });
    const f = await templateFacets();
    expect(f.total.all).toBe(240);
    expect(f.variableCount).toEqual({ "1": 80, "2": 80, "3": 80 });
    expect(f.tag).toEqual({ geo: 240, hard: 60 });
  });

  it("combines status, variableCount, source and tag filters", async () => {
    const input: ListTemplatesInput = { filters: { status: ["active"], variableCount: [2], source: ["beta"], tags: ["hard"] }, limit: 7 };
    const rows = await all(input);
    const expected = Array.from({ length: 240 }, (_, i) => i).filter((i) => (i % 3) + 1 === 2 && SOURCES[i % 3] === "beta" && i % 4 === 0);
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((i) => `t${String(i).padStart(3, "0")}`).sort());
    expect((await listTemplates(input)).total).toEqual({ value: expected.length, exact: true });
  });

  it("searches text and description with websearch syntax", async () => {
    const river = await all({ q: "river", limit: 50 });
    expect(river).toHaveLength(120);
    const volcano = await all({ q: "volcanoes" });
    expect(volcano).toHaveLength(48);
    const both = await all({ q: "river -volcano" });
    expect(both.every((r) => r.text.includes("river") && !r.description.includes("volcano"))).toBe(true);
    expect((await listTemplates({ q: "mountain", filters: { source: ["gamma"] } })).total.exact).toBe(true);
    expect((await listTemplates({ q: "nonexistentword" })).items).toEqual([]);
  });

  it("sorts a search by relevance, paging through every match once", async () => {
    // "mountain or volcanoes": templates with both words rank above those with one.
    const rows = await all({ q: "mountain or volcanoes", sort: "relevance", limit: 9 });
    const both = (r: TemplateRow) => r.text.includes("mountain") && r.description.includes("volcanoes");
    const expected = Array.from({ length: 240 }, (_, i) => i).filter((i) => i % 2 === 0 || i % 5 === 0).length;
    expect(rows).toHaveLength(expected);
    expect(new Set(rows.map((r) => r.id)).size).toBe(expected);
    const firstOther = rows.findIndex((r) => !both(r));
    expect(firstOther).toBe(rows.filter(both).length); // all "both" rows come first
    // Without a search, relevance falls back to the default order.
    expect((await listTemplates({ sort: "relevance", limit: 3 })).items).toHaveLength(3);
  });

  it("rejects a forged cursor", async () => {
    await expect(listTemplates({ cursor: "not-a-cursor" })).rejects.toThrow(/cursor/);
  });

  it("applies bulk actions to the filtered set and keeps the facets exact", async () => {
    const r = await bulkUpdateTemplates({ filters: { source: ["gamma"] } }, { setStatus: "retired" });
    expect(r.updated).toBe(80);
    let f = await templateFacets();
    expect(f.status).toEqual({ active: 160, retired: 80 });
    expect((await listTemplates({ filters: { status: ["retired"] } })).total.value).toBe(80);
    await bulkUpdateTemplates({ ids: ["t000", "t001"] }, { addTags: ["starred"] });
    f = await templateFacets();
    expect(f.tag.starred).toBe(2);
    // "hard" is on i % 4 == 0, alpha is i % 3 == 0, all of them "mountain" templates: 20 lose the tag.
    const removed = await bulkUpdateTemplates({ q: "mountain", filters: { source: ["alpha"] } }, { removeTags: ["hard"] });
    expect(removed.updated).toBe(20);
    f = await templateFacets();
    expect(f.tag.hard).toBe(40);
    const d = await getTemplate("t000");
    expect(d?.tags).toEqual(["geo", "starred"]);
    expect(d?.versions).toHaveLength(1);
    expect(d?.variables.length).toBe(1);
  });
});

describe("queries and documents", () => {
  it("lists queries by source with totals, FTS and detail", async () => {
    const sources = await listQuerySources();
    expect(sources.reduce((n, s) => n + s.queryCount, 0)).toBe(400);
    const f = await queryFacets();
    expect(f.total.all).toBe(400);
    const s = sources[0];
    const page = await listQueries({ filters: { source: [s.name] }, limit: 10 });
    expect(page.total).toEqual({ value: s.queryCount, exact: true });
    expect(page.items.every((r) => r.source === s.name)).toBe(true);
    let seen = 0;
    let cursor: string | null = null;
    do {
      const p = await listQueries({ limit: 33, cursor, sort: "createdAt", dir: "desc" });
      seen += p.items.length;
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toBe(400);
    const word = page.items[0].text.split(/\s+/).find((w) => w.length > 4) ?? page.items[0].text.split(/\s+/)[0];
    const hits = await listQueries({ q: word });
    expect(hits.items.length).toBeGreaterThan(0);
    const detail = await getQuery(page.items[0].id);
    expect(detail?.text).toBe(page.items[0].text);
  });

  it("lists documents of a corpus in row order, searches and opens one", async () => {
    const corpora = await listCorpora();
    const c = corpora.find((x) => x.name === "browse-corpus")!;
    expect(c.sampleCount).toBe(200);
    const p1 = await listDocuments({ filters: { corpusId: c.id }, limit: 60 });
    expect(p1.total).toEqual({ value: 200, exact: true });
    expect(p1.items.map((d) => d.rowIndex)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    const p2 = await listDocuments({ filters: { corpusId: c.id }, limit: 60, cursor: p1.nextCursor });
    expect(p2.items[0].rowIndex).toBe(60);
    const title = p1.items[0].title.split(/\s+/)[0];
    const hits = await listDocuments({ q: title });
    expect(hits.items.some((d) => d.id === p1.items[0].id)).toBe(true);
    const d = await getDocument(p1.items[0].id);
    expect(d?.text.startsWith(p1.items[0].snippet.slice(0, 50))).toBe(true);
    expect((await documentFacets()).total.all).toBe(200);
  });
});
