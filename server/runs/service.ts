// Runs as the CLI, the routers and the tests use them: create (plan + pin), start, cancel, resume, status, list.
import { runModelFromEnv } from "./run-model";
import { join } from "node:path";
import { loadConfig } from "../config";
import { getPrisma } from "../db/client";
import { getPool } from "../db/pool";
import { corpusRowCount } from "./corpus-files";
import { dropRuntime, runtimeFor, settleCancel, settleRun } from "./execute";
import { finalizeRun } from "./finalize";
import { exportJsonl, listOutputs } from "./output";
import {
  defaultShardSize,
  planShards,
  resolveSettings,
  runInputSchema,
  selectTemplates,
  templateSetHash,
  writeTemplatesFile,
  type RunConfig,
  type RunInput,
} from "./planner";
import { enqueuePrepare, enqueueShards } from "./queue";
import { templatesWithHubness } from "./corpus-sample";
import { emptyCounters } from "./stats";

export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunError";
  }
}

/** Plan a run: resolve settings, pin template versions, cut shards. The run is `queued` until started. */
export async function createRun(raw: RunInput, opts: { forecast?: unknown } = {}): Promise<{ id: number; config: RunConfig }> {
  const input = runInputSchema.parse(raw);
  const prisma = getPrisma();
  const corpus = await prisma.corpus.findUnique({ where: { id: input.corpusId }, include: { files: { orderBy: { rowOffset: "asc" } } } });
  if (!corpus) throw new RunError(`Corpus ${input.corpusId} not found`);
  const { rows: corpusRows, fromFiles } = await corpusRowCount(corpus.id);
  const documents = Math.min(corpusRows, input.documentLimit ?? corpusRows);
  if (documents <= 0) throw new RunError(`Corpus ${corpus.name} has no documents`);
  const templates = await selectTemplates(input.templateFilter);
  if (!templates.length) throw new RunError("No template matches the filter: nothing to instantiate");
  const { settings, preset } = await resolveSettings(input);
  const shardSize = input.shardSize ?? defaultShardSize(documents);
  const shards = planShards(documents, shardSize);
  const setHash = templateSetHash(templates);
  const studio = loadConfig();

  const run = await prisma.run.create({
    data: {
      name: input.name ?? `${corpus.name} × ${templates.length} templates`,
      corpusId: corpus.id,
      presetId: preset?.id,
      config: {},
      seed: input.seed,
      documentLimit: input.documentLimit ?? null,
      templateSetHash: setHash,
      templateCount: templates.length,
      outputDir: "",
      shardCount: shards.length,
      totalDocuments: documents,
      counters: emptyCounters() as object,
      forecast: opts.forecast ? (opts.forecast as object) : undefined,
    },
  });
  const outputDir = join(studio.outputDir, `run-${String(run.id).padStart(5, "0")}`);
  // Pinned with their hubness on this corpus, so every worker matches with the same estimate.
  const templatesFile = await writeTemplatesFile(outputDir, await templatesWithHubness(corpus.id, templates, settings));
  const config: RunConfig = {
    version: 1,
    name: run.name,
    corpus: {
      id: corpus.id,
      name: corpus.name,
      license: corpus.license,
      description: corpus.description,
      files: corpus.files.map((f) => ({ path: f.path, format: f.format, rowCount: f.rowCount, sizeBytes: Number(f.sizeBytes) })),
      rows: corpusRows,
      fromFiles,
    },
    templateFilter: input.templateFilter,
    templateCount: templates.length,
    templateSetHash: setHash,
    templatesFile,
    preset,
    settings,
    seed: input.seed,
    documentLimit: input.documentLimit ?? null,
    documents,
    pairsPerDocument: settings.match.topN,
    judgeThreshold: settings.judge.threshold,
    usageCap: settings.match.usageCap,
    sampleRate: input.sampleRate,
    shardSize,
    shardCount: shards.length,
    batchSize: input.batchSize,
    maxAttempts: input.maxAttempts,
    heartbeatTtlSec: input.heartbeatTtlSec,
    outputDir,
    model: runModelFromEnv(),
  };
  await prisma.$transaction(
    async (tx) => {
      await tx.run.update({ where: { id: run.id }, data: { config: config as object, outputDir } });
      for (let i = 0; i < shards.length; i += 5000)
        await tx.runShard.createMany({ data: shards.slice(i, i + 5000).map((s) => ({ runId: run.id, index: s.index, rowStart: s.rowStart, rowEnd: s.rowEnd })) });
      for (let i = 0; i < templates.length; i += 10000)
        await tx.runTemplate.createMany({ data: templates.slice(i, i + 10000).map((t) => ({ runId: run.id, templateId: t.id, version: t.version })) });
    },
    { timeout: 120_000 },
  );
  return { id: run.id, config };
}

