/**
 * Imports engine: queries, documents and templates from JSONL, CSV or Parquet into PostgreSQL.
 *
 *   runImport({ kind, filePath, format?, fieldMap?, source, corpus?, strict?, onProgress?, signal? })
 *     → { importJobId, status, imported, duplicates, badLines, totalLines, report }
 *
 * - kind: "queries" | "documents" | "templates". format: from the extension when omitted (.jsonl/.ndjson/.json,
 *   .csv/.tsv, .parquet). CSV and Parquet are read by DuckDB in chunks; JSONL by a streaming line reader that
 *   never holds the file or an over-long line (lines over `maxLineBytes`, default 1 MiB, are reported).
 * - fieldMap: which fields hold id, text, title, source, description, tags, variables (see ./fields DEFAULT_FIELDS;
 *   `null` disables a field). `source`: the query source / template source name / document source used when a row
 *   has no source field of its own. Documents go to corpus `corpus` (default: `source`), created if missing.
 * - Stable ids: the id field, else a hash (queries: source + text; templates: normalised text; documents: text),
 *   and INSERT … ON CONFLICT DO NOTHING: re-importing adds nothing twice (`duplicates` counts the skipped rows).
 * - Bad lines (invalid JSON, not an object, invalid UTF-8, too long, missing text, invalid <fi> template, an empty
 *   file) are reported with line number and reason. Default: the good rows are imported; `strict`: nothing is
 *   imported when any line is bad. The report (first 1,000 bad lines + totals) is kept on the ImportJob row.
 * - All-or-nothing: rows are staged in a temporary table and moved into place by one statement, in ONE transaction
 *   that also updates FacetCount, QuerySource.queryCount and Corpus counts. A failure or cancel leaves nothing behind
 *   but the ImportJob row marked failed. Memory stays flat (batches of 1,000 rows) whatever the file size.
 * - onProgress is called at most every 200 ms and at the end; the ImportJob row's totalLines is updated every ~2 s
 *   so a browser can poll it.
 */
import { basename } from "node:path";
import { stat } from "node:fs/promises";
import type pg from "pg";
import { getPool } from "../db/pool";
import { addFacetCounts } from "../db/facets";
import { parseSupport } from "../pipeline/dedup";
import { reviewTags } from "../pipeline/review";
import { validateTemplate } from "../pipeline/template-syntax";
import { approxTokens } from "../pipeline/tokens";
import type { TemplateVariable } from "../pipeline/types";
import {
  type FieldMap,
  type ImportFormat,
  type ImportKind,
  DEFAULT_FIELDS,
  asText,
  clean,
  documentHashId,
  formatOfPath,
  pick,
  queryHashId,
  templateHashId,
  toTags,
  wellFormed,
} from "./fields";
import { type BadReason, readRecords } from "./read";

export type { FieldMap, ImportFormat, ImportKind } from "./fields";
export type { BadReason } from "./read";

export interface ImportProgress {
  phase: "reading" | "writing" | "done";
  linesRead: number;
  records: number;
  badLines: number;
  bytesRead: number;
  totalBytes: number;
  /** Rows moved into place (set in the "done" phase). */
  imported?: number;
}

export interface ImportOptions {
  kind: ImportKind;
  filePath: string;
  format?: ImportFormat;
  fieldMap?: FieldMap;
  /** Default source name (query source, template source, document source); also the ImportJob's source. */
  source: string;
  /** documents: the corpus name (default: source). */
  corpus?: string;
  strict?: boolean;
  /** Name shown in the report (default: the file's base name; the browser upload passes the original name). */
  fileName?: string;
  maxLineBytes?: number;
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Minimum interval between onProgress calls (default 200 ms). */
  progressEveryMs?: number;
  signal?: AbortSignal;
}

export interface BadLine {
  line: number;
  reason: BadReason;
  message: string;
}

