// Runs the engine on all cores: one worker thread per core, each opening the template index once.
// Documents are routed to a worker by a hash of their id and each worker processes its documents in input order with
// its own usage ledger and budget carry, so the output depends only on the seed, the input order and the thread count,
// never on batch sizes or timing.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { emptyCounters, engineId, openEngineIndex, settingsHash, type BatchResult, type EngineOptions, type Stage } from "./engine";
import { hash32 } from "./rng";
import type { Document, StageCounters } from "./types";

export interface PoolOptions extends EngineOptions {
  /** Worker threads; defaults to the machine's available parallelism. */
  threads?: number;
}

export interface EnginePool {
  readonly threads: number;
  readonly engineId: string;
  readonly settingsHash: string;
  /** Process documents on all threads; rows come back in input document order. */
  processBatch(docs: Document[]): Promise<BatchResult>;
  /** Only tokenize the documents on all threads (the floor the engine is compared with); returns the token count. */
  tokenize(docs: Document[]): Promise<number>;
  /** Matches per template so far, summed over threads. */
  usage(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

type Request = { kind: "batch" | "tokenize"; docs: Document[] } | { kind: "usage" };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Start the pool. The index is built (or loaded) once here, so workers only read the cache. */
export async function createEnginePool(opts: PoolOptions): Promise<EnginePool> {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  if (opts.cacheDir) await openEngineIndex(opts);
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./parallel-worker.ts", import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => m.register()).then(() => import(${JSON.stringify(entry)}))`;
  const workers = Array.from({ length: threads }, () => new Worker(bootstrap, { eval: true, workerData: opts }));
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  for (const w of workers) {
    w.on("message", (r: Reply) => {
      const p = pending.get(r.id);
      pending.delete(r.id);
      if (r.ok) p?.resolve(r.value);
      else p?.reject(new Error(r.error));
    });
    w.on("error", (e) => {
      failure = e;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
  }
  const call = <T>(w: Worker, req: Request): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ ...req, id });
    });
  };

  const partition = (docs: Document[]) => {
    const parts: Document[][] = workers.map(() => []);
    for (const d of docs) parts[hash32(d.id) % threads].push(d);
    return parts;
  };

  return {
    threads,
    engineId: engineId(opts.settings, opts.model),
    settingsHash: settingsHash(opts.settings, opts.model),
    async processBatch(docs) {
      const parts = partition(docs);
      const order = new Map(docs.map((d, i) => [d.id, i]));
      const results = await Promise.all(
        parts.map((p, i) => (p.length ? call<BatchResult>(workers[i], { kind: "batch", docs: p }) : Promise.resolve(null))),
      );
      return mergeResults(results.filter((r): r is BatchResult => r !== null), order);
    },
    async tokenize(docs) {
      const counts = await Promise.all(partition(docs).map((p, i) => call<number>(workers[i], { kind: "tokenize", docs: p })));
      return counts.reduce((a, b) => a + b, 0);
    },
    async usage() {
      const total = new Map<string, number>();
      for (const u of await Promise.all(workers.map((w) => call<[string, number][]>(w, { kind: "usage" }))))
        for (const [id, n] of u) total.set(id, (total.get(id) ?? 0) + n);
      return total;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

export function addCounters(into: StageCounters, c: StageCounters): StageCounters {
  into.documents += c.documents;
  into.matched += c.matched;
  into.instantiated += c.instantiated;
  into.judged += c.judged;
  into.kept += c.kept;
  into.assembled += c.assembled;
  for (const [k, v] of Object.entries(c.rejections)) into.rejections[k] = (into.rejections[k] ?? 0) + v;
  return into;
}

function mergeResults(results: BatchResult[], order: Map<string, number>): BatchResult {
  const counters = emptyCounters();
  const timingsMs = { match: 0, instantiate: 0, judge: 0, assemble: 0 };
  for (const r of results) {
    addCounters(counters, r.counters);
    for (const k of Object.keys(timingsMs) as Stage[]) timingsMs[k] += r.timingsMs[k];
  }
  const byDoc = <T extends { documentId: string }>(a: T, b: T) => order.get(a.documentId)! - order.get(b.documentId)!;
  const rows = results
    .flatMap((r) => r.rows.map((row) => ({ row, documentId: row.warc_record_id })))
    .sort(byDoc)
    .map((x) => x.row);
  const rejected = results.flatMap((r) => r.rejected).sort(byDoc);
  return { rows, counters, rejected, timingsMs };
}