/** Start (or restart) a run: the prepare job builds the template index once, then enqueues the shards. */
export async function startRun(runId: number): Promise<void> {
  const { rowCount } = await getPool().query(
    `UPDATE "Run" SET status = 'running', "startedAt" = COALESCE("startedAt", now()), "finishedAt" = NULL, error = NULL
      WHERE id = $1 AND status = 'queued'`,
    [runId],
  );
  if (!rowCount) {
    const r = await getPrisma().run.findUnique({ where: { id: runId }, select: { status: true } });
    if (!r) throw new RunError(`Run ${runId} not found`);
    throw new RunError(`Run ${runId} is ${r.status}; only a queued run can be started (use resume for a cancelled or failed one)`);
  }
  await enqueuePrepare(runId);
}

/** The prepare job: build (or load) the template index in the shared cache, then enqueue every shard not done. */
export async function prepareRun(runId: number): Promise<void> {
  const run = await getPrisma().run.findUnique({ where: { id: runId } });
  if (!run || run.status !== "running") return;
  const config = run.config as unknown as RunConfig;
  // Builds the index into the shared cache (once per run); this worker keeps the engine for its own shards.
  await (await runtimeFor(runId, config)).engine;
  const pending = await getPrisma().runShard.findMany({ where: { runId, state: { in: ["queued", "running"] } }, select: { index: true }, orderBy: { index: "asc" } });
  await enqueueShards(runId, pending.map((s) => s.index));
  if (!pending.length) await settleRun(runId);
}

/** Cancel: workers stop between batches and hand their shards back; finished shards stay. */
export async function cancelRun(runId: number): Promise<string> {
  const pool = getPool();
  await pool.query(`UPDATE "Run" SET status = 'cancelling' WHERE id = $1 AND status IN ('queued', 'running')`, [runId]);
  await settleCancel(runId);
  const r = (await pool.query(`SELECT status FROM "Run" WHERE id = $1`, [runId])).rows[0];
  if (!r) throw new RunError(`Run ${runId} not found`);
  return r.status;
}

/**
 * Resume a cancelled, failed or crashed run from the shards not done: failed shards get fresh attempts, shards of
 * dead workers go back to the queue, done shards are kept as they are.
 */
export async function resumeRun(runId: number): Promise<void> {
  const pool = getPool();
  const r = (await pool.query(`SELECT status FROM "Run" WHERE id = $1`, [runId])).rows[0];
  if (!r) throw new RunError(`Run ${runId} not found`);
  if (r.status === "completed") throw new RunError(`Run ${runId} is already completed`);
  if (r.status === "queued") return startRun(runId);
  await pool.query(`UPDATE "RunShard" SET state = 'queued', attempts = 0, error = NULL, "workerId" = NULL WHERE "runId" = $1 AND state = 'failed'`, [runId]);
  await pool.query(
    `UPDATE "RunShard" s SET state = 'queued', "workerId" = NULL FROM "Run" r
      WHERE s."runId" = $1 AND r.id = s."runId" AND s.state = 'running'
        AND s."heartbeatAt" < now() - make_interval(secs => COALESCE((r.config->>'heartbeatTtlSec')::int, 30))`,
    [runId],
  );
  await pool.query(`UPDATE "Run" SET status = 'running', "finishedAt" = NULL, error = NULL, "startedAt" = COALESCE("startedAt", now()) WHERE id = $1`, [runId]);
  dropRuntime(runId);
  await enqueuePrepare(runId);
}

export async function exportRun(runId: number): Promise<{ path: string; rows: number }> {
  const run = await getPrisma().run.findUnique({ where: { id: runId }, select: { outputDir: true, status: true } });
  if (!run) throw new RunError(`Run ${runId} not found`);
  return exportJsonl(run.outputDir);
}

export interface RunSummary {
  id: number;
  name: string;
  status: string;
  corpusName: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  totalDocuments: number;
  processedDocuments: number;
  outputRows: number;
  shardCount: number;
  shardsDone: number;
  shardsFailed: number;
  templateCount: number;
  /** Pairs per document. */
  yield: number;
  durationSec: number | null;
}

export async function listRuns(opts: { limit?: number; cursor?: number } = {}): Promise<RunSummary[]> {
  const { rows } = await getPool().query(
    `SELECT r.id, r.name, r.status, c.name AS "corpusName", r."createdAt", r."startedAt", r."finishedAt", r."totalDocuments",
            r."processedDocuments", r."outputRows", r."shardCount", r."templateCount",
            (SELECT count(*)::int FROM "RunShard" s WHERE s."runId" = r.id AND s.state = 'done') AS "shardsDone",
            (SELECT count(*)::int FROM "RunShard" s WHERE s."runId" = r.id AND s.state = 'failed') AS "shardsFailed",
            (SELECT COALESCE(sum(s."docsDone"), 0)::int FROM "RunShard" s WHERE s."runId" = r.id AND s.state = 'running') AS "inflight"
       FROM "Run" r JOIN "Corpus" c ON c.id = r."corpusId"
      WHERE ($2::int IS NULL OR r.id < $2)
      ORDER BY r.id DESC LIMIT $1`,
    [opts.limit ?? 50, opts.cursor ?? null],
  );
  return rows.map((r) => {
    const end = r.finishedAt ? new Date(r.finishedAt) : new Date();
    return {
      ...r,
      processedDocuments: r.processedDocuments + (r.status === "running" ? r.inflight : 0),
      yield: r.processedDocuments ? r.outputRows / r.processedDocuments : 0,
      durationSec: r.startedAt ? (end.getTime() - new Date(r.startedAt).getTime()) / 1000 : null,
    };
  });
}

