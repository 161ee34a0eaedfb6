// Browsing corpora and the documents kept in Postgres: keyset pagination, corpus filter, full-text search.
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
  readFacets,
  searchText,
} from "./common";

export type DocumentSort = "rowIndex" | "id";

export interface DocumentFilters {
  corpusId?: number;
  /** Corpus name (alternative to corpusId). */
  corpus?: string;
  source?: string;
}

export interface ListDocumentsInput {
  cursor?: string | null;
  limit?: number;
  /** Default "rowIndex" (corpus, then row order). */
  sort?: DocumentSort;
  dir?: SortDir;
  filters?: DocumentFilters;
  /** Full-text search over title + text. */
  q?: string | null;
}

export interface DocumentRow {
  id: string;
  corpusId: number;
  corpusName: string;
  externalId: string;
  rowIndex: number;
  title: string;
  /** The first 300 characters of the text. */
  snippet: string;
  textLength: number;
  source: string;
  tokenCount: number;
}

export interface DocumentDetail extends Omit<DocumentRow, "snippet"> {
  text: string;
  importId: number | null;
  createdAt: Date;
}

export interface CorpusRow {
  id: number;
  name: string;
  description: string;
  license: string;
  documentCount: number;
  sampleCount: number;
  fileCount: number;
  createdAt: Date;
}

function documentWhere(b: SqlBuilder, f: DocumentFilters = {}, q?: string | null) {
  if (f.corpusId != null) b.and(`d."corpusId" = ${b.param(f.corpusId)}`);
  if (f.corpus) b.and(`d."corpusId" = (SELECT id FROM "Corpus" WHERE name = ${b.param(f.corpus)})`);
  if (f.source) b.and(`d.source = ${b.param(f.source)}`);
  const s = searchText(q);
  if (s) b.and(`d.search @@ websearch_to_tsquery('english', ${b.param(s)})`);
}

export async function listDocuments(input: ListDocumentsInput = {}, db: Queryable = getPool()): Promise<Page<DocumentRow>> {
  const limit = clampLimit(input.limit);
  const sort: DocumentSort = input.sort === "id" ? "id" : "rowIndex";
  const dir: SortDir = input.dir === "desc" ? "desc" : "asc";
  const keyCols = sort === "id" ? ["d.id"] : [`d."corpusId"`, `d."rowIndex"`, "d.id"];
  const casts = sort === "id" ? ["text"] : ["int", "int", "text"];
  const b = new SqlBuilder();
  documentWhere(b, input.filters, input.q);
  const { filterWhere, order } = applyKeyset(b, input.cursor, keyCols, dir, casts);
  const sql = `SELECT d.id, d."corpusId", c.name AS "corpusName", d."externalId", d."rowIndex", d.title, left(d.text, 300) AS snippet,
                      length(d.text) AS "textLength", d.source, d."tokenCount"
                 FROM "Document" d JOIN "Corpus" c ON c.id = d."corpusId" ${b.whereSql()} ORDER BY ${order} LIMIT ${limit + 1}`;
  const f = input.filters ?? {};
  const totalP = (async () => {
    if (!searchText(input.q) && !f.source) {
      // Corpus.sampleCount is kept by every writer of documents (imports here, corpus registration in server/runs).
      const { rows } = await db.query(
        `SELECT coalesce(sum("sampleCount"), 0)::bigint AS n FROM "Corpus" WHERE ($1::int IS NULL OR id = $1::int) AND ($2::text IS NULL OR name = $2::text)`,
        [f.corpusId ?? null, f.corpus ?? null],
      );
      return { value: Number(rows[0].n), exact: true };
    }
    return cappedCount(db, `"Document" d`, b, filterWhere);
  })();
  const [{ rows }, total] = await Promise.all([db.query(sql, b.params), totalP]);
  const more = rows.length > limit;
  const page = rows.slice(0, limit) as DocumentRow[];
  const last = page[page.length - 1];
  const nextCursor = more && last ? encodeCursor(sort === "id" ? [last.id] : [last.corpusId, last.rowIndex, last.id]) : null;
  return { items: page, nextCursor, total };
}

export async function getDocument(id: string, db: Queryable = getPool()): Promise<DocumentDetail | null> {
  const { rows } = await db.query(
    `SELECT d.id, d."corpusId", c.name AS "corpusName", d."externalId", d."rowIndex", d.title, d.text, length(d.text) AS "textLength",
            d.source, d."tokenCount", d."importId", d."createdAt"
       FROM "Document" d JOIN "Corpus" c ON c.id = d."corpusId" WHERE d.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listCorpora(db: Queryable = getPool()): Promise<CorpusRow[]> {
  const { rows } = await db.query(
    `SELECT c.id, c.name, c.description, c.license, c."documentCount", c."sampleCount", c."createdAt",
            (SELECT count(*)::int FROM "CorpusFile" f WHERE f."corpusId" = c.id) AS "fileCount"
       FROM "Corpus" c ORDER BY c.name`,
  );
  return rows;
}

/** { total: {all: n}, corpus: {corpusId: n} } from Corpus.sampleCount (documents kept in Postgres). */
export async function documentFacets(db: Queryable = getPool()): Promise<FacetCounts> {
  return readFacets(db, "document");
}
