// fistudio worker [--concurrency N]: a run worker process. Start as many as you have cores, on this machine or any
// other that shares DATABASE_URL and the output path (FISTUDIO_OUTPUT_DIR). SIGINT/SIGTERM stop it gracefully:
// running shards are handed back to the queue between batches.
import "../runs/usearch-preload";
import { parseArgs } from "node:util";
import { openDatabase } from "../db/session";

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { concurrency: { type: "string", short: "c" }, quiet: { type: "boolean", short: "q" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log("usage: fistudio worker [--concurrency N] [--quiet]\n  N shard jobs at once in this process (default 1; the engine is CPU-bound: run one worker process per core)");
    return 0;
  }
  const session = await openDatabase({ log: (m) => console.error(m) });
  const { startWorker } = await import("../runs/worker");
  const log = values.quiet ? () => undefined : (m: string) => console.log(`[worker ${process.pid}] ${m}`);
  const w = await startWorker({ concurrency: Number(values.concurrency ?? 1), log });
  console.log(`[worker ${process.pid}] ready (${w.id}), concurrency ${values.concurrency ?? 1}`);
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker ${process.pid}] ${sig}: stopping (running shards go back to the queue)`);
    void w.stop();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  await w.promise.catch((e) => console.error(`[worker ${process.pid}] ${e instanceof Error ? e.message : e}`));
  const { closeQueue } = await import("../runs/queue");
  await closeQueue().catch(() => undefined);
  await session.close();
  return 0;
}
