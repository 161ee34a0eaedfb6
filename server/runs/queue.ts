// The job queue: graphile-worker 0.17.3 on the studio's PostgreSQL.
//
// Why graphile-worker rather than pg-boss 10.4.2:
// - LISTEN/NOTIFY: an idle worker picks a new job up within milliseconds, where pg-boss 10 polls (2 s by default).
//   Shards take seconds, so queue latency would otherwise be a visible share of a small run (and of the tests).
// - Jobs can be added from SQL (graphile_worker.add_job) and by job key, so re-enqueueing a shard (resume, reaper)
//   replaces the shard's pending job instead of piling up duplicates.
// - It runs on Node 20 (0.18 and pg-boss 11 want Node 22), has no native parts, and its schema lives in its own
//   `graphile_worker` schema, installed by runMigrations, next to (not inside) Prisma's migrations.
// Neither queue has a heartbeat (graphile-worker unlocks a dead worker's job after 4 hours), so shard liveness is
// ours: RunShard.heartbeatAt, a reaper in every worker that re-queues shards whose heartbeat expired and force-
// unlocks the dead worker's job, and an atomic claim on RunShard that makes duplicate deliveries harmless.
import { Logger, makeWorkerUtils, runMigrations, type WorkerUtils } from "graphile-worker";

export const SHARD_TASK = "fi_run_shard";
export const PREPARE_TASK = "fi_run_prepare";

export interface ShardJob {
  runId: number;
  index: number;
}
export interface PrepareJob {
  runId: number;
}

const g = globalThis as unknown as { fiQueue?: { url: string; utils: Promise<WorkerUtils> }; fiQueueMigrated?: Map<string, Promise<void>> };

export function connectionString(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the database first (server/db/embedded.ts ensureDatabase)");
  return url;
}

/** Install or upgrade graphile-worker's schema (idempotent; once per process and URL). */
export function ensureQueueSchema(): Promise<void> {
  const url = connectionString();
  g.fiQueueMigrated ??= new Map();
  let p = g.fiQueueMigrated.get(url);
  if (!p) {
    p = runMigrations({ connectionString: url, logger: quietLogger() }).catch((e) => {
      g.fiQueueMigrated?.delete(url);
      throw e;
    });
    g.fiQueueMigrated.set(url, p);
  }
  return p;
}

export async function queueUtils(): Promise<WorkerUtils> {
  const url = connectionString();
  if (!g.fiQueue || g.fiQueue.url !== url) {
    await ensureQueueSchema();
    g.fiQueue = { url, utils: makeWorkerUtils({ connectionString: url, logger: quietLogger() }) };
  }
  return g.fiQueue.utils;
}

export async function closeQueue(): Promise<void> {
  const q = g.fiQueue;
  g.fiQueue = undefined;
  if (q) await (await q.utils).release();
}

export function shardJobKey(runId: number, index: number): string {
  return `fi:run:${runId}:shard:${index}`;
}

export async function enqueueShards(runId: number, indexes: number[]): Promise<void> {
  const utils = await queueUtils();
  // One job per shard, keyed: re-enqueueing replaces a pending job rather than adding a second one.
  for (const index of indexes) {
    await utils.addJob(SHARD_TASK, { runId, index } satisfies ShardJob, { jobKey: shardJobKey(runId, index), jobKeyMode: "replace", maxAttempts: 25 });
  }
}

export async function enqueuePrepare(runId: number): Promise<void> {
  const utils = await queueUtils();
  await utils.addJob(PREPARE_TASK, { runId } satisfies PrepareJob, { jobKey: `fi:run:${runId}:prepare`, jobKeyMode: "replace", maxAttempts: 5 });
}

/** Make the jobs a dead worker held available again (graphile-worker would wait 4 hours). */
export async function unlockWorkers(workerIds: string[]): Promise<void> {
  if (!workerIds.length) return;
  await (await queueUtils()).forceUnlockWorkers(workerIds);
}

export function quietLogger() {
  // graphile-worker's default logger is chatty (every job start/complete); keep warnings and errors.
  return new Logger(() => (level: string, message: string) => {
    if (level === "error" || level === "warning") console.warn(`[queue] ${message}`);
  });
}
