// Integration tests get a throwaway database:
// - DATABASE_URL set (CI with Debian's PostgreSQL 15): a fresh database fistudio_test_<time>_<pid> on that server,
//   dropped afterwards;
// - otherwise an embedded PostgreSQL in a temp dir on a free port, stopped and deleted afterwards.
// Migrations are applied once here; the URL reaches the tests as DATABASE_URL and via inject("databaseUrl").
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { loadConfig } from "../server/config";
import { ensureDatabase, stopEmbedded } from "../server/db/embedded";
import { freePort } from "../server/db/free-port";
import { migrate } from "../server/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  let url: string;
  let teardown: () => Promise<void>;
  const external = process.env.DATABASE_URL;
  if (external) {
    const name = `fistudio_test_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(external);
    u.pathname = `/${name}`;
    url = u.toString();
    teardown = async () => {
      const c = new pg.Client({ connectionString: external });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), "fistudio-test-"));
    const config = { ...loadConfig({} as NodeJS.ProcessEnv), dataDir: dir, databaseUrl: undefined, embeddedPgPort: await freePort() };
    const h = await ensureDatabase(config);
    url = h.url;
    teardown = async () => {
      await stopEmbedded(config, "fast").catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrate(url);
  process.env.DATABASE_URL = url;
  process.env.FISTUDIO_TEST_ADMIN_URL = external ?? "";
  project.provide("databaseUrl", url);
  return teardown;
}
