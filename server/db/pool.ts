import pg from "pg";

// A plain node-postgres pool for the hot raw-SQL paths (browsing, imports, bulk loads).
// Prisma (server/db/client.ts) is used for everything else; both read DATABASE_URL.
const g = globalThis as unknown as { fistudioPool?: pg.Pool; fistudioPoolUrl?: string };

// int8 (counts) as JS numbers for this pool only (our counts stay far below 2^53). Not global: Prisma's adapter
// shares the pg module and must keep BigInt precision.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

export function getPool(): pg.Pool {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the database first (server/db/embedded.ts ensureDatabase)");
  if (!g.fistudioPool || g.fistudioPoolUrl !== url) {
    g.fistudioPool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 30_000, types });
    g.fistudioPool.on("error", () => undefined);
    g.fistudioPoolUrl = url;
  }
  return g.fistudioPool;
}

export async function closePool(): Promise<void> {
  const p = g.fistudioPool;
  g.fistudioPool = undefined;
  g.fistudioPoolUrl = undefined;
  if (p) await p.end();
}

export type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;

/** Runs fn on one pooled connection inside BEGIN … COMMIT; on a throw it rolls back (best effort) and rethrows. The connection is released either way. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const out = await fn(client);
    await client.query("COMMIT");
    return out;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
