// Shared helpers for integration tests.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { getPool } from "../server/db/pool";

/** Points this test file's process at the database global-setup prepared. */
export function useTestDatabase(): string {
  const url = inject("databaseUrl");
  process.env.DATABASE_URL = url;
  return url;
}

/** Empties every domain table (keeps _prisma_migrations). */
export async function resetDb(): Promise<void> {
  const { rows } = await getPool().query(
    `SELECT string_agg(format('%I', tablename), ', ') AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  if (rows[0].t) await getPool().query(`TRUNCATE ${rows[0].t} RESTART IDENTITY CASCADE`);
}

const SHARED = process.env.FISTUDIO_SHARED_DATA ?? "/work/shared/data";

/** Real queries: ../shared/data when present, else the bundled sample. */
export function realQueriesFile(): string {
  const p = join(SHARED, "real-queries", "queries.jsonl");
  return existsSync(p) ? p : join(process.cwd(), "prisma", "sample", "queries.jsonl");
}

export function realDocumentsFile(): string {
  const p = join(SHARED, "nq-wikipedia-passages", "documents.jsonl");
  return existsSync(p) ? p : join(process.cwd(), "prisma", "sample", "documents.jsonl");
}

export function tempDir(prefix = "fistudio-t-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
