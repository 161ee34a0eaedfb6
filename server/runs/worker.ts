// The worker: a graphile-worker runner executing shard and prepare jobs, plus a reaper that re-queues shards whose
// heartbeat expired (their worker died: SIGKILL, machine lost, database restart) and finalizes runs left settled.
// `npm start` runs one in-process (server/start.ts imports startWorker lazily); `fistudio worker` runs more, on this
// machine or any other that shares DATABASE_URL and the output path.
import { hostname } from "node:os";
import { run, type Runner, type Task } from "graphile-worker";
import { getPool } from "../db/pool";
import { executeShard, settleCancel, settleRun } from "./execute";
import { connectionString, enqueuePrepare, enqueueShards, ensureQueueSchema, PREPARE_TASK, quietLogger, SHARD_TASK, unlockWorkers, type PrepareJob, type ShardJob } from "./queue";
import { prepareRun } from "./service";

export interface WorkerOptions {
  /** Jobs run at once in this process (default 1). The engine is CPU-bound: for more cores, run more worker processes. */
  concurrency?: number;
  /** How often the reaper looks for expired heartbeats (ms, default 2,000). */
  reapIntervalMs?: number;
  log?: (msg: string) => void;
}

export interface WorkerHandle {
  id: string;
  stop(): Promise<void>;
  /** Resolves when the runner stops (error or stop()). */
  promise: Promise<void>;
}

/** Re-queue shards whose worker stopped heartbeating; fail those out of attempts; finalize settled runs. */
export async function reapOnce(log: (m: string) => void = () => undefined): Promise<number> {
  const pool = getPool();
  const { rows } = await pool.query(
    `WITH stale AS (
       SELECT s.id, s."workerId" AS dead, COALESCE((r.config->>'maxAttempts')::int, 3) AS max
         FROM "RunShard" s JOIN "Run" r ON r.id = s."runId"
        WHERE s.state = 'running'
          AND s."heartbeatAt" < now() - make_interval(secs => COALESCE((r.config->>'heartbeatTtlSec')::int, 30))
        FOR UPDATE OF s SKIP LOCKED)
     UPDATE "RunShard" s
        SET state = CASE WHEN s.attempts >= stale.max THEN 'failed'::"ShardState" ELSE 'queued'::"ShardState" END,
            "workerId" = NULL, "docsDone" = 0,
            "finishedAt" = CASE WHEN s.attempts >= stale.max THEN now() ELSE NULL END,
            error = 'attempt ' || s.attempts || '/' || stale.max || ': worker ' || COALESCE(stale.dead, '?') || ' stopped heartbeating'
       FROM stale WHERE s.id = stale.id
     RETURNING s."runId", s.index, s.state, stale.dead`,
  );
  if (rows.length) {
    log(`reaper: ${rows.length} shard(s) of dead workers back in the queue`);
    await unlockWorkers([...new Set(rows.map((r) => r.dead).filter(Boolean))] as string[]);
    const byRun = new Map<number, number[]>();
    for (const r of rows) if (r.state === "queued") byRun.set(r.runId, [...(byRun.get(r.runId) ?? []), r.index]);
    for (const [runId, idx] of byRun) {
      const st = (await pool.query(`SELECT status FROM "Run" WHERE id = $1`, [runId])).rows[0]?.status;
      if (st === "running") await enqueueShards(runId, idx);
    }
  }
  // Running runs with shards waiting but no job left in the queue for them (a lost job): prepare again.
  const orphaned = await pool.query(
    `SELECT r.id FROM "Run" r
      WHERE r.status = 'running'
        AND EXISTS (SELECT 1 FROM "RunShard" s WHERE s."runId" = r.id AND s.state = 'queued')
        AND NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j WHERE j.key LIKE 'fi:run:' || r.id || ':%')`,
  );
  for (const r of orphaned.rows) {
    log(`reaper: run ${r.id} has queued shards and no job: enqueueing them again`);
    await enqueuePrepare(r.id);
  }
  // Runs left with every shard settled (a worker died between its commit and the finalization) or cancelling.
  const settled = await pool.query(
    `SELECT r.id, r.status FROM "Run" r
      WHERE r.status IN ('running', 'cancelling') AND r."shardCount" > 0
        AND NOT EXISTS (SELECT 1 FROM "RunShard" s WHERE s."runId" = r.id AND s.state = 'running')
        AND (r.status = 'cancelling' OR NOT EXISTS (SELECT 1 FROM "RunShard" s WHERE s."runId" = r.id AND s.state = 'queued'))`,
  );
  for (const r of settled.rows) {
    if (r.status === "cancelling") await settleCancel(r.id);
    else await settleRun(r.id);
  }
  return rows.length;
}

export async function startWorker(opts: WorkerOptions = {}): Promise<WorkerHandle> {
  const log = opts.log ?? ((m: string) => console.log(`[worker] ${m}`));
  await ensureQueueSchema();
  let stopping = false;
  const tag = `${hostname()}:${process.pid}`;

  const shardTask: Task = async (payload, helpers) => {
    const { runId, index } = payload as ShardJob;
    const workerId = helpers.job.locked_by ?? `${tag}:${helpers.job.id}`;
    const outcome = await executeShard(runId, index, { workerId, stopping: () => stopping, log });
    if (outcome === "retry") throw new Error(`shard ${index} of run ${runId} failed; retrying`);
  };
  const prepareTask: Task = async (payload) => {
    const { runId } = payload as PrepareJob;
    const t = performance.now();
    await prepareRun(runId);
    log(`run ${runId} prepared in ${Math.round(performance.now() - t)} ms`);
  };

  const runner: Runner = await run({
    connectionString: connectionString(),
    concurrency: Math.max(1, opts.concurrency ?? 1),
    noHandleSignals: true,
    pollInterval: 1000,
    logger: quietLogger(),
    taskList: { [SHARD_TASK]: shardTask, [PREPARE_TASK]: prepareTask },
  });

  const reapEvery = opts.reapIntervalMs ?? 2000;
  let reaping = false;
  const reaper = setInterval(() => {
    if (reaping || stopping) return;
    reaping = true;
    reapOnce(log)
      .catch((e) => log(`reaper: ${e instanceof Error ? e.message : e}`))
      .finally(() => (reaping = false));
  }, reapEvery);
  reaper.unref();

  return {
    id: tag,
    promise: runner.promise,
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(reaper);
      // Running shards see `stopping` between batches and hand their shard back to the queue.
      await runner.stop();
    },
  };
}
