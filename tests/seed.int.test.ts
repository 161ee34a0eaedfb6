// The bundled sample loads into an empty database, idempotently; its queries genericize into templates in batches
// with exact facet counts and query statuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isEmpty, seedSampleData, SAMPLE_CORPUS } from "../server/db/seed";
import { genericizeQueriesInDb } from "../server/cli/genericize-db";
import { closePool, getPool } from "../server/db/pool";
import { dedupTemplates } from "../server/pipeline/dedup";
import { getTemplate, MERGED_QUERIES_SHOWN } from "../server/browse/templates";
import { getQuery } from "../server/browse/queries";
import { resetDb, useTestDatabase } from "./helpers";

useTestDatabase();
const q = (sql: string, p: unknown[] = []) => getPool().query(sql, p);

beforeAll(async () => {
  await resetDb();
});
afterAll(async () => {
  await closePool();
});

describe("bundled sample", () => {
  it("loads 5,000 queries from all sources and 2,000 documents, once", async () => {
    expect(await isEmpty()).toBe(true);
    const first = await seedSampleData();
    expect(first).toEqual({ queries: 5000, documents: 2000 });
    expect(await isEmpty()).toBe(false);
    const sources = (await q(`SELECT name, "queryCount", license FROM "QuerySource" ORDER BY name`)).rows;
    expect(sources.map((s) => s.name)).toEqual(["natural-questions", "query-wellformedness", "self-instruct-seed", "stackoverflow-titles", "webquestions"]);
    expect(sources.every((s) => s.license)).toBe(true);
    const corpus = (await q(`SELECT "sampleCount", license FROM "Corpus" WHERE name = $1`, [SAMPLE_CORPUS])).rows[0];
    expect(corpus.sampleCount).toBe(2000);
    expect(await seedSampleData()).toEqual({ queries: 0, documents: 0 });
  });

  it("genericizes queries in batches, keeps facets exact, and is idempotent", async () => {
    const r = await genericizeQueriesInDb({ limit: 300, batchSize: 100, sources: ["natural-questions"] });
    expect(r.queries).toBe(300);
    expect(r.templatesInserted).toBeGreaterThan(150);
    const statuses = (await q(`SELECT status, count(*)::int AS n FROM "Query" q JOIN "QuerySource" s ON s.id = q."sourceId" WHERE s.name = 'natural-questions' GROUP BY 1`)).rows;
    const by = Object.fromEntries(statuses.map((s) => [s.status, s.n]));
    expect((by.genericized ?? 0) + (by.rejected ?? 0) + (by.merged ?? 0)).toBe(300);
    expect(by.merged).toBe(r.merged);
    const templates = (await q(`SELECT count(*)::int AS n, count(*) FILTER (WHERE "sourceQueryId" IS NOT NULL)::int AS linked FROM "Template"`)).rows[0];
    expect(templates.n).toBe(r.templatesInserted);
    expect(templates.linked).toBe(templates.n);
    const facet = (await q(`SELECT count FROM "FacetCount" WHERE entity = 'template' AND facet = 'total'`)).rows[0];
    expect(Number(facet.count)).toBe(templates.n);
    const versions = (await q(`SELECT count(*)::int AS n FROM "TemplateVersion"`)).rows[0].n;
    expect(versions).toBe(templates.n);
    // Support: every genericized query is counted once, by its own template or by the one it was merged into.
    const support = (await q(`SELECT sum(support)::int AS total, max(support)::int AS top FROM "Template"`)).rows[0];
    expect(support.total).toBe(r.templatesInserted + r.merged);
    expect(support.top).toBeGreaterThan(1);
    // Review tags: exactly the templates with a variable the engine could only call "a thing or concept" or "a name"
    // carry check:vague-description, and the tag facet counts them.
    const vague = (await q(
      `SELECT count(*) FILTER (WHERE v)::int AS vague, count(*) FILTER (WHERE v AND 'check:vague-description' = ANY(tags))::int AS tagged,
              count(*) FILTER (WHERE 'check:vague-description' = ANY(tags))::int AS all_tagged
         FROM (SELECT tags, EXISTS (SELECT 1 FROM jsonb_array_elements(variables) x
                                     WHERE regexp_replace(x->>'description', ' #[0-9]+$', '') IN ('a thing or concept', 'a name')) AS v
                 FROM "Template") t`,
    )).rows[0];
    expect(vague.vague).toBeGreaterThan(0);
    expect(vague.tagged).toBe(vague.vague);
    expect(vague.all_tagged).toBe(vague.vague);
    const tagFacet = (await q(`SELECT count FROM "FacetCount" WHERE entity = 'template' AND facet = 'tag' AND value = 'check:vague-description'`)).rows[0];
    expect(Number(tagFacet.count)).toBe(vague.vague);
    // A second run only takes the queries still "new" (the other 241 of the 541 natural-questions ones).
    const again = await genericizeQueriesInDb({ limit: 300, sources: ["natural-questions"] });
    expect(again.queries).toBe(541 - 300);
  });

  it("merges duplicates across batches and runs into the bank's template, so the bank holds each once", async () => {
    // Both runs of the test above went in batches (of 100, then of 241) against what earlier batches had stored.
    const bank = (await q(`SELECT id, text, variables, support FROM "Template"`)).rows;
    expect(dedupTemplates(bank.map((t) => ({ id: t.id, text: t.text, variables: t.variables }))).merged).toEqual([]);
    // Every natural-questions query that gave a template is counted once: by its own template or the one it joined.
    const gave = (await q(`SELECT count(*)::int AS n FROM "Query" WHERE status IN ('genericized', 'merged')`)).rows[0].n;
    // A merged query, and only one, points at the template it joined.
    const pointers = (await q(`SELECT status, count(*)::int AS n, count("mergedIntoId")::int AS linked FROM "Query" GROUP BY 1`)).rows;
    for (const p of pointers) expect(p.linked).toBe(p.status === "merged" ? p.n : 0);
    expect(bank.reduce((s, t) => s + t.support, 0)).toBe(gave);
    // Each merged query points at the template it joined: support is its own query plus those.
    const joined = (await q(`SELECT t.id, t.support, (SELECT count(*)::int FROM "Query" q WHERE q."mergedIntoId" = t.id) AS merged FROM "Template" t`)).rows;
    expect(joined.filter((t) => t.support !== 1 + t.merged)).toEqual([]);
    const top = joined.sort((a, b) => b.support - a.support)[0];
    const detail = (await getTemplate(top.id))!;
    expect(detail.support).toBe(top.support);
    expect(detail.mergedQueries).toHaveLength(Math.min(top.support - 1, MERGED_QUERIES_SHOWN));
    expect(detail.mergedQueries.every((m) => m.id !== detail.sourceQuery?.id && m.text.length > 0)).toBe(true);
    // A merged query shows the template it joined.
    const joinedBy = (await getQuery(detail.mergedQueries[0].id))!;
    expect(joinedBy.templates).toEqual([{ id: top.id, text: detail.text, status: detail.status, merged: true }]);
  });
});
