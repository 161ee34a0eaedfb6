// Browsing the template bank (millions of rows): keyset pagination, filters, full-text search, facet counts.
// Called by the tRPC templates router; every query is served by an index (see prisma/migrations).
import { getPool, type Queryable } from "../db/pool";
import { addFacetCounts } from "../db/facets";
import {
  type FacetCounts,
  type Page,
  type SortDir,
  SqlBuilder,
  applyKeyset,
  clampLimit,
  estimateRows,
  estimatedCount,
  pageWithFallback,
  queryWithBudget,
  decodeCursor,
  encodeCursor,
  nonEmpty,
  readFacets,
  searchText,
} from "./common";

export type TemplateStatus = "active" | "retired";
export type TemplateOrigin = "genericized" | "imported" | "edited";
/** "relevance" applies with a search (`q`): best full-text rank first; without `q` it means "createdAt". */
export type TemplateSort = "createdAt" | "id" | "variableCount" | "support" | "sourceName" | "status" | "relevance";
export const TEMPLATE_SORTS: readonly TemplateSort[] = ["createdAt", "id", "variableCount", "support", "sourceName", "status", "relevance"];

export interface TemplateFilters {
  status?: TemplateStatus[];
  origin?: TemplateOrigin[];
  /** Template.sourceName values (query source name, or "import:<file>"). */
  source?: string[];
  variableCount?: number[];
  /** Rows must carry ALL of these tags. */
  tags?: string[];
  /** Templates genericized from this query. */
  sourceQueryId?: string;
}

export interface ListTemplatesInput {
  /** nextCursor of the previous page; omit for the first page. */
  cursor?: string | null;
  /** Default 50, max 500. */
  limit?: number;
  /** Default "createdAt". Ties are broken by id. */
  sort?: TemplateSort;
  /** Default "desc". */
  dir?: SortDir;
  filters?: TemplateFilters;
  /** Full-text search (websearch syntax: words, "phrases", -exclusions, OR) over text + description. */
  q?: string | null;
}

