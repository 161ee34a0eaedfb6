// Shared helpers for keyset pagination over large tables (templates, queries, documents).
import type { Queryable } from "../db/pool";

export type SortDir = "asc" | "desc";

/** A page of rows. `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Total rows matching the filters. `exact: false` means a capped count ("10,000+") or an estimate. */
  total: { value: number; exact: boolean };
  /** Set when the order is approximate (e.g. relevance ranked within the most recent matches). */
  note?: string;
}

/** Facet value → count (from the FacetCount pre-aggregate table). */
export type FacetCounts = Record<string, Record<string, number>>;

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** Filtered / searched counts stop counting here and report `exact: false`. */
export const COUNT_CAP = 10_000;

export function clampLimit(limit?: number): number {
  if (!limit || !Number.isFinite(limit) || limit < 1) return DEFAULT_LIMIT;
  return Math.min(Math.floor(limit), MAX_LIMIT);
}

/** Opaque cursor: base64url of the JSON array of the last row's sort key values. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined, length: number): unknown[] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === length) return v;
  } catch {
    /* fall through */
  }
  throw new Error("invalid cursor");
}

/** Collects WHERE clauses and their positional parameters. */
export class SqlBuilder {
  params: unknown[] = [];
  where: string[] = [];
  param(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
  and(clause: string) {
    this.where.push(clause);
  }
  whereSql(): string {
    return this.where.length ? `WHERE ${this.where.join(" AND ")}` : "";
  }
}

/** `(a, b) > ($1, $2)` (or `<` for desc) over the sort key columns. */
export function keysetClause(b: SqlBuilder, columns: string[], values: unknown[], dir: SortDir, casts: string[] = []): string {
  const ps = values.map((v, i) => b.param(v) + (casts[i] ? `::${casts[i]}` : ""));
  return `(${columns.join(", ")}) ${dir === "asc" ? ">" : "<"} (${ps.join(", ")})`;
}

/**
 * Keyset paging over keyCols: adds "after the cursor" to b and returns the filter clauses taken before it (for the
 * counts) and the ORDER BY list.
 */
export function applyKeyset(
  b: SqlBuilder,
  cursor: string | null | undefined,
  keyCols: string[],
  dir: SortDir,
  casts: string[],
): { filterWhere: string[]; order: string } {
  const filterWhere = [...b.where];
  const values = decodeCursor(cursor, keyCols.length);
  if (values) b.and(keysetClause(b, keyCols, values, dir, casts));
  return { filterWhere, order: keyCols.map((c) => `${c} ${dir.toUpperCase()}`).join(", ") };
}

/** Counts rows matching a WHERE, stopping at COUNT_CAP (never a full scan of a big table). */
export async function cappedCount(db: Queryable, from: string, b: SqlBuilder, where: string[]): Promise<{ value: number; exact: boolean }> {
  const sql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} ${where.length ? "WHERE " + where.join(" AND ") : ""} LIMIT ${COUNT_CAP + 1}) t`;
  const { rows } = await db.query(sql, b.params.slice(0, countParams(where)));
  const n = rows[0].n as number;
  return n > COUNT_CAP ? { value: COUNT_CAP, exact: false } : { value: n, exact: true };
}

function countParams(where: string[]): number {
  let max = 0;
  for (const w of where) for (const m of w.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/** The planner's row estimate for a WHERE (EXPLAIN, well under a millisecond). */
export async function estimateRows(db: Queryable, from: string, where: string[], params: unknown[]): Promise<number> {
  const { rows } = await db.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${from} ${where.length ? "WHERE " + where.join(" AND ") : ""}`, params.slice(0, countParams(where)));
  const plan = rows[0]["QUERY PLAN"];
  return Math.round(Number((typeof plan === "string" ? JSON.parse(plan) : plan)[0].Plan["Plan Rows"]));
}

/**
 * Runs a query with a time budget; null when the budget ran out (the query is cancelled server-side).
 * Needs a pool (it takes a connection for SET LOCAL); on anything else the query runs unbudgeted.
 */
export async function queryWithBudget(db: Queryable, sql: string, params: unknown[], budgetMs: number): Promise<Record<string, any>[] | null> {
  const isPool = typeof (db as { connect?: unknown }).connect === "function" && !("release" in db);
  if (!isPool) return (await db.query(sql, params)).rows;
  const client = await (db as import("pg").Pool).connect();
  try {
    await client.query("BEGIN");
    await client.query(`SET LOCAL statement_timeout = ${Math.max(10, Math.floor(budgetMs))}`);
    try {
      const r = await client.query(sql, params);
      await client.query("COMMIT");
      return r.rows;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      if ((e as { code?: string }).code === "57014") return null; // query_canceled: over budget
      throw e;
    }
  } finally {
    client.release();
  }
}

/**
 * Total for a filtered view: the planner's estimate when it is large; when small, an exact count within a time
 * budget (else the estimate). `exact: false` marks estimates.
 */
export async function estimatedCount(
  db: Queryable,
  from: string,
  b: SqlBuilder,
  where: string[],
  exactBelow = 2_000,
  knownEstimate?: number,
  budgetMs = 120,
): Promise<{ value: number; exact: boolean }> {
  const est = knownEstimate ?? (await estimateRows(db, from, where, b.params));
  if (est > exactBelow) return { value: est, exact: false };
  const cap = exactBelow * 5;
  const rows = await queryWithBudget(db, `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} ${where.length ? "WHERE " + where.join(" AND ") : ""} LIMIT ${cap + 1}) t`, b.params.slice(0, countParams(where)), budgetMs);
  if (!rows) return { value: Math.max(est, 1), exact: false };
  const n = rows[0].n as number;
  return n > cap ? { value: cap, exact: false } : { value: n, exact: true };
}

/**
 * Runs a LIMITed, index-ordered page query with a time budget. Such a plan walks the sort index and filters rows; when
 * the filters match far fewer rows than the planner thinks, it can walk the whole index. On timeout the page is
 * computed the other way round: all matches first (bitmap / GIN), then a top-N sort.
 */
export async function pageWithFallback(db: Queryable, sql: string, materializedSql: string, params: unknown[], budgetMs = 100): Promise<Record<string, any>[]> {
  const rows = await queryWithBudget(db, sql, params, budgetMs);
  return rows ?? (await db.query(materializedSql, params)).rows;
}

/**
 * Reads FacetCount rows of one entity into { facet: { value: count } }. Documents are counted from
 * Corpus.sampleCount instead (every writer of documents keeps it, corpus registration included).
 */
export async function readFacets(db: Queryable, entity: string): Promise<FacetCounts> {
  if (entity === "document") {
    const { rows } = await db.query(`SELECT id, "sampleCount" FROM "Corpus"`);
    const corpus: Record<string, number> = {};
    let all = 0;
    for (const r of rows) {
      corpus[String(r.id)] = Number(r.sampleCount);
      all += Number(r.sampleCount);
    }
    return { total: { all }, corpus };
  }
  const { rows } = await db.query(`SELECT facet, value, count FROM "FacetCount" WHERE entity = $1 AND count > 0`, [entity]);
  const out: FacetCounts = {};
  for (const r of rows) (out[r.facet] ??= {})[r.value] = Number(r.count);
  return out;
}

export function nonEmpty<T>(a: T[] | undefined | null): a is T[] {
  return Array.isArray(a) && a.length > 0;
}

/** Trimmed search text, or undefined when blank. */
export function searchText(q?: string | null): string | undefined {
  const t = q?.trim();
  return t ? t.slice(0, 500) : undefined;
}
