// One engine per worker thread (see parallel.ts). Its usage ledger and budget carry live for the worker's lifetime.
import { parentPort, workerData } from "node:worker_threads";
import { createEngine, type EngineOptions } from "./engine";
import { countTokens } from "./tokens";

const engine = await createEngine(workerData as EngineOptions);
const usage = new Map<string, number>();
const budget = { carry: 0 };
// Messages are handled one at a time, in arrival order: a worker's documents keep their input order.
let queue: Promise<void> = Promise.resolve();

parentPort!.on("message", (req: { id: number; kind: string; docs?: never }) => {
  queue = queue.then(async () => {
    try {
      const value =
        req.kind === "usage"
          ? [...usage]
          : req.kind === "tokenize"
            ? (req.docs! as { text: string }[]).reduce((n, d) => n + countTokens(d.text), 0)
            : await engine.processBatch(req.docs!, usage, budget);
      parentPort!.postMessage({ id: req.id, ok: true, value });
    } catch (e) {
      parentPort!.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  });
});
