// Browsing imported queries: keyset pagination, filters (source, status), full-text search, facet counts.
import { getPool, type Queryable } from "../db/pool";
import {
  type FacetCounts,
  type Page,
  type SortDir,
  SqlBuilder,
  applyKeyset,
  cappedCount,
  clampLimit,
  encodeCursor,
  nonEmpty,
  readFacets,
  searchText,
} from "./common";

export type QueryStatus = "new" | "genericized" | "rejected" | "merged";
export type QuerySort = "createdAt" | "id";

export interface QueryFilters {
  /** QuerySource names. */
  source?: string[];
  status?: QueryStatus[];
  importId?: number;
}

export interface ListQueriesInput {
  cursor?: string | null;
  limit?: number;
  /** Default "id" (ascending). */
  sort?: QuerySort;
  dir?: SortDir;
  filters?: QueryFilters;
  q?: string | null;
}

export interface QueryRow {
  id: string;
  text: string;
  source: string;
  status: QueryStatus;
  rejectReason: string | null;
  templateCount: number;
  createdAt: Date;
}

export interface QueryDetail extends QueryRow {
  meta: unknown;
  importId: number | null;
  /** merged: the template this query's duplicate template was merged into (not genericized from it). */
  templates: { id: string; text: string; status: string; merged: boolean }[];
}

export interface QuerySourceRow {
  id: number;
  name: string;
  description: string;
  license: string;
  queryCount: number;
}

const ROW = `q.id, q.text, qs.name AS source, q.status, q."rejectReason", q."createdAt",
  (SELECT count(*)::int FROM "Template" t WHERE t."sourceQueryId" = q.id) AS "templateCount"`;

function queryWhere(b: SqlBuilder, f: QueryFilters = {}, q?: string | null, sourceIds?: number[]) {
  // Source names are resolved to ids first: "sourceId" = $1 lets the (sourceId, id) index return rows in order.
  if (sourceIds) b.and(sourceIds.length === 1 ? `q."sourceId" = ${b.param(sourceIds[0])}::int` : `q."sourceId" = ANY(${b.param(sourceIds)}::int[])`);
  if (nonEmpty(f.status)) b.and(`q.status = ANY(${b.param(f.status)}::"QueryStatus"[])`);
  if (f.importId != null) b.and(`q."importId" = ${b.param(f.importId)}`);
  const s = searchText(q);
  if (s) b.and(`q.search @@ websearch_to_tsquery('english', ${b.param(s)})`);
}

export async function listQueries(input: ListQueriesInput = {}, db: Queryable = getPool()): Promise<Page<QueryRow>> {
  const limit = clampLimit(input.limit);
  const sort: QuerySort = input.sort === "createdAt" ? "createdAt" : "id";
  const dir: SortDir = input.dir === "desc" ? "desc" : "asc";
  const keyCols = sort === "id" ? ["q.id"] : [`q."createdAt"`, "q.id"];
  const casts = sort === "id" ? ["text"] : ["timestamp(3)", "text"];
  const b = new SqlBuilder();
  const sourceIds = nonEmpty(input.filters?.source)
    ? (await db.query(`SELECT id FROM "QuerySource" WHERE name = ANY($1::text[])`, [input.filters.source])).rows.map((r) => r.id as number)
    : undefined;
  queryWhere(b, input.filters, input.q, sourceIds);
  const { filterWhere, order } = applyKeyset(b, input.cursor, keyCols, dir, casts);
  const sql = `SELECT ${ROW}, to_json(q."createdAt")#>>'{}' AS "_sortKey"
                 FROM "Query" q JOIN "QuerySource" qs ON qs.id = q."sourceId" ${b.whereSql()} ORDER BY ${order} LIMIT ${limit + 1}`;

  const f = input.filters ?? {};
  const totalP = (async () => {
    if (!searchText(input.q) && !nonEmpty(f.status) && f.importId == null) {
      const facet = nonEmpty(f.source) ? "source" : "total";
      const values = nonEmpty(f.source) ? f.source : ["all"];
      const { rows } = await db.query(`SELECT coalesce(sum(count),0)::bigint AS n FROM "FacetCount" WHERE entity='query' AND facet=$1 AND value = ANY($2::text[])`, [facet, values]);
      return { value: Number(rows[0].n), exact: true };
    }
    return cappedCount(db, `"Query" q`, b, filterWhere);
  })();
  const [{ rows }, total] = await Promise.all([db.query(sql, b.params), totalP]);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = more && last ? encodeCursor(sort === "id" ? [last.id] : [last._sortKey, last.id]) : null;
  return {
    items: page.map((r) => ({
      id: r.id,
      text: r.text,
      source: r.source,
      status: r.status,
      rejectReason: r.rejectReason ?? null,
      templateCount: r.templateCount,
      createdAt: r.createdAt,
    })),
    nextCursor,
    total,
  };
}

export async function getQuery(id: string, db: Queryable = getPool()): Promise<QueryDetail | null> {
  const { rows } = await db.query(`SELECT ${ROW}, q.meta, q."importId" FROM "Query" q JOIN "QuerySource" qs ON qs.id = q."sourceId" WHERE q.id = $1`, [id]);
  const r = rows[0];
  if (!r) return null;
  // Its own templates, and the one it joined when its template was a duplicate.
  const t = await db.query(
    `SELECT id, text, status, "sourceQueryId" IS DISTINCT FROM $1 AS merged FROM "Template"
      WHERE "sourceQueryId" = $1 OR id = (SELECT "mergedIntoId" FROM "Query" WHERE id = $1) ORDER BY "createdAt" LIMIT 50`,
    [id],
  );
  const { _sortKey, ...rest } = r;
  void _sortKey;
  return { ...rest, meta: r.meta ?? null, importId: r.importId ?? null, templates: t.rows };
}

/** { total: {all}, source: {name: n} } */
export async function queryFacets(db: Queryable = getPool()): Promise<FacetCounts> {
  return readFacets(db, "query");
}

export async function listQuerySources(db: Queryable = getPool()): Promise<QuerySourceRow[]> {
  const { rows } = await db.query(`SELECT id, name, description, license, "queryCount" FROM "QuerySource" ORDER BY name`);
  return rows;
}
