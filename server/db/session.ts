// One call for scripts, the CLI and workers: config → database (embedded or DATABASE_URL) → migrations.
// `close()` releases pools and, for the embedded server, stops it if this process started it and nobody else uses it.
import { loadConfig, type StudioConfig } from "../config";
import { ensureDatabase, type DatabaseHandle } from "./embedded";
import { migrate } from "./migrate";
import { closePool } from "./pool";

export interface DbSession {
  config: StudioConfig;
  db: DatabaseHandle;
  close: () => Promise<void>;
}

export async function openDatabase(opts: { log?: (m: string) => void; pin?: boolean; migrate?: boolean; config?: StudioConfig } = {}): Promise<DbSession> {
  const config = opts.config ?? loadConfig();
  const db = await ensureDatabase(config, { log: opts.log, pin: opts.pin });
  try {
    if (opts.migrate !== false) await migrate(db.url, { log: opts.log });
  } catch (e) {
    await db.stop?.();
    throw e;
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await closePool().catch(() => undefined);
    const g = globalThis as unknown as { prisma?: { $disconnect(): Promise<void> } };
    if (g.prisma) await g.prisma.$disconnect().catch(() => undefined);
    g.prisma = undefined;
    await db.stop?.();
  };
  return { config, db, close };
}
