// Executing one shard: claim it atomically, heartbeat, run the engine over its rows in batches (cancel is checked
// between batches), write its Parquet part (temp + rename), then commit in ONE transaction: shard state, counters,
// checksum, its sample pairs (replacing any earlier attempt's) and the run's totals. A shard runs from its first row
// every attempt with the same seed and quotas, so any attempt produces the same rows and checksum.
import { engineModel } from "./run-model";
import { setImmediate as yieldLoop } from "node:timers/promises";
import { loadConfig } from "../config";
import { getPool } from "../db/pool";
import { createEngine, type Engine, type RejectedPair } from "../pipeline/engine";
import { hash32 } from "../pipeline/rng";
import type { OutputRow } from "../pipeline/types";
import { corpusFileRefs, readDbRange } from "./corpus-files";
import { writeShardParquet, rowsChecksum } from "./output";
import { readTemplatesFile, type RunConfig } from "./planner";
import { initialUsage, perShardCap, realUsage } from "./quotas";
import { readFileRange, type CorpusFileRef, type CorpusRow } from "./reader";
import { addCounters, addRows, emptyCounters, emptyStats, mergeStats, type ShardStats } from "./stats";

export type ShardOutcome = "done" | "skipped" | "cancelled" | "released" | "failed" | "retry";

export interface ExecuteContext {
  /** Identifies the claimant (the queue's worker id): heartbeats and the commit check it still owns the shard. */
  workerId: string;
  /** Set when the worker process is stopping: the shard is handed back between batches. */
  stopping?: () => boolean;
  log?: (msg: string) => void;
  /** Test hook: called after each batch with the number of documents done. */
  onBatch?: (docsDone: number) => void | Promise<void>;
}

interface RunRuntime {
  config: RunConfig;
  engine: Promise<Engine>;
  templateIds: string[];
  files: Promise<CorpusFileRef[]>;
}

const g = globalThis as unknown as { fiRuntimes?: Map<number, RunRuntime> };

/** One engine per run per process (the index itself is cached on disk, built once per run by the prepare job). */
export async function runtimeFor(runId: number, config: RunConfig): Promise<RunRuntime> {
  g.fiRuntimes ??= new Map();
  let rt = g.fiRuntimes.get(runId);
  if (!rt) {
    const templates = await readTemplatesFile(config.templatesFile);
    const settings = { ...config.settings, match: { ...config.settings.match, usageCap: perShardCap(config.shardCount, config.usageCap) } };
    rt = {
      config,
      engine: createEngine({ templates, settings, cacheDir: loadConfig().cacheDir, model: engineModel(config) }),
      templateIds: templates.map((t) => t.id),
      files: config.corpus.fromFiles ? corpusFileRefs(config.corpus.id) : Promise.resolve([]),
    };
    rt.engine.catch(() => g.fiRuntimes?.delete(runId));
    g.fiRuntimes.set(runId, rt);
    // Keep at most a few runs' engines in memory.
    while (g.fiRuntimes.size > 3) g.fiRuntimes.delete(g.fiRuntimes.keys().next().value!);
  }
  return rt;
}

export function dropRuntime(runId: number): void {
  g.fiRuntimes?.delete(runId);
}

interface ClaimedShard {
  id: number;
  runId: number;
  index: number;
  rowStart: number;
  rowEnd: number;
  attempts: number;
}

async function claim(runId: number, index: number, workerId: string): Promise<ClaimedShard | null> {
  const { rows } = await getPool().query(
    `UPDATE "RunShard" s SET state = 'running', attempts = s.attempts + 1, "workerId" = $3, "heartbeatAt" = now(),
            "startedAt" = now(), "finishedAt" = NULL, "docsDone" = 0
       FROM "Run" r
      WHERE s."runId" = $1 AND s.index = $2 AND r.id = s."runId" AND r.status = 'running'
        AND (s.state = 'queued'
             OR (s.state = 'running' AND s."heartbeatAt" < now() - make_interval(secs => COALESCE((r.config->>'heartbeatTtlSec')::int, 30))))
  RETURNING s.id, s."runId", s.index, s."rowStart", s."rowEnd", s.attempts`,
    [runId, index, workerId],
  );
  return (rows[0] as ClaimedShard | undefined) ?? null;
}

async function loadConfigOf(runId: number): Promise<RunConfig> {
  const { rows } = await getPool().query(`SELECT config FROM "Run" WHERE id = $1`, [runId]);
  if (!rows[0]) throw new Error(`Run ${runId} not found`);
  return rows[0].config as RunConfig;
}

export async function readShardRows(config: RunConfig, files: CorpusFileRef[], rowStart: number, rowEnd: number): Promise<CorpusRow[]> {
  return config.corpus.fromFiles ? readFileRange(files, rowStart, rowEnd) : readDbRange(config.corpus.id, rowStart, rowEnd);
}