export interface TemplateRow {
  id: string;
  status: TemplateStatus;
  origin: TemplateOrigin;
  currentVersion: number;
  text: string;
  description: string;
  variableCount: number;
  /** Source queries the template stands for (its own and the near-duplicates merged into it). */
  support: number;
  tags: string[];
  sourceName: string;
  sourceQueryId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TemplateDetail extends TemplateRow {
  variables: { description: string; type: string }[];
  importId: number | null;
  sourceQuery: { id: string; text: string; source: string } | null;
  /** The first MERGED_QUERIES_SHOWN of the queries whose templates were merged into this one (support − 1 in all). */
  mergedQueries: { id: string; text: string; source: string }[];
  versions: { version: number; text: string; description: string; variableCount: number; note: string; createdAt: Date }[];
  samplePairCount: number;
}

const SORT_COLUMNS: Record<Exclude<TemplateSort, "relevance">, { col: string; cast: string }> = {
  createdAt: { col: `"createdAt"`, cast: "timestamp(3)" },
  id: { col: "id", cast: "text" },
  variableCount: { col: `"variableCount"`, cast: "int" },
  support: { col: "support", cast: "int" },
  sourceName: { col: `"sourceName"`, cast: "text" },
  status: { col: "status", cast: `"TemplateStatus"` },
};

const ROW_COLUMNS = `id, status, origin, "currentVersion", text, description, "variableCount", support, tags, "sourceName", "sourceQueryId", "createdAt", "updatedAt"`;

const TAGS_ON_ROWS = "/*tags-on-rows*/ ";
/** The GIN-indexable form of a tags clause written for row checking (used by the fallback plan). */
const ginTags = (sql: string) => sql.replace(/\/\*tags-on-rows\*\/ \(tags \|\| '\{\}'::text\[\]\)/g, "tags");

/** Adds the WHERE clauses for filters + search. */
export function templateWhere(b: SqlBuilder, filters: TemplateFilters = {}, q?: string | null): void {
  // One value: plain equality, so a btree over (status, variableCount, sourceName, createdAt, id) can return rows in
  // sort order (= ANY(array) cannot).
  const eq = (col: string, vals: unknown[], type: string) =>
    vals.length === 1 ? `${col} = ${b.param(vals[0])}::${type}` : `${col} = ANY(${b.param(vals)}::${type}[])`;
  if (nonEmpty(filters.status)) b.and(eq("status", filters.status, `"TemplateStatus"`));
  if (nonEmpty(filters.origin)) b.and(eq("origin", filters.origin, `"TemplateOrigin"`));
  if (nonEmpty(filters.source)) b.and(eq(`"sourceName"`, filters.source, "text"));
  if (nonEmpty(filters.variableCount)) b.and(eq(`"variableCount"`, filters.variableCount.map(Number), "int"));
  // Tags: through the GIN index, unless a btree facet (source / variableCount) already narrows the rows: a common tag
  // makes the GIN scan the slowest part of the plan, so it is checked on the rows instead (TAGS_ON_ROWS marker).
  const narrowed = nonEmpty(filters.source) || nonEmpty(filters.variableCount);
  if (nonEmpty(filters.tags)) b.and(narrowed ? `${TAGS_ON_ROWS}(tags || '{}'::text[]) @> ${b.param(filters.tags)}::text[]` : `tags @> ${b.param(filters.tags)}::text[]`);
  if (filters.sourceQueryId) b.and(`"sourceQueryId" = ${b.param(filters.sourceQueryId)}`);
  const s = searchText(q);
  if (s) b.and(`search @@ websearch_to_tsquery('english', ${b.param(s)})`);
}

/**
 * One page of templates (keyset pagination: pass the previous page's nextCursor).
 * Total: exact from FacetCount when at most one facet filter and no search; otherwise exact when small (≤ 2,000) and
 * the planner's estimate (`exact: false`) when large — never a count over the whole bank.
 */
export async function listTemplates(input: ListTemplatesInput = {}, db: Queryable = getPool()): Promise<Page<TemplateRow>> {
  if (input.sort === "relevance" && searchText(input.q)) return listByRelevance(input, db);
  const limit = clampLimit(input.limit);
  const sort = input.sort && input.sort !== "relevance" && SORT_COLUMNS[input.sort] ? input.sort : "createdAt";
  const dir: SortDir = input.dir === "asc" ? "asc" : "desc";
  const { col, cast } = SORT_COLUMNS[sort];
  const keyCols = sort === "id" ? ["id"] : [col, "id"];
  const keyCasts = sort === "id" ? ["text"] : [cast, "text"];

  const b = new SqlBuilder();
  templateWhere(b, input.filters, input.q);
  const { filterWhere, order } = applyKeyset(b, input.cursor, keyCols, dir, keyCasts);
  const cols = `${ROW_COLUMNS}, to_json(${col})#>>'{}' AS "_sortKey"`;
  const sql = `SELECT ${cols} FROM "Template" ${b.whereSql()} ORDER BY ${order} LIMIT ${limit + 1}`;
  // Fallback plan: every match first (bitmap over the filter / GIN indexes), then a top-N sort.
  const materialized = `WITH m AS MATERIALIZED (SELECT ${ROW_COLUMNS}, ${col} AS "_k" FROM "Template" ${ginTags(b.whereSql())})
    SELECT m.*, to_json("_k")#>>'{}' AS "_sortKey" FROM m ORDER BY ${keyCols.map((c) => `${c === col && sort !== "id" ? `"_k"` : c} ${dir.toUpperCase()}`).join(", ")} LIMIT ${limit + 1}`;
  let rows: Record<string, any>[];
  let total: { value: number; exact: boolean };
  if (!filterWhere.length) {
    [rows, total] = await Promise.all([db.query(sql, b.params).then((r) => r.rows), templateTotal(db, {}, undefined, filterWhere, b)]);
  } else {
    // Few matches expected: compute them all and sort (bitmap / GIN). Many: walk the sort index, with a time budget.
    const est = await estimateRows(db, `"Template"`, filterWhere.map(ginTags), b.params); // the GIN form has statistics
    const f = input.filters ?? {};
    const narrowed = nonEmpty(f.source) || nonEmpty(f.variableCount);
    const pageP = !narrowed && est <= MATERIALIZE_BELOW ? db.query(materialized, b.params).then((r) => r.rows) : pageWithFallback(db, sql, materialized, b.params);
    [rows, total] = await Promise.all([pageP, templateTotal(db, input.filters ?? {}, input.q, filterWhere, b, est)]);
  }
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = more && last ? encodeCursor(sort === "id" ? [last.id] : [last._sortKey, last.id]) : null;
  return { items: page.map(toRow), nextCursor, total };
}

/** Above this many expected matches, relevance is ranked among the most recent RANK_WINDOW matches only. */
const RANK_ALL_BELOW = 50_000;
const RANK_WINDOW = 5_000;

/**
 * Search results by full-text rank (ts_rank_cd over text (weight A) and description (B)), best first, keyset on
 * (rank, id). Ranking every match is exact; when a term matches very many templates (or ranking them all runs over
 * budget) the page is ranked among the RANK_WINDOW most recent matches, and `note` says so.
 */
async function listByRelevance(input: ListTemplatesInput, db: Queryable): Promise<Page<TemplateRow>> {
  const limit = clampLimit(input.limit);
  const b = new SqlBuilder();
  templateWhere(b, input.filters, input.q);
  const filterWhere = [...b.where];
  const rank = `ts_rank_cd(search, websearch_to_tsquery('english', ${b.param(searchText(input.q))}))`;
  const cursor = decodeCursor(input.cursor, 2);
  const whereAll = ginTags(b.whereSql());
  const keyset = cursor ? `(${rank}, id) < (${b.param(cursor[0])}::real, ${b.param(cursor[1])}::text)` : "";
  const est = await estimateRows(db, `"Template"`, filterWhere.map(ginTags), b.params);
  const exactSql = `SELECT ${ROW_COLUMNS}, ${rank} AS "_rank" FROM "Template" ${whereAll} ${keyset ? "AND " + keyset : ""}
                     ORDER BY "_rank" DESC, id DESC LIMIT ${limit + 1}`;
  const windowSql = `WITH recent AS MATERIALIZED (SELECT ${ROW_COLUMNS}, search FROM "Template" ${b.whereSql()} ORDER BY "createdAt" DESC, id DESC LIMIT ${RANK_WINDOW})
    SELECT ${ROW_COLUMNS}, ${rank} AS "_rank" FROM recent ${keyset ? "WHERE " + keyset : ""} ORDER BY "_rank" DESC, id DESC LIMIT ${limit + 1}`;
  let rows: Record<string, any>[] | null = null;
  let note: string | undefined;
  const totalP = templateTotal(db, input.filters ?? {}, input.q, filterWhere, b, est);
  if (est <= RANK_ALL_BELOW) rows = await queryWithBudget(db, exactSql, b.params, 400);
  if (!rows) {
    rows = (await db.query(windowSql, b.params)).rows;
    note = `ranked among the ${RANK_WINDOW.toLocaleString("en")} most recent matches`;
  }
  const total = await totalP;
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = more && last ? encodeCursor([String(last._rank), last.id]) : null;
  return { items: page.map(toRow), nextCursor, total, ...(note ? { note } : {}) };
}

/** Filtered views the planner expects to be this small are computed in full and sorted, not read in index order. */
const MATERIALIZE_BELOW = 500;

async function templateTotal(db: Queryable, f: TemplateFilters, q: string | null | undefined, where: string[], b: SqlBuilder, est?: number) {
  const facets: [string, unknown[] | undefined][] = [
    ["status", f.status],
    ["origin", f.origin],
    ["source", f.source],
    ["variableCount", f.variableCount],
  ];
  const active = facets.filter(([, v]) => nonEmpty(v));
  const tagCount = f.tags?.length ?? 0;
  if (!searchText(q) && !f.sourceQueryId && active.length + tagCount <= 1) {
    let facet = "total";
    let values: string[] = ["all"];
    if (active.length === 1) [facet, values] = [active[0][0], (active[0][1] as unknown[]).map(String)];
    else if (tagCount === 1) [facet, values] = ["tag", [f.tags![0]]];
    const { rows } = await db.query(`SELECT coalesce(sum(count), 0)::bigint AS n FROM "FacetCount" WHERE entity = 'template' AND facet = $1 AND value = ANY($2::text[])`, [facet, values]);
    return { value: Number(rows[0].n), exact: true };
  }
  return estimatedCount(db, `"Template"`, b, where, 2_000, est);
}

function toRow(r: Record<string, unknown>): TemplateRow {
  return {
    id: r.id as string,
    status: r.status as TemplateStatus,
    origin: r.origin as TemplateOrigin,
    currentVersion: r.currentVersion as number,
    text: r.text as string,
    description: r.description as string,
    variableCount: r.variableCount as number,
    support: r.support as number,
    tags: r.tags as string[],
    sourceName: r.sourceName as string,
    sourceQueryId: (r.sourceQueryId as string | null) ?? null,
    createdAt: r.createdAt as Date,
    updatedAt: r.updatedAt as Date,
  };
}

export const MERGED_QUERIES_SHOWN = 50;

/** A template with its variables, versions (newest first), source query and merged queries; null when absent. */
export async function getTemplate(id: string, db: Queryable = getPool()): Promise<TemplateDetail | null> {
  const { rows } = await db.query(
    `SELECT ${ROW_COLUMNS.split(", ").map((c) => "t." + c).join(", ")}, t.variables, t."importId",
            q.id AS "qId", q.text AS "qText", qs.name AS "qSource",
            (SELECT count(*)::int FROM "SamplePair" sp WHERE sp."templateId" = t.id) AS "samplePairCount"
       FROM "Template" t LEFT JOIN "Query" q ON q.id = t."sourceQueryId" LEFT JOIN "QuerySource" qs ON qs.id = q."sourceId"
      WHERE t.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  const versions = await db.query(
    `SELECT version, text, description, "variableCount", note, "createdAt" FROM "TemplateVersion" WHERE "templateId" = $1 ORDER BY version DESC LIMIT 100`,
    [id],
  );
  const merged = await db.query(
    `SELECT q.id, q.text, qs.name AS source FROM "Query" q JOIN "QuerySource" qs ON qs.id = q."sourceId"
      WHERE q."mergedIntoId" = $1 ORDER BY q.id LIMIT ${MERGED_QUERIES_SHOWN}`,
    [id],
  );
  return {
    ...toRow(r),
    variables: (r.variables ?? []) as { description: string; type: string }[],
    importId: r.importId ?? null,
    sourceQuery: r.qId ? { id: r.qId, text: r.qText, source: r.qSource } : null,
    mergedQueries: merged.rows,
    versions: versions.rows,
    samplePairCount: r.samplePairCount,
  };
}

/** Facet counts for the template bank: { total: {all}, status: {...}, origin, source, variableCount, tag }. */
export async function templateFacets(db: Queryable = getPool()): Promise<FacetCounts> {
  return readFacets(db, "template");
}

/** Which templates a bulk action applies to: explicit ids, or everything matching filters + search. */
export type TemplateSelection = { ids: string[] } | { filters?: TemplateFilters; q?: string | null };

export type TemplateBulkAction = { setStatus: TemplateStatus } | { addTags: string[] } | { removeTags: string[] };

/**
 * Applies a bulk action to a selection (can be the whole filtered set: millions of rows) in one transaction,
 * keeping FacetCount exact. Returns the number of templates changed.
 */
export async function bulkUpdateTemplates(selection: TemplateSelection, action: TemplateBulkAction): Promise<{ updated: number }> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    const b = new SqlBuilder();
    if ("ids" in selection) b.and(`id = ANY(${b.param(selection.ids)}::text[])`);
    else templateWhere(b, selection.filters, selection.q);
    let set: string;
    if ("setStatus" in action) {
      b.and(`status <> ${b.param(action.setStatus)}::"TemplateStatus"`);
      set = `status = $${b.params.length}::"TemplateStatus"`;
    } else if ("addTags" in action) {
      const p = b.param(action.addTags);
      b.and(`NOT (tags @> ${p}::text[])`);
      set = `tags = ARRAY(SELECT DISTINCT unnest(tags || ${p}::text[]) ORDER BY 1)`;
    } else {
      const p = b.param(action.removeTags);
      b.and(`tags && ${p}::text[]`);
      set = `tags = ARRAY(SELECT x FROM unnest(tags) x WHERE NOT x = ANY(${p}::text[]))`;
    }
    await client.query(`CREATE TEMP TABLE _sel ON COMMIT DROP AS SELECT id FROM "Template" ${b.whereSql()}`, b.params);
    const rowsSql = `(SELECT t.* FROM "Template" t JOIN _sel USING (id))`;
    await addFacetCounts(client, "template", rowsSql, -1);
    const setParams = b.params.slice(b.params.length - 1);
    const res = await client.query(
      `UPDATE "Template" SET ${set.replace(/\$\d+/g, "$1")}, "updatedAt" = now() WHERE id IN (SELECT id FROM _sel)`,
      setParams,
    );
    await addFacetCounts(client, "template", rowsSql, 1);
    await client.query("COMMIT");
    return { updated: res.rowCount ?? 0 };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
