// The embedded PostgreSQL is shared: two processes starting at once start ONE server; it keeps running while any
// process that uses it is alive, and stops when the last one leaves. (Runs as root and as a normal user.)
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { rmSync } from "node:fs";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedPaths, runningServer, stopEmbedded } from "../server/db/embedded";
import { loadConfig } from "../server/config";
import { freePort } from "../server/db/free-port";
import { tempDir } from "./helpers";

const dir = tempDir("fistudio-emb-");
let port = 0;

function child(env: Record<string, string> = {}): { proc: ChildProcess; info: Promise<{ started: boolean; url: string; pid: number }>; stopped: Promise<void> } {
  const proc = spawn(process.execPath, [join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs"), join("tests", "fixtures", "ensure-db.ts")], {
    env: { ...process.env, DATABASE_URL: "", FISTUDIO_DATA_DIR: dir, FISTUDIO_PG_PORT: String(port), ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  let buf = "";
  let resolveInfo!: (v: { started: boolean; url: string; pid: number }) => void;
  let resolveStopped!: () => void;
  const info = new Promise<{ started: boolean; url: string; pid: number }>((r) => (resolveInfo = r));
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  proc.stdout!.on("data", (d) => {
    buf += d;
    for (const line of buf.split("\n").slice(0, -1)) {
      if (line.startsWith("{")) resolveInfo(JSON.parse(line));
      if (line === "stopped") resolveStopped();
    }
    buf = buf.slice(buf.lastIndexOf("\n") + 1);
  });
  return { proc, info, stopped };
}

afterAll(async () => {
  await stopEmbedded({ ...loadConfig({} as NodeJS.ProcessEnv), dataDir: dir, embeddedPgPort: port }).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe("shared embedded PostgreSQL", () => {
  it("starts once for two processes and stops after the last one leaves", async () => {
    port = await freePort();
    const a = child();
    const b = child();
    const [ia, ib] = await Promise.all([a.info, b.info]);
    expect([ia.started, ib.started].filter(Boolean)).toHaveLength(1);
    expect(ia.url).toBe(ib.url);
    const paths = embeddedPaths(dir);
    expect(runningServer(paths)?.port).toBe(port);

    // The starter leaves first: the server stays up for the other process.
    const [starter, other] = ia.started ? [a, b] : [b, a];
    const otherInfo = ia.started ? ib : ia;
    starter.proc.stdin!.end();
    await starter.stopped;
    expect(runningServer(paths)).toBeTruthy();
    const c = new pg.Client({ connectionString: otherInfo.url });
    await c.connect();
    expect((await c.query("SELECT 1 AS one")).rows[0].one).toBe(1);
    await c.end();

    // The last one out stops it.
    other.proc.stdin!.end();
    await other.stopped;
    expect(runningServer(paths)).toBeUndefined();
  }, 120_000);

  it("moves to a free port when the default one is taken by another program", async () => {
    const blocker = createServer();
    const taken = await new Promise<number>((resolve) =>
      blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)),
    );
    const other = tempDir("fistudio-emb-port-");
    const c = child({ FISTUDIO_DATA_DIR: other, FISTUDIO_PG_PORT: String(taken) });
    try {
      const info = await c.info;
      const usedPort = Number(new URL(info.url).port);
      expect(usedPort).not.toBe(taken);
      expect(runningServer(embeddedPaths(other))?.port).toBe(usedPort);
      const pgc = new pg.Client({ connectionString: info.url });
      await pgc.connect();
      expect((await pgc.query("SELECT 1 AS one")).rows[0].one).toBe(1);
      await pgc.end();
    } finally {
      c.proc.stdin!.end();
      await c.stopped;
      blocker.close();
      rmSync(other, { recursive: true, force: true });
    }
  }, 120_000);
});