/** Where the answer's sentences sit in the document (for the audit view), found by exact search. */
export function locateExcerpts(doc: string, answer: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const piece of answer.split(/(?<=[.!?])\s+/)) {
    const p = piece.trim();
    if (p.length < 8) continue;
    const at = doc.indexOf(p);
    if (at >= 0) out.push({ start: at, end: at + p.length });
  }
  return out;
}

/** Stratified by (complexity, judge score); inside a stratum by a seeded hash, so every attempt picks the same rows. */
export function sampleOrdinals(rows: OutputRow[], rate: number, seed: number): number[] {
  if (rate <= 0 || !rows.length) return [];
  const strata = new Map<string, { i: number; h: number }[]>();
  rows.forEach((r, i) => {
    const key = `${Math.min(r.variable_count, 4)}:${r.judge_score}`;
    let s = strata.get(key);
    if (!s) strata.set(key, (s = []));
    s.push({ i, h: hash32(`${seed}:sample:${r.warc_record_id}:${r.template_id}:${i}`) });
  });
  const picked: number[] = [];
  for (const s of strata.values()) {
    s.sort((a, b) => a.h - b.h || a.i - b.i);
    picked.push(...s.slice(0, Math.ceil(s.length * rate)).map((x) => x.i));
  }
  return picked.sort((a, b) => a - b);
}

/** Run one shard. Returns what happened; "retry" means the caller should let the queue retry it later. */
export async function executeShard(runId: number, index: number, ctx: ExecuteContext): Promise<ShardOutcome> {
  const log = ctx.log ?? (() => undefined);
  const shard = await claim(runId, index, ctx.workerId);
  if (!shard) return "skipped";
  const t0 = performance.now();
  const pool = getPool();
  let docsDone = 0;
  let lost = false;
  let cancel = false;
  let config: RunConfig | null = null;

  const heartbeat = async () => {
    try {
      const { rows } = await pool.query(
        `UPDATE "RunShard" s SET "heartbeatAt" = now(), "docsDone" = $3 FROM "Run" r
          WHERE s.id = $1 AND s."workerId" = $2 AND s.state = 'running' AND r.id = s."runId" RETURNING r.status`,
        [shard.id, ctx.workerId, docsDone],
      );
      if (!rows[0]) lost = true;
      else if (rows[0].status === "cancelling" || rows[0].status === "cancelled") cancel = true;
    } catch {
      // The database may be restarting: keep working; the commit will tell whether we still own the shard.
    }
  };
  let hbTimer: NodeJS.Timeout | null = null;

  try {
    config = await loadConfigOf(runId);
    const hbMs = Math.max(250, Math.min(2000, (config.heartbeatTtlSec * 1000) / 5));
    hbTimer = setInterval(() => void heartbeat(), hbMs);
    const rt = await runtimeFor(runId, config);
    const [engine, files] = await Promise.all([rt.engine, rt.files]);
    const tRead = performance.now();
    const rows = await readShardRows(config, files, shard.rowStart, shard.rowEnd);
    const readMs = performance.now() - tRead;
    if (rows.length !== shard.rowEnd - shard.rowStart)
      throw new Error(`Read ${rows.length} rows for shard ${index} (rows ${shard.rowStart}–${shard.rowEnd}): the corpus files changed since registration?`);

    const usage = initialUsage(rt.templateIds, index, config.shardCount, config.usageCap, config.seed);
    const preCharge = new Map(usage);
    const budget = { carry: 0 };
    const counters = emptyCounters();
    const stats: ShardStats = emptyStats();
    stats.timingsMs.read = readMs;
    const out: OutputRow[] = [];
    const docText = new Map<string, { text: string; title: string }>();
    const allRejected: RejectedPair[] = [];
    for (let i = 0; i < rows.length; i += config.batchSize) {
      await yieldLoop(); // let the heartbeat timer run
      if (lost) return "released";
      if (cancel || ctx.stopping?.()) {
        await release(shard.id, ctx.workerId, cancel ? "cancelled" : "worker stopping");
        if (cancel) await settleCancel(runId);
        return cancel ? "cancelled" : "released";
      }
      const batch = rows.slice(i, i + config.batchSize);
      const docs = [];
      for (const r of batch) {
        if (r.doc) docs.push(r.doc);
        else counters.rejections[r.bad ?? "read:bad-row"] = (counters.rejections[r.bad ?? "read:bad-row"] ?? 0) + 1;
      }
      const res = await engine.processBatch(docs, usage, budget);
      addCounters(counters, res.counters);
      for (const [k, v] of Object.entries(res.timingsMs)) stats.timingsMs[k] = (stats.timingsMs[k] ?? 0) + v;
      out.push(...res.rows);
      allRejected.push(...res.rejected);
      docsDone += batch.length;
      if (ctx.onBatch) await ctx.onBatch(docsDone);
    }
    // The sample needs document text: remember only the ones we will keep.
    const picked = sampleOrdinals(out, config.sampleRate, config.seed);
    const wanted = new Set(picked.map((i) => out[i].warc_record_id));
    for (const r of rows) if (r.doc && wanted.has(r.doc.id)) docText.set(r.doc.id, { text: r.doc.text, title: r.doc.title ?? "" });
    addRows(stats, out, allRejected);
    // Matches per template in this shard (what the run-wide cap limits), without the quota pre-charge.
    stats.templateUsage = Object.fromEntries(realUsage(usage, preCharge));

    await yieldLoop();
    if (lost) return "released";
    const tWrite = performance.now();
    const file = await writeShardParquet(config.outputDir, index, out);
    const checksum = rowsChecksum(out);
    stats.timingsMs.write = performance.now() - tWrite;
    if (hbTimer) clearInterval(hbTimer);
    hbTimer = null;

    const committed = await commitShard({ shard, workerId: ctx.workerId, config, rows: out, picked, docText, counters, stats, file, checksum, docsDone, durationMs: Math.round(performance.now() - t0) });
    if (!committed) return "released";
    log(`run ${runId} shard ${index}: ${out.length} pairs from ${docsDone} documents in ${Math.round(performance.now() - t0)} ms`);
    await settleRun(runId);
    return "done";
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log(`run ${runId} shard ${index} attempt ${shard.attempts} failed: ${message}`);
    const maxAttempts = config?.maxAttempts ?? 3;
    const final = shard.attempts >= maxAttempts;
    const { rowCount } = await pool.query(
      `UPDATE "RunShard" SET state = $3::"ShardState", error = $4, "workerId" = NULL, "finishedAt" = CASE WHEN $3 = 'failed' THEN now() ELSE NULL END
        WHERE id = $1 AND "workerId" = $2 AND state = 'running'`,
      [shard.id, ctx.workerId, final ? "failed" : "queued", `attempt ${shard.attempts}/${maxAttempts}: ${message}`.slice(0, 4000)],
    );
    if (!rowCount) return "released";
    if (final) {
      await settleRun(runId);
      return "failed";
    }
    return "retry";
  } finally {
    if (hbTimer) clearInterval(hbTimer);
  }
}

