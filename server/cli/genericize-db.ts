// `fistudio genericize --db [--source NAME]… [--limit N] [--all]`: genericizes queries stored in PostgreSQL
// (status "new", or every query with --all) into templates, with the engine's genericizeMany. In one transaction:
// templates (+ version 1) inserted with provenance to their query, query status set to genericized, merged (a duplicate,
// pointing at the template it joined) or rejected (with the reason), FacetCount kept exact. Re-running is idempotent
// (template ids are derived from query ids).
import { getPool, withTransaction } from "../db/pool";
import { addFacetCounts } from "../db/facets";
import { openDatabase } from "../db/session";
import { type DedupItem, TemplateDeduper } from "../pipeline/dedup";
import type { GenericizeFn } from "./genericize";

export interface GenericizeDbOptions {
  sources?: string[];
  limit?: number;
  /** Also re-genericize queries that are already genericized, merged or rejected. */
  all?: boolean;
  /** Queries per transaction (default 10,000). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** A model server's genericizer (fistudio genericize with FISTUDIO_MODEL_*); default: the built-in one. */
  genericize?: GenericizeFn;
  log?: (m: string) => void;
}

export interface GenericizeDbResult {
  queries: number;
  templatesInserted: number;
  rejected: number;
  merged: number;
  ms: number;
}

/** A template's tags plus, when its query carried one, the query's topic tag (Stack Overflow's "linq"). */
function withTopicTag(tags: string[], meta: unknown): string[] {
  const m = meta as { tag?: unknown } | null;
  const topic = m && typeof m.tag === "string" ? m.tag.trim().toLowerCase().slice(0, 64) : "";
  return topic && !tags.includes(topic) ? [...tags, topic].sort() : tags;
}

/**
 * Genericizes in batches of `batchSize` queries (default 10,000), each committed in its own transaction, so a
 * transaction stays small and an interrupted run keeps what it finished (the rest stays "new"). A duplicate joins the
 * template it duplicates, whether kept by the same batch, an earlier one or an earlier run.
 */
export async function genericizeQueriesInDb(opts: GenericizeDbOptions = {}): Promise<GenericizeDbResult> {
  const t0 = Date.now();
  const total: GenericizeDbResult = { queries: 0, templatesInserted: 0, rejected: 0, merged: 0, ms: 0 };
  const batchSize = Math.max(1, opts.batchSize ?? 10_000);
  // One bank across batches: a template a later batch gives again joins the one stored (and counts as its support).
  // New queries are also checked against the templates already stored (read once there are queries to genericize);
  // --all derives them afresh instead.
  const deduper = new TemplateDeduper<DedupItem>();
  let seeded = !!opts.all;
  const bank = async () => {
    if (!seeded) {
      seeded = true;
      const { rows } = await getPool().query(`SELECT id, text, variables, support FROM "Template" ORDER BY id`);
      for (const r of rows) deduper.seed({ id: r.id, text: r.text, variables: r.variables, support: r.support });
      if (rows.length) opts.log?.(`checking new templates against the ${rows.length.toLocaleString("en")} stored`);
    }
    return deduper;
  };
  let after = "";
  for (;;) {
    const left = opts.limit ? opts.limit - total.queries : Infinity;
    if (left <= 0) break;
    const r = await genericizeBatch(opts, bank, after, Math.min(batchSize, left));
    if (!r) break;
    total.queries += r.queries;
    total.templatesInserted += r.templatesInserted;
    total.rejected += r.rejected;
    total.merged += r.merged;
    after = r.lastId;
  }
  total.ms = Date.now() - t0;
  return total;
}