export interface ImportReport {
  file: string;
  format: ImportFormat;
  kind: ImportKind;
  strict: boolean;
  totals: { lines: number; records: number; imported: number; duplicates: number; bad: number };
  byReason: Partial<Record<BadReason, number>>;
  /** The first 1,000 bad lines. */
  badLines: BadLine[];
  truncated: boolean;
  durationMs: number;
  /** Set when nothing was imported on purpose (strict mode, empty file). */
  note?: string;
}

export interface ImportResult {
  importJobId: number;
  status: "completed" | "failed";
  imported: number;
  duplicates: number;
  badLines: number;
  totalLines: number;
  report: ImportReport;
  error?: string;
}

export const REPORT_LIMIT = 1000;

interface Staged {
  cols: string[][]; // column-major batch
  n: number;
}

const STAGE: Record<ImportKind, { ddl: string; cols: string[]; types: string[] }> = {
  queries: { ddl: `id text, source text, text text, meta jsonb`, cols: ["id", "source", "text", "meta"], types: ["text", "text", "text", "jsonb"] },
  documents: {
    ddl: `ext text, title text, text text, source text, tokens int`,
    cols: ["ext", "title", "text", "source", "tokens"],
    types: ["text", "text", "text", "text", "int"],
  },
  templates: {
    ddl: `id text, text text, description text, variables jsonb, vcount int, tags text[], source text, support int`,
    cols: ["id", "text", "description", "variables", "vcount", "tags", "source", "support"],
    types: ["text", "text", "text", "jsonb", "int", "text", "text", "int"],
  },
};

type Row = (string | number | null)[];

