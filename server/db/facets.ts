// Pre-aggregated counts (FacetCount: entity, facet, value → count) that pages read instead of scanning.
//
// entity "template": facets total(all), status, origin, source (Template.sourceName), variableCount, tag
// entity "query":    facets total(all), source (QuerySource.name)
// entity "document": facets total(all), corpus (Corpus.id as text)
//
// Writers keep them current in the same transaction: imports add the rows they inserted, bulk template
// updates subtract the old and add the new values. Anything else that writes these tables in bulk calls
// refreshFacetCounts(entity) (a GROUP BY over the table: about a second per million rows).
import type { Queryable } from "./pool";

export type FacetEntity = "template" | "query" | "document";

/** SELECT producing (entity, facet, value, n) for the rows of `rowsSql` (a subquery or CTE name aliased t). */
function facetSelect(entity: FacetEntity, rowsSql: string, sign: 1 | -1): string {
  const s = sign === 1 ? "" : "-";
  switch (entity) {
    case "template":
      return `SELECT 'template' AS entity, f.facet, f.value, ${s}count(*) AS n
                FROM ${rowsSql} t
                CROSS JOIN LATERAL (VALUES ('total', 'all'), ('status', t.status::text), ('origin', t.origin::text),
                                           ('source', t."sourceName"), ('variableCount', t."variableCount"::text)) AS f(facet, value)
               GROUP BY f.facet, f.value
              UNION ALL
              SELECT 'template', 'tag', tag, ${s}count(*) FROM ${rowsSql} t CROSS JOIN LATERAL unnest(t.tags) AS tag GROUP BY tag`;
    case "query":
      return `SELECT 'query' AS entity, f.facet, f.value, ${s}count(*) AS n
                FROM ${rowsSql} t JOIN "QuerySource" qs ON qs.id = t."sourceId"
                CROSS JOIN LATERAL (VALUES ('total', 'all'), ('source', qs.name)) AS f(facet, value)
               GROUP BY f.facet, f.value`;
    case "document":
      return `SELECT 'document' AS entity, f.facet, f.value, ${s}count(*) AS n
                FROM ${rowsSql} t
                CROSS JOIN LATERAL (VALUES ('total', 'all'), ('corpus', t."corpusId"::text)) AS f(facet, value)
               GROUP BY f.facet, f.value`;
  }
}

const UPSERT = `ON CONFLICT (entity, facet, value) DO UPDATE SET count = "FacetCount".count + EXCLUDED.count, "updatedAt" = now()`;

/**
 * Adds (sign 1) or subtracts (sign -1) the facet values of the rows in `rowsSql` (e.g. a temp table or a
 * `(SELECT … ) ` subquery producing rows with the entity's columns). Run inside the writer's transaction.
 * `withClause` lets the caller prepend a WITH (e.g. an INSERT … RETURNING CTE).
 */
export async function addFacetCounts(db: Queryable, entity: FacetEntity, rowsSql: string, sign: 1 | -1 = 1, params: unknown[] = [], withClause = ""): Promise<void> {
  await db.query(
    `${withClause} INSERT INTO "FacetCount" (entity, facet, value, count, "updatedAt")
     SELECT entity, facet, value, n, now() FROM (${facetSelect(entity, rowsSql, sign)}) x WHERE n <> 0 ${UPSERT}`,
    params,
  );
}

/** Recomputes an entity's counts from scratch (use after bulk writes that bypassed the helpers). */
export async function refreshFacetCounts(db: Queryable, entity: FacetEntity): Promise<void> {
  const table = entity === "template" ? `"Template"` : entity === "query" ? `"Query"` : `"Document"`;
  await db.query(`DELETE FROM "FacetCount" WHERE entity = $1`, [entity]);
  await db.query(
    `INSERT INTO "FacetCount" (entity, facet, value, count, "updatedAt")
     SELECT entity, facet, value, n, now() FROM (${facetSelect(entity, table, 1)}) x`,
  );
  if (entity === "query") {
    await db.query(`UPDATE "QuerySource" qs SET "queryCount" = coalesce((SELECT count FROM "FacetCount" f WHERE f.entity = 'query' AND f.facet = 'source' AND f.value = qs.name), 0)`);
  }
  if (entity === "document") {
    await db.query(`UPDATE "Corpus" c SET "sampleCount" = coalesce((SELECT count FROM "FacetCount" f WHERE f.entity = 'document' AND f.facet = 'corpus' AND f.value = c.id::text), 0)`);
  }
}