async function genericizeBatch(
  opts: GenericizeDbOptions,
  bank: () => Promise<TemplateDeduper<DedupItem>>,
  after: string,
  limit: number,
): Promise<(GenericizeDbResult & { lastId: string }) | null> {
  const t0 = Date.now();
  const pool = getPool();
  const { genericizeMany } = await import("./genericize");
  const where: string[] = [];
  const params: unknown[] = [after];
  where.push(`q.id > $1`);
  if (!opts.all) where.push(`q.status = 'new'`);
  if (opts.sources?.length) {
    params.push(opts.sources);
    where.push(`qs.name = ANY($${params.length}::text[])`);
  }
  const { rows } = await pool.query(
    `SELECT q.id, q.text, qs.name AS source, q.meta FROM "Query" q JOIN "QuerySource" qs ON qs.id = q."sourceId"
      WHERE ${where.join(" AND ")} ORDER BY q.id LIMIT ${Math.floor(limit)}`,
    params,
  );
  if (!rows.length) return null;
  const deduper = await bank();
  opts.log?.(`genericizing ${rows.length.toLocaleString("en")} queries`);
  const metaOf = new Map<string, unknown>(rows.map((r) => [r.id as string, r.meta]));
  const res = await genericizeMany(
    rows.map((r) => ({ id: r.id, text: r.text, source: r.source })),
    { onProgress: opts.onProgress, genericize: opts.genericize, deduper },
  );

  let inserted = 0;
  await withTransaction(pool, async (client) => {
    await client.query(`CREATE TEMP TABLE _gt (id text, text text, description text, variables jsonb, vcount int, tags text[], source text, qid text) ON COMMIT DROP`);
    const B = 2000;
    for (let i = 0; i < res.templates.length; i += B) {
      const part = res.templates.slice(i, i + B);
      await client.query(
        `INSERT INTO _gt SELECT a, b, c, d::jsonb, e, coalesce(string_to_array(nullif(f, ''), E'\\x1f'), '{}'), g, h
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[]) AS u(a, b, c, d, e, f, g, h)`,
        [
          part.map((t) => t.id),
          part.map((t) => t.text),
          part.map((t) => t.compatibleDocumentDescription),
          part.map((t) => JSON.stringify(t.variables)),
          part.map((t) => t.variableCount),
          part.map((t) => withTopicTag(t.tags, metaOf.get(t.sourceQueryId)).join("\u001f")),
          part.map((t) => t.source ?? "unknown"),
          part.map((t) => t.sourceQueryId),
        ],
      );
    }
    await client.query(
      `CREATE TEMP TABLE _gi ON COMMIT DROP AS
       WITH ins AS (
         INSERT INTO "Template" (id, status, origin, text, description, variables, "variableCount", tags, "sourceName", "sourceQueryId")
         SELECT id, 'active', 'genericized', text, description, variables, vcount, tags, source, qid FROM _gt
         ON CONFLICT (id) DO NOTHING
         RETURNING id, status, origin, "sourceName", "variableCount", tags, text, description, variables)
       SELECT * FROM ins`,
    );
    await client.query(
      `INSERT INTO "TemplateVersion" ("templateId", version, text, description, variables, "variableCount", note)
       SELECT id, 1, text, description, variables, "variableCount", 'genericized' FROM _gi ON CONFLICT DO NOTHING`,
    );
    await addFacetCounts(client, "template", "_gi", 1);
    // Support as the bank now counts it, for the templates this batch kept or merged queries into (stored ones too).
    const touched = [...new Set([...res.templates.map((t) => t.id), ...res.merges.map((m) => m.into)])];
    await client.query(`UPDATE "Template" t SET support = u.n FROM unnest($1::text[], $2::int[]) AS u(id, n) WHERE t.id = u.id`, [
      touched,
      touched.map((id) => deduper.support.get(id)!),
    ]);
    inserted = (await client.query(`SELECT count(*)::int AS n FROM _gi`)).rows[0].n;
    await client.query(`UPDATE "Query" SET status = 'genericized', "rejectReason" = NULL, "mergedIntoId" = NULL WHERE id IN (SELECT qid FROM _gt)`);
    const rej = res.rejections;
    for (let i = 0; i < rej.length; i += B) {
      const part = rej.slice(i, i + B);
      await client.query(
        `UPDATE "Query" q SET status = CASE WHEN u.tpl = '' THEN 'rejected' ELSE 'merged' END::"QueryStatus", "rejectReason" = u.reason,
                "mergedIntoId" = nullif(u.tpl, '')
           FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, reason, tpl) WHERE q.id = u.id`,
        [part.map((r) => r.queryId), part.map((r) => `${r.reason}: ${r.detail}`.slice(0, 500)), part.map((r) => res.templateOfQuery.get(r.queryId) ?? "")],
      );
    }
  });
  return {
    queries: rows.length,
    templatesInserted: inserted,
    rejected: res.rejections.length - res.merges.length,
    merged: res.merges.length,
    ms: Date.now() - t0,
    lastId: rows[rows.length - 1].id as string,
  };
}

const HELP = `usage: fistudio genericize --db [--source NAME]… [--limit N] [--all]
  Genericizes the queries stored in the database (status "new"; --all: every query) into templates.`;

export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(HELP);
    return 0;
  }
  const sources: string[] = [];
  let limit: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--source") sources.push(argv[++i]);
    else if (argv[i] === "--limit") limit = Number(argv[++i]);
  }
  const model = await (await import("./genericize")).genericizerFromEnv();
  if (model) console.error(`genericizer: ${model.label}`);
  const session = await openDatabase({ log: (m) => console.error(m) });
  try {
    const r = await genericizeQueriesInDb({ sources, limit, all: argv.includes("--all"), log: (m) => console.error(m), genericize: model?.fn });
    console.log(
      `${r.queries.toLocaleString("en")} queries → ${r.templatesInserted.toLocaleString("en")} new templates, ${r.rejected} rejected, ${r.merged} merged as duplicates (${(r.ms / 1000).toFixed(1)} s)`,
    );
    return 0;
  } finally {
    await session.close();
  }
}
