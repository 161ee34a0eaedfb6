// fistudio db start|stop|status|migrate|refresh-facets
import { loadConfig } from "../config";
import { embeddedStatus, ensureDatabase, stopEmbedded } from "../db/embedded";
import { listMigrations, migrate } from "../db/migrate";
import { refreshFacetCounts } from "../db/facets";
import { openDatabase } from "../db/session";
import { getPool } from "../db/pool";

const USAGE = `usage: fistudio db <start|stop|status|migrate|refresh-facets>
  start           start the embedded PostgreSQL (if not running), apply migrations, keep it running until "db stop"
  stop            stop the embedded PostgreSQL of this data directory (fast: disconnects clients)
  status          where the database is, whether it runs, which migrations are applied
  migrate         apply pending migrations (prisma/migrations) to the database
  refresh-facets  recompute the pre-aggregated counts (FacetCount) from the tables`;

export async function main(argv: string[]): Promise<number> {
  const sub = argv[0];
  const config = loadConfig();
  const log = (m: string) => console.error(m);
  switch (sub) {
    case "start": {
      if (config.databaseUrl) {
        console.log("DATABASE_URL is set: nothing to start (using that server)");
        const s = await openDatabase({ config, log });
        await s.close();
        return 0;
      }
      const h = await ensureDatabase(config, { pin: true, log });
      const r = await migrate(h.url, { log });
      console.log(`embedded PostgreSQL running: ${h.url.replace(/:[^:@/]+@/, ":***@")} (${r.applied.length} migrations applied now)`);
      console.log(`it keeps running until: fistudio db stop`);
      const { closePool } = await import("../db/pool");
      await closePool();
      return 0;
    }
    case "stop": {
      if (config.databaseUrl) {
        console.log("DATABASE_URL is set: the embedded server is not used; nothing to stop");
        return 0;
      }
      const stopped = await stopEmbedded(config, "fast");
      console.log(stopped ? "embedded PostgreSQL stopped" : "embedded PostgreSQL was not running");
      return 0;
    }
    case "status": {
      const files = listMigrations();
      if (config.databaseUrl) console.log(JSON.stringify({ database: "DATABASE_URL", migrationsInRepo: files.length }, null, 2));
      const st = embeddedStatus(config);
      let applied: string[] | undefined;
      if (config.databaseUrl || st.running) {
        const s = await openDatabase({ config, migrate: false });
        try {
          const { rows } = await getPool().query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`).catch(() => ({ rows: [] as { migration_name: string }[] }));
          applied = rows.map((r) => r.migration_name);
        } finally {
          await s.close();
        }
      }
      const pending = applied ? files.map((f) => f.name).filter((n) => !applied!.includes(n)) : undefined;
      console.log(JSON.stringify({ embedded: config.databaseUrl ? undefined : st, applied, pending }, null, 2));
      return 0;
    }
    case "migrate": {
      const s = await openDatabase({ config, migrate: false, log });
      try {
        const r = await migrate(s.db.url, { log });
        console.log(`${r.applied.length} migration(s) applied, ${r.alreadyApplied} already applied`);
      } finally {
        await s.close();
      }
      return 0;
    }
    case "refresh-facets": {
      const s = await openDatabase({ config, log });
      try {
        for (const e of ["template", "query", "document"] as const) await refreshFacetCounts(getPool(), e);
        console.log("facet counts refreshed");
      } finally {
        await s.close();
      }
      return 0;
    }
    default:
      console.error(USAGE);
      return sub ? 2 : 1;
  }
}