export interface RunDetail extends RunSummary {
  config: RunConfig;
  counters: ReturnType<typeof emptyCounters>;
  stats: Record<string, unknown>;
  error: string | null;
  outputDir: string;
  forecast: unknown;
  shards: {
    index: number;
    rowStart: number;
    rowEnd: number;
    state: string;
    attempts: number;
    workerId: string | null;
    docsDone: number;
    rowCount: number;
    durationMs: number | null;
    error: string | null;
    heartbeatAgeSec: number | null;
    checksum: string | null;
  }[];
  /** Live rates over the run so far. */
  docsPerSec: number;
  pairsPerSec: number;
  etaSec: number | null;
}

export async function getRun(runId: number): Promise<RunDetail> {
  const pool = getPool();
  const r = (
    await pool.query(
      `SELECT r.*, c.name AS "corpusName" FROM "Run" r JOIN "Corpus" c ON c.id = r."corpusId" WHERE r.id = $1`,
      [runId],
    )
  ).rows[0];
  if (!r) throw new RunError(`Run ${runId} not found`);
  const shards = (
    await pool.query(
      `SELECT index, "rowStart", "rowEnd", state, attempts, "workerId", "docsDone", "rowCount", "durationMs", error, checksum,
              EXTRACT(EPOCH FROM (now() - "heartbeatAt"))::float8 AS "heartbeatAgeSec"
         FROM "RunShard" WHERE "runId" = $1 ORDER BY index`,
      [runId],
    )
  ).rows;
  const inflight = shards.filter((s) => s.state === "running").reduce((n, s) => n + s.docsDone, 0);
  const processed = r.processedDocuments + inflight;
  const end = r.finishedAt ? new Date(r.finishedAt) : new Date();
  const durationSec = r.startedAt ? Math.max(0.001, (end.getTime() - new Date(r.startedAt).getTime()) / 1000) : null;
  const docsPerSec = durationSec ? processed / durationSec : 0;
  const pairsPerSec = durationSec ? r.outputRows / durationSec : 0;
  const remaining = r.totalDocuments - processed;
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    corpusName: r.corpusName,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    totalDocuments: r.totalDocuments,
    processedDocuments: processed,
    outputRows: r.outputRows,
    shardCount: r.shardCount,
    shardsDone: shards.filter((s) => s.state === "done").length,
    shardsFailed: shards.filter((s) => s.state === "failed").length,
    templateCount: r.templateCount,
    yield: r.processedDocuments ? r.outputRows / r.processedDocuments : 0,
    durationSec,
    config: r.config,
    counters: { ...emptyCounters(), ...r.counters },
    stats: r.stats,
    error: r.error,
    outputDir: r.outputDir,
    forecast: r.forecast,
    shards,
    docsPerSec,
    pairsPerSec,
    etaSec: r.status === "running" && docsPerSec > 0 ? remaining / docsPerSec : null,
  };
}

/** Top templates by pairs written, with the largest share of the run-wide cap (aggregated over done shards). */
export async function templateUsage(runId: number, limit = 15): Promise<{ cap: number; top: { templateId: string; text: string; count: number }[]; maxShareOfCap: number }> {
  const pool = getPool();
  const r = (await pool.query(`SELECT config->>'usageCap' AS cap FROM "Run" WHERE id = $1`, [runId])).rows[0];
  if (!r) throw new RunError(`Run ${runId} not found`);
  const { rows } = await pool.query(
    `SELECT u.key AS "templateId", sum(u.value::int)::int AS count, max(t.text) AS text
       FROM "RunShard" s CROSS JOIN LATERAL jsonb_each_text(s.stats->'templateUsage') u
       LEFT JOIN "Template" t ON t.id = u.key
      WHERE s."runId" = $1 AND s.state = 'done'
      GROUP BY u.key ORDER BY count DESC, u.key LIMIT $2`,
    [runId, limit],
  );
  const cap = Number(r.cap) || 1;
  return { cap, top: rows.map((x) => ({ ...x, text: x.text ?? "" })), maxShareOfCap: rows.length ? rows[0].count / cap : 0 };
}

export async function runOutputs(runId: number) {
  const run = await getPrisma().run.findUnique({ where: { id: runId }, select: { outputDir: true } });
  if (!run) throw new RunError(`Run ${runId} not found`);
  return { dir: run.outputDir, files: await listOutputs(run.outputDir) };
}

export { finalizeRun };
