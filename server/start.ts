// `npm start` (production) / `npm run dev` (`--dev`): the whole studio in one process.
//   config → database (embedded PostgreSQL unless DATABASE_URL) → migrations → sample on first start →
//   Next.js (custom server, built first when no build exists or sources are newer) → in-process run worker → URL.
// Ctrl+C / SIGTERM: stops the worker, the HTTP server and (if this process started it and nobody else uses it)
// the embedded PostgreSQL.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { loadConfig, projectRoot } from "./config";
import { openDatabase, type DbSession } from "./db/session";
import { isEmpty, seedSampleData, seedTemplates } from "./db/seed";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const dev = process.argv.includes("--dev");
const t0 = Date.now();
const log = (m: string) => console.log(`[studio] ${m}`);
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const BUILD_INPUTS = ["app", "server", "public", "next.config.ts", "next.config.mjs", "postcss.config.mjs", "postcss.config.js", "package.json", "tsconfig.json", "tailwind.config.ts"];
const SKIP = new Set(["node_modules", ".next", ".data", "generated", "duckdb"]);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (SKIP.has(e.name) || e.name.startsWith(".")) continue;
    if (e.isFile() && /\.test\.tsx?$/.test(e.name)) continue;
    max = Math.max(max, newestMtime(join(path, e.name)));
  }
  return max;
}

/** True when .next holds no production build, or a build input changed after it. */
export function needsBuild(root = projectRoot): boolean {
  const id = join(root, ".next", "BUILD_ID");
  if (!existsSync(id)) return true;
  const built = statSync(id).mtimeMs;
  return BUILD_INPUTS.some((p) => newestMtime(join(root, p)) > built);
}

function nextBuild(): Promise<void> {
  const require = createRequire(join(projectRoot, "package.json"));
  const nextBin = require.resolve("next/dist/bin/next");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], { cwd: projectRoot, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
  });
}

let session: DbSession | undefined;

async function main() {
  const config = loadConfig();
  let worker: { stop(): Promise<void> } | undefined;
  // Assigned once Next is ready; read by shutdown(), which may run before that.
  // eslint-disable-next-line prefer-const
  let server: ReturnType<typeof createServer> | undefined;
  let shuttingDown = false;

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await worker?.stop().catch((e) => log(`worker stop: ${(e as Error).message}`));
      // close() waits for every connection to end; open keep-alive and polling connections would hold it past the
      // force-exit timer and leave the embedded PostgreSQL running, so drop them right after it stops accepting.
      const closed = new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      server?.closeAllConnections();
      await closed;
      await session?.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  session = await openDatabase({ config, log });
  log(`database ready (${session.db.embedded ? `embedded PostgreSQL, data in ${join(config.dataDir, "pg")}` : "DATABASE_URL"}) at ${secs()}`);

  // First start: the sample's queries and documents now (2 s), templates (genericize, ~20 s) in parallel with the build.
  let seeding: Promise<unknown> = Promise.resolve();
  if (await isEmpty()) {
    log("empty database: loading the bundled sample");
    await seedSampleData(log);
    seeding = seedTemplates(log).catch((e) => log(`genericizing the sample failed: ${(e as Error).message}`));
  }

  if (!dev && needsBuild()) {
    log("building the web app (next build)…");
    await nextBuild();
    log(`build done at ${secs()}`);
  }
  await seeding;

  const { default: next } = await import("next");
  const app = next({ dev, dir: projectRoot, hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error(e);
      res.statusCode = 500;
      res.end("internal error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server!.once("error", reject);
    server!.listen(config.port, config.host, () => resolve());
  });

  try {
    const path = "./runs/worker"; // written by the runs engineer; optional
    const mod = (await import(path)) as { startWorker?: (o?: { log?: (m: string) => void }) => Promise<{ stop(): Promise<void> }> };
    if (typeof mod.startWorker === "function") {
      worker = await mod.startWorker({ log: (m) => console.log(`[worker] ${m}`) });
      log("run worker started in-process");
    } else log("no startWorker in server/runs/worker.ts: runs need a separate `fistudio worker`");
  } catch (e) {
    log(`run worker not started: ${(e as Error).message}`);
  }

  log(`FineInstructions Studio ${dev ? "(dev) " : ""}ready at http://${config.host}:${config.port} (started in ${secs()})`);
}

main().catch(async (e) => {
  console.error(`[studio] failed to start: ${e instanceof Error ? e.stack : String(e)}`);
  await session?.close().catch(() => undefined);
  process.exit(1);
});