/** Hand a shard back to the queue without counting the attempt (cancel, graceful stop). */
async function release(shardId: number, workerId: string, why: string): Promise<void> {
  await getPool().query(
    `UPDATE "RunShard" SET state = 'queued', attempts = GREATEST(attempts - 1, 0), "workerId" = NULL, "docsDone" = 0, error = NULL
      WHERE id = $1 AND "workerId" = $2 AND state = 'running'`,
    [shardId, workerId],
  );
  void why;
}

interface CommitInput {
  shard: ClaimedShard;
  workerId: string;
  config: RunConfig;
  rows: OutputRow[];
  picked: number[];
  docText: Map<string, { text: string; title: string }>;
  counters: ReturnType<typeof emptyCounters>;
  stats: ShardStats;
  file: string;
  checksum: string;
  docsDone: number;
  durationMs: number;
}

async function commitShard(c: CommitInput): Promise<boolean> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    // Lock the run first (every commit does, in the same order: no deadlocks), then the shard.
    const run = (await client.query(`SELECT counters, stats FROM "Run" WHERE id = $1 FOR UPDATE`, [c.shard.runId])).rows[0];
    const cur = (await client.query(`SELECT state, "workerId" FROM "RunShard" WHERE id = $1 FOR UPDATE`, [c.shard.id])).rows[0];
    if (!run || !cur || cur.state !== "running" || cur.workerId !== c.workerId) {
      await client.query("ROLLBACK");
      return false;
    }
    const shardStats = { ...c.stats, timingsMs: { ...c.stats.timingsMs, commit: 0 } };
    await client.query(
      `UPDATE "RunShard" SET state = 'done', "finishedAt" = now(), "heartbeatAt" = now(), counters = $2, stats = $3, checksum = $4,
              "outputFile" = $5, "rowCount" = $6, "docsDone" = $7, "durationMs" = $8, error = NULL
        WHERE id = $1`,
      [c.shard.id, JSON.stringify(c.counters), JSON.stringify(shardStats), c.checksum, c.file, c.rows.length, c.docsDone, c.durationMs],
    );
    // Replace, never append: an earlier attempt's sample of this shard (if any) goes.
    await client.query(`DELETE FROM "SamplePair" WHERE "runId" = $1 AND "shardIndex" = $2`, [c.shard.runId, c.shard.index]);
    if (c.picked.length) {
      const cols = {
        ordinal: [] as number[],
        documentId: [] as string[],
        documentTitle: [] as string[],
        documentText: [] as string[],
        templateId: [] as string[],
        templateVersion: [] as number[],
        instruction: [] as string[],
        answer: [] as string[],
        excerpts: [] as string[],
        excerptRatio: [] as number[],
        viewK: [] as number[],
        matchScore: [] as number[],
        judgeScore: [] as number[],
        judgeReasons: [] as string[],
        variableCount: [] as number[],
        tokenCount: [] as number[],
      };
      for (const i of c.picked) {
        const r = c.rows[i];
        const doc = c.docText.get(r.warc_record_id) ?? { text: "", title: "" };
        cols.ordinal.push(i);
        cols.documentId.push(r.warc_record_id);
        cols.documentTitle.push(doc.title);
        cols.documentText.push(doc.text);
        cols.templateId.push(r.template_id);
        cols.templateVersion.push(r.template_version);
        cols.instruction.push(r.instantiated_instruction);
        cols.answer.push(r.answer);
        cols.excerpts.push(JSON.stringify(locateExcerpts(doc.text, r.answer)));
        cols.excerptRatio.push(r.excerpt_ratio);
        cols.viewK.push(r.view_k);
        cols.matchScore.push(r.match_score);
        cols.judgeScore.push(r.judge_score);
        cols.judgeReasons.push(r.judge_reasons || "[]");
        cols.variableCount.push(r.variable_count);
        cols.tokenCount.push(r.synthetic_token_count);
      }
      await client.query(
        `INSERT INTO "SamplePair" ("runId", "shardIndex", ordinal, "documentId", "documentTitle", "documentText", "templateId", "templateVersion",
                                   instruction, answer, fills, excerpts, "excerptRatio", "viewK", "matchScore", "judgeScore", "judgeReasons",
                                   "variableCount", "tokenCount")
         SELECT $1, $2, u.ordinal, u.did, u.dtitle, u.dtext, u.tid, u.tver, u.instr, u.ans, '{}'::jsonb, u.exc::jsonb, u.er, u.vk, u.ms, u.js,
                u.jr::jsonb, u.vc, u.tc
           FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], $11::text[],
                       $12::float8[], $13::int[], $14::float8[], $15::int[], $16::text[], $17::int[], $18::int[])
                AS u(ordinal, did, dtitle, dtext, tid, tver, instr, ans, exc, er, vk, ms, js, jr, vc, tc)
          WHERE EXISTS (SELECT 1 FROM "Template" t WHERE t.id = u.tid)`,
        [
          c.shard.runId,
          c.shard.index,
          cols.ordinal,
          cols.documentId,
          cols.documentTitle,
          cols.documentText,
          cols.templateId,
          cols.templateVersion,
          cols.instruction,
          cols.answer,
          cols.excerpts,
          cols.excerptRatio,
          cols.viewK,
          cols.matchScore,
          cols.judgeScore,
          cols.judgeReasons,
          cols.variableCount,
          cols.tokenCount,
        ],
      );
    }
    const counters = addCounters({ ...emptyCounters(), ...(run.counters ?? {}), rejections: { ...(run.counters?.rejections ?? {}) } }, c.counters);
    const { templateUsage: _drop, ...plain } = c.stats;
    void _drop;
    const stats = mergeStats({ ...emptyStats(), ...(run.stats ?? {}) }, plain);
    await client.query(
      `UPDATE "Run" SET counters = $2, stats = $3, "processedDocuments" = "processedDocuments" + $4, "outputRows" = "outputRows" + $5 WHERE id = $1`,
      [c.shard.runId, JSON.stringify(counters), JSON.stringify(stats), c.docsDone, c.rows.length],
    );
    await client.query("COMMIT");
    return true;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** A run whose shards are all settled becomes completed / failed (finalize writes its manifest and card). */
export async function settleRun(runId: number): Promise<void> {
  const { rows } = await getPool().query(
    `SELECT r.status,
            count(*) FILTER (WHERE s.state IN ('queued', 'running'))::int AS pending,
            count(*) FILTER (WHERE s.state = 'failed')::int AS failed
       FROM "Run" r JOIN "RunShard" s ON s."runId" = r.id WHERE r.id = $1 GROUP BY r.status`,
    [runId],
  );
  const r = rows[0];
  if (!r || r.pending > 0) {
    if (r?.status === "cancelling") await settleCancel(runId);
    return;
  }
  const { finalizeRun } = await import("./finalize");
  await finalizeRun(runId);
}

/** A cancelling run with no running shard left is cancelled. */
export async function settleCancel(runId: number): Promise<void> {
  await getPool().query(
    `UPDATE "Run" SET status = 'cancelled', "finishedAt" = now()
      WHERE id = $1 AND status = 'cancelling' AND NOT EXISTS (SELECT 1 FROM "RunShard" WHERE "runId" = $1 AND state = 'running')`,
    [runId],
  );
}
