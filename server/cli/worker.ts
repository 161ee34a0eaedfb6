// fistudio worker [--concurrency N]: run workers for generation runs, on this machine or any other that shares
// DATABASE_URL and the data paths. The engine is CPU-bound and single-threaded per shard, so N shard jobs run in N
// processes (this one plus N-1 children it supervises and restarts if they crash): give N = the number of cores.
// SIGINT/SIGTERM stop gracefully: running shards are handed back to the queue between batches.
import { spawn, type ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { openDatabase } from "../db/session";

const USAGE = `usage: fistudio worker [--concurrency N] [--quiet]
  --concurrency N   shard jobs at once, one process each (default 1; use the number of cores)
  --quiet           no per-shard log lines`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      concurrency: { type: "string", short: "c" },
      quiet: { type: "boolean", short: "q" },
      child: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const n = Math.max(1, Number(values.concurrency ?? 1) || 1);
  const tag = `[worker ${process.pid}]`;
  const session = await openDatabase({ log: (m) => console.error(m) });
  const { startWorker } = await import("../runs/worker");
  const log = values.quiet ? () => undefined : (m: string) => console.log(`${tag} ${m}`);
  const w = await startWorker({ concurrency: 1, log });
  if (!values.child) console.log(`${tag} ready (${w.id})${n > 1 ? `, starting ${n - 1} more worker process(es)` : ""}`);

  let stopping = false;
  const children = new Set<ChildProcess>();
  const spawnChild = () => {
    const args = [...process.execArgv, process.argv[1], "worker", "--child", ...(values.quiet ? ["--quiet"] : [])];
    const c = spawn(process.execPath, args, { stdio: "inherit", env: { ...process.env, DATABASE_URL: session.db.url } });
    children.add(c);
    c.on("exit", (code, signal) => {
      children.delete(c);
      if (!stopping) {
        console.error(`${tag} worker process ${c.pid} exited (${signal ?? code}); restarting it`);
        setTimeout(() => !stopping && spawnChild(), 1000);
      }
    });
  };
  for (let i = 1; i < n; i++) spawnChild();

  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    if (!values.child) console.log(`${tag} ${sig}: stopping (running shards go back to the queue)`);
    for (const c of children) c.kill("SIGTERM");
    void w.stop();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  await w.promise.catch((e) => console.error(`${tag} ${e instanceof Error ? e.message : e}`));
  await Promise.all([...children].map((c) => new Promise((r) => c.once("exit", r))));
  const { closeQueue } = await import("../runs/queue");
  await closeQueue().catch(() => undefined);
  await session.close();
  return 0;
}