/** Turns one record into a staged row, or a reason it is bad. */
function toRow(kind: ImportKind, rec: Record<string, unknown>, map: FieldMap, defaultSource: string): Row | { reason: BadReason; message: string } {
  const textPick = pick(rec, kind, map, "text");
  const text = textPick.value == null ? undefined : asText(textPick.value);
  const cleaned = text == null ? "" : clean(text);
  if (!cleaned) {
    const f = textPick.field ?? (map.text || DEFAULT_FIELDS[kind].text.join(" / "));
    return { reason: "missing-text", message: `no text: field "${f}" is ${textPick.value == null ? "missing" : "empty or not a string"}` };
  }
  const idv = asText(pick(rec, kind, map, "id").value);
  const id = idv ? clean(idv) : "";
  const src = clean(asText(pick(rec, kind, map, "source").value) ?? "") || defaultSource;
  if (kind === "queries") {
    const metaPick = pick(rec, kind, map, "meta");
    let meta: unknown = metaPick.value;
    if (meta === undefined) {
      const used = new Set(Object.values(map).filter(Boolean) as string[]);
      for (const k of ["id", "text", "source", textPick.field]) if (k) used.add(k);
      const rest = Object.fromEntries(Object.entries(rec).filter(([k]) => !used.has(k)));
      meta = Object.keys(rest).length ? rest : null;
    }
    // Lone surrogates and NULs are valid in JS strings but rejected by PostgreSQL's jsonb.
    const metaJson = meta == null ? null : JSON.stringify(meta, (_k, v) => (typeof v === "string" ? wellFormed(v) : v)).replace(/\\u0000/g, "");
    return [id || queryHashId(src, cleaned), src.slice(0, 200), cleaned, metaJson];
  }
  if (kind === "documents") {
    const title = clean(asText(pick(rec, kind, map, "title").value) ?? "");
    return [id || documentHashId(cleaned), title, cleaned, src, approxTokens(cleaned)];
  }
  // templates
  const description = clean(asText(pick(rec, kind, map, "description").value) ?? "");
  let types: TemplateVariable[] | undefined;
  const vv = pick(rec, kind, map, "variables").value;
  const varsRaw = typeof vv === "string" ? safeParse(vv) : vv;
  if (Array.isArray(varsRaw) && varsRaw.every((x) => x && typeof x === "object" && typeof (x as TemplateVariable).description === "string")) {
    types = (varsRaw as TemplateVariable[]).map((x) => ({ description: x.description.replace(/\s+/g, " ").trim(), type: x.type }));
  }
  const v = validateTemplate(cleaned, types);
  if (!v.ok) return { reason: "invalid-template", message: v.errors.map((e) => `${e.code}: ${e.message}${e.offset != null ? ` (at ${e.offset})` : ""}`).join("; ") };
  if (v.variables.length === 0) return { reason: "invalid-template", message: "no-variables: a template needs at least one <fi>…</fi> variable" };
  // The engine's review tags (check:…) as for a genericized template.
  const tags = [...new Set([...toTags(pick(rec, kind, map, "tags").value), ...reviewTags(v.variables)])].sort();
  // "support" as `fistudio genericize --out` writes it: the source queries the template stands for.
  const support = parseSupport(rec.support);
  if (support === null) return { reason: "invalid-template", message: `support: ${JSON.stringify(rec.support)} is not a positive whole number of queries` };
  return [id || templateHashId(cleaned), cleaned, description, JSON.stringify(v.variables), v.variables.length, tags.join("\u001f"), src, support];
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

async function flush(client: pg.PoolClient, kind: ImportKind, st: Staged) {
  if (!st.n) return;
  const { cols, types } = STAGE[kind];
  const sel = cols.map((c, i) => (kind === "templates" && c === "tags" ? `coalesce(string_to_array(nullif(c${i}, ''), E'\\x1f'), '{}')` : types[i] === "jsonb" ? `c${i}::jsonb` : `c${i}`));
  await client.query(
    `INSERT INTO _stage (${cols.join(", ")}) SELECT ${sel.join(", ")} FROM unnest(${cols.map((_, i) => `$${i + 1}::${types[i] === "int" ? "int" : "text"}[]`).join(", ")}) AS u(${cols.map((_, i) => `c${i}`).join(", ")})`,
    st.cols,
  );
  st.cols = cols.map(() => []);
  st.n = 0;
}

/** Moves staged rows into place; returns how many were inserted. */
async function moveIntoPlace(client: pg.PoolClient, kind: ImportKind, jobId: number, corpusName: string): Promise<number> {
  if (kind === "queries") {
    await client.query(`INSERT INTO "QuerySource" (name) SELECT DISTINCT source FROM _stage ON CONFLICT (name) DO NOTHING`);
    await client.query(
      `CREATE TEMP TABLE _ins ON COMMIT DROP AS
       WITH ins AS (
         INSERT INTO "Query" (id, "sourceId", text, meta, "importId")
         SELECT s.id, qs.id, s.text, s.meta, $1 FROM _stage s JOIN "QuerySource" qs ON qs.name = s.source ORDER BY s.ord
         ON CONFLICT (id) DO NOTHING
         RETURNING "sourceId")
       SELECT "sourceId" FROM ins`,
      [jobId],
    );
    await addFacetCounts(client, "query", "_ins", 1);
    await client.query(
      `UPDATE "QuerySource" qs SET "queryCount" = qs."queryCount" + x.n FROM (SELECT "sourceId", count(*)::int AS n FROM _ins GROUP BY 1) x WHERE x."sourceId" = qs.id`,
    );
  } else if (kind === "documents") {
    const { rows } = await client.query(`INSERT INTO "Corpus" (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`, [corpusName]);
    const corpusId = rows[0].id as number;
    // Serialise concurrent imports into one corpus (row indexes must not collide).
    await client.query(`SELECT pg_advisory_xact_lock(7270736, $1)`, [corpusId]);
    await client.query(
      `CREATE TEMP TABLE _ins ON COMMIT DROP AS
       WITH src AS (SELECT DISTINCT ON (ext) * FROM _stage ORDER BY ext, ord),
            fresh AS (SELECT * FROM src s WHERE NOT EXISTS (SELECT 1 FROM "Document" d WHERE d.id = $1::text || ':' || s.ext)),
            base AS (SELECT coalesce(max("rowIndex") + 1, 0) AS b FROM "Document" WHERE "corpusId" = $1::int),
            ins AS (
              INSERT INTO "Document" (id, "corpusId", "externalId", "rowIndex", title, text, source, "tokenCount", "importId")
              SELECT $1::text || ':' || f.ext, $1::int, f.ext, (SELECT b FROM base) + (row_number() OVER (ORDER BY f.ord))::int - 1,
                     f.title, f.text, f.source, f.tokens, $2
                FROM fresh f ORDER BY f.ord
              ON CONFLICT DO NOTHING
              RETURNING "corpusId")
       SELECT "corpusId" FROM ins`,
      [corpusId, jobId],
    );
    await addFacetCounts(client, "document", "_ins", 1);
    await client.query(
      `UPDATE "Corpus" c SET "sampleCount" = c."sampleCount" + x.n,
              "documentCount" = CASE WHEN EXISTS (SELECT 1 FROM "CorpusFile" f WHERE f."corpusId" = c.id) THEN c."documentCount" ELSE c."documentCount" + x.n END
         FROM (SELECT count(*)::int AS n FROM _ins) x WHERE c.id = $1 AND x.n > 0`,
      [corpusId],
    );
  } else {
    await client.query(
      `CREATE TEMP TABLE _ins ON COMMIT DROP AS
       WITH ins AS (
         INSERT INTO "Template" (id, status, origin, text, description, variables, "variableCount", tags, "sourceName", "importId", support)
         SELECT s.id, 'active', 'imported', s.text, s.description, s.variables, s.vcount, s.tags, s.source, $1, s.support FROM _stage s ORDER BY s.ord
         ON CONFLICT (id) DO NOTHING
         RETURNING id, status, origin, "sourceName", "variableCount", tags, text, description, variables)
       SELECT * FROM ins`,
      [jobId],
    );
    await client.query(
      `INSERT INTO "TemplateVersion" ("templateId", version, text, description, variables, "variableCount", note)
       SELECT id, 1, text, description, variables, "variableCount", 'imported' FROM _ins`,
    );
    await addFacetCounts(client, "template", "_ins", 1);
  }
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM _ins`);
  return rows[0].n as number;
}

export async function runImport(opts: ImportOptions): Promise<ImportResult> {
  const t0 = Date.now();
  const format = opts.format ?? formatOfPath(opts.filePath);
  const fieldMap: FieldMap = { ...(opts.fieldMap ?? {}) };
  const fileName = opts.fileName ?? basename(opts.filePath);
  const strict = !!opts.strict;
  const kind = opts.kind;
  if (!["queries", "documents", "templates"].includes(kind)) throw new Error(`unknown import kind "${kind}"`);
  const source = (opts.source ?? "").trim() || (kind === "templates" ? `import:${fileName}` : fileName.replace(/\.[^.]+$/, ""));
  const totalBytes = (await stat(opts.filePath)).size;
  const pool = getPool();

  const job = await pool.query(
    `INSERT INTO "ImportJob" (kind, "fileName", format, source, "fieldMap", strict, status) VALUES ($1, $2, $3, $4, $5, $6, 'running') RETURNING id`,
    [kind, fileName, format, kind === "documents" ? (opts.corpus ?? source) : source, JSON.stringify(fieldMap), strict],
  );
  const importJobId = job.rows[0].id as number;

  const report: ImportReport = {
    file: fileName,
    format,
    kind,
    strict,
    totals: { lines: 0, records: 0, imported: 0, duplicates: 0, bad: 0 },
    byReason: {},
    badLines: [],
    truncated: false,
    durationMs: 0,
  };
  let lastLine = 0;
  let bytesRead = 0;
  let lastProgress = 0;
  let lastJobUpdate = Date.now();
  const progress = (phase: ImportProgress["phase"], force = false) => {
    const now = Date.now();
    if (!opts.onProgress || (!force && now - lastProgress < (opts.progressEveryMs ?? 200))) return;
    lastProgress = now;
    opts.onProgress({ phase, linesRead: lastLine, records: report.totals.records, badLines: report.totals.bad, bytesRead, totalBytes, imported: phase === "done" ? report.totals.imported : undefined });
  };
  const bad = (line: number, reason: BadReason, message: string) => {
    report.totals.bad++;
    report.byReason[reason] = (report.byReason[reason] ?? 0) + 1;
    if (report.badLines.length < REPORT_LIMIT) report.badLines.push({ line, reason, message });
    else report.truncated = true;
  };

  const client = await pool.connect();
  let status: "completed" | "failed" = "completed";
  let error: string | undefined;
  try {
    await client.query("BEGIN");
    await client.query(`CREATE TEMP TABLE _stage (ord bigserial, ${STAGE[kind].ddl}) ON COMMIT DROP`);
    const batchSize = opts.batchSize ?? 1000;
    const st: Staged = { cols: STAGE[kind].cols.map(() => []), n: 0 };
    for await (const item of readRecords(opts.filePath, format, { maxLineBytes: opts.maxLineBytes, signal: opts.signal, onBytes: (b) => (bytesRead = b) })) {
      if (opts.signal?.aborted) throw new Error("import cancelled");
      lastLine = Math.max(lastLine, item.line);
      if ("reason" in item) {
        bad(item.line, item.reason, item.message);
      } else {
        report.totals.records++;
        const row = toRow(kind, item.record, fieldMap, source);
        if (!Array.isArray(row)) {
          report.totals.records--;
          bad(item.line, row.reason, row.message);
        } else if (!(strict && report.totals.bad > 0)) {
          for (let i = 0; i < row.length; i++) st.cols[i].push(row[i] as never);
          if (++st.n >= batchSize) await flush(client, kind, st);
        }
      }
      progress("reading");
      if (Date.now() - lastJobUpdate > 2000) {
        lastJobUpdate = Date.now();
        pool.query(`UPDATE "ImportJob" SET "totalLines" = $2, "badLines" = $3 WHERE id = $1 AND status = 'running'`, [importJobId, lastLine, report.totals.bad]).catch(() => undefined);
      }
    }
    report.totals.lines = lastLine;
    if (report.totals.records === 0 && report.totals.bad === 0) {
      bad(0, "empty-file", totalBytes === 0 ? "the file is empty" : "the file holds no records");
      report.note = "nothing imported: no records";
    }
    if (strict && report.totals.bad > 0) {
      await client.query("ROLLBACK");
      report.note = `strict import: ${report.totals.bad} bad line(s), nothing imported`;
      status = "failed";
      error = report.note;
    } else {
      await flush(client, kind, st);
      progress("writing", true);
      const inserted = await moveIntoPlace(client, kind, importJobId, opts.corpus ?? source);
      report.totals.imported = inserted;
      report.totals.duplicates = report.totals.records - inserted;
      report.durationMs = Date.now() - t0;
      await client.query(
        `UPDATE "ImportJob" SET status = 'completed', "totalLines" = $2, imported = $3, duplicates = $4, "badLines" = $5, report = $6, "finishedAt" = now() WHERE id = $1`,
        [importJobId, report.totals.lines, inserted, report.totals.duplicates, report.totals.bad, JSON.stringify(report)],
      );
      await client.query("COMMIT");
    }
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    status = "failed";
    error = (e as Error).message;
    report.totals.imported = 0;
    report.totals.duplicates = 0;
  } finally {
    client.release();
  }
  report.durationMs = Date.now() - t0;
  if (status === "failed") {
    await pool.query(
      `UPDATE "ImportJob" SET status = 'failed', "totalLines" = $2, imported = 0, duplicates = 0, "badLines" = $3, report = $4, error = $5, "finishedAt" = now() WHERE id = $1`,
      [importJobId, report.totals.lines, report.totals.bad, JSON.stringify(report), error ?? null],
    );
  }
  progress("done", true);
  return {
    importJobId,
    status,
    imported: report.totals.imported,
    duplicates: report.totals.duplicates,
    badLines: report.totals.bad,
    totalLines: report.totals.lines,
    report,
    error,
  };
}
