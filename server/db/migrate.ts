// Applies prisma/migrations/<name>/migration.sql in name order, each in its own transaction, recording them in
// Prisma's _prisma_migrations table (same columns, checksum = sha256 of the file), so `prisma migrate deploy`
// on a connected machine sees them as applied. A session advisory lock makes concurrent starts safe.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { projectRoot } from "../config";

export const MIGRATIONS_DIR = join(projectRoot, "prisma", "migrations");
const LOCK_KEY = 72_707_369; // arbitrary, constant: "fistudio migrations"

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const buf = readFileSync(join(dir, name, "migration.sql"));
      return { name, sql: buf.toString("utf8"), checksum: createHash("sha256").update(buf).digest("hex") };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
  warnings: string[];
}

export async function migrate(url = process.env.DATABASE_URL, opts: { log?: (m: string) => void; dir?: string } = {}): Promise<MigrateResult> {
  if (!url) throw new Error("DATABASE_URL is not set");
  const log = opts.log ?? (() => undefined);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result: MigrateResult = { applied: [], alreadyApplied: 0, warnings: [] };
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map<string, { checksum: string; finished: boolean }>();
    for (const r of rows) done.set(r.migration_name, { checksum: r.checksum, finished: r.finished_at != null });
    for (const m of listMigrations(opts.dir)) {
      const prev = done.get(m.name);
      if (prev?.finished) {
        result.alreadyApplied++;
        if (prev.checksum !== m.checksum) result.warnings.push(`migration ${m.name} was modified after it was applied (checksum differs)`);
        continue;
      }
      if (prev && !prev.finished) throw new Error(`migration ${m.name} failed earlier and is marked unfinished in _prisma_migrations; fix the database by hand`);
      log(`applying migration ${m.name}`);
      const started = new Date();
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), m.checksum, m.name, started],
        );
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
      }
      result.applied.push(m.name);
    }
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
  } finally {
    await client.end();
  }
  for (const w of result.warnings) log(`warning: ${w}`);
  return result;
}
