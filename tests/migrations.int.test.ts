// Migrations from empty: applied in order, recorded like Prisma does, idempotent, safe when two processes start at once.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, migrate, MIGRATIONS_DIR } from "../server/db/migrate";
import { useTestDatabase } from "./helpers";

const url = useTestDatabase();
const fresh = `fistudio_mig_${Date.now()}`;
let freshUrl: string;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A database migrated up to (not including) the migration named `upTo`, filled by `fill`, then migrated to the end;
 * `check` reads it. The database is dropped afterwards.
 */
async function upgradeFrom(upTo: string, fill: (c: pg.Client) => Promise<unknown>, check: (c: pg.Client) => Promise<void>): Promise<void> {
  const { mkdtempSync, cpSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const db = `fistudio_upg_${Date.now()}`;
  await admin((c) => c.query(`CREATE DATABASE ${db}`));
  const u = new URL(url);
  u.pathname = `/${db}`;
  const before = mkdtempSync(join(tmpdir(), "fistudio-mig-"));
  for (const m of listMigrations().filter((m) => m.name < upTo)) cpSync(join(MIGRATIONS_DIR, m.name), join(before, m.name), { recursive: true });
  const c = new pg.Client({ connectionString: u.toString() });
  try {
    await migrate(u.toString(), { dir: before });
    await c.connect();
    await fill(c);
    await migrate(u.toString());
    await check(c);
  } finally {
    await c.end();
    rmSync(before, { recursive: true, force: true });
    await admin((a) => a.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  }
}

beforeAll(async () => {
  await admin((c) => c.query(`CREATE DATABASE ${fresh}`));
  const u = new URL(url);
  u.pathname = `/${fresh}`;
  freshUrl = u.toString();
});

afterAll(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${fresh} WITH (FORCE)`));
});

describe("migration runner", () => {
  it("applies every migration to an empty database, twice at once, exactly once", async () => {
    const all = listMigrations();
    expect(all.length).toBeGreaterThanOrEqual(1);
    expect(all[0].name).toMatch(/^\d{14}_init$/);
    // Two "processes" starting at the same time: the advisory lock serialises them.
    const [a, b] = await Promise.all([migrate(freshUrl), migrate(freshUrl)]);
    expect(a.applied.length + b.applied.length).toBe(all.length);
    expect(Math.min(a.applied.length, b.applied.length)).toBe(0);
    const again = await migrate(freshUrl);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(all.length);
  });

  it("records migrations in _prisma_migrations with Prisma's checksum (sha256 of the file)", async () => {
    const c = new pg.Client({ connectionString: freshUrl });
    await c.connect();
    try {
      const { rows } = await c.query(`SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`);
      const files = listMigrations();
      expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
      for (const r of rows) {
        const sql = readFileSync(join(MIGRATIONS_DIR, r.migration_name, "migration.sql"));
        expect(r.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
        expect(r.finished_at).not.toBeNull();
        expect(r.rolled_back_at).toBeNull();
        expect(r.applied_steps_count).toBe(1);
      }
      const cols = await c.query(`SELECT column_name FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`);
      expect(cols.rows.map((r) => r.column_name)).toEqual(["id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count"]);
    } finally {
      await c.end();
    }
  });

  it("builds the full-text search columns and GIN indexes", async () => {
    const c = new pg.Client({ connectionString: freshUrl });
    await c.connect();
    try {
      const { rows } = await c.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexdef ILIKE '%USING gin%' ORDER BY 1`);
      expect(rows.map((r) => r.indexname)).toEqual(["Document_search_idx", "Query_search_idx", "Template_search_idx", "Template_tags_idx"]);
      const gen = await c.query(`SELECT table_name FROM information_schema.columns WHERE column_name = 'search' AND is_generated = 'ALWAYS' ORDER BY 1`);
      expect(gen.rows.map((r) => r.table_name)).toEqual(["Document", "Query", "Template"]);
    } finally {
      await c.end();
    }
  });

  it("rolls a failing migration back completely and reports it", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, cpSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "fistudio-mig-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    mkdirSync(join(dir, "29991231000000_broken"));
    writeFileSync(join(dir, "29991231000000_broken", "migration.sql"), `CREATE TABLE "Half" (id int);\nSELECT 1/0;`);
    await expect(migrate(freshUrl, { dir })).rejects.toThrow(/29991231000000_broken/);
    const { rmSync } = await import("node:fs");
    rmSync(dir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: freshUrl });
    await c.connect();
    try {
      const t = await c.query(`SELECT to_regclass('"Half"') AS t`);
      expect(t.rows[0].t).toBeNull();
      const m = await c.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '29991231000000_broken'`);
      expect(m.rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
  });

  it("upgrades a bank genericized before support: merges recorded in the reason become links, statuses and support", async () => {
    await upgradeFrom(
      "20261207000000",
      async (c) => {
        await c.query(`INSERT INTO "QuerySource" (id, name) VALUES (1, 'nq')`);
        await c.query(
          `INSERT INTO "Query" (id, "sourceId", text, status, "rejectReason") VALUES
             ('q1', 1, 'who sings hello', 'genericized', NULL),
             ('q2', 1, 'who sang hello', 'rejected', 'duplicate: same-skeleton of tpl-q1 (similarity 1)'),
             ('q3', 1, 'who sings  hello?', 'rejected', 'duplicate: exact of tpl-q1 (similarity 1)'),
             ('q4', 1, 'who sung hello', 'rejected', 'duplicate: near-jaccard of tpl-gone (similarity 0.833)'),
             ('q5', 1, 'hello', 'rejected', 'nothing-specific: no span to generalize')`,
        );
        await c.query(
          `INSERT INTO "Template" (id, text, description, variables, "variableCount", "sourceName", "sourceQueryId")
           VALUES ('tpl-q1', 'who sings <fi>title of a song</fi>', '', '[]', 1, 'nq', 'q1')`,
        );
      },
      async (c) => {
        const q = await c.query(`SELECT id, status, "mergedIntoId" FROM "Query" ORDER BY id`);
        expect(q.rows).toEqual([
          { id: "q1", status: "genericized", mergedIntoId: null },
          { id: "q2", status: "merged", mergedIntoId: "tpl-q1" },
          { id: "q3", status: "merged", mergedIntoId: "tpl-q1" },
          // Its template is no longer in the bank: nothing to link, so it stays as it was.
          { id: "q4", status: "rejected", mergedIntoId: null },
          { id: "q5", status: "rejected", mergedIntoId: null },
        ]);
        expect((await c.query(`SELECT support FROM "Template" WHERE id = 'tpl-q1'`)).rows[0].support).toBe(3);
      },
    );
  });

  it("upgrades a bank made before review tags: templates with a vague variable get check:vague-description, counted", async () => {
    await upgradeFrom(
      "20261207000002",
      (c) =>
        c.query(
          `INSERT INTO "Template" (id, text, description, variables, "variableCount", "sourceName", tags) VALUES
             ('t1', 'what is <fi>a thing or concept</fi>', '', '[{"description":"a thing or concept","type":"concept"}]', 1, 's', '{q:what}'),
             ('t2', 'is <fi>a name #1</fi> or <fi>a country</fi>', '', '[{"description":"a name #1","type":"concept"},{"description":"a country","type":"place"}]', 2, 's', '{}'),
             ('t3', 'where is <fi>a country</fi>', '', '[{"description":"a country","type":"place"}]', 1, 's', '{q:where}')`,
        ),
      async (c) => {
        const t = await c.query(`SELECT id, tags FROM "Template" ORDER BY id`);
        expect(t.rows).toEqual([
          { id: "t1", tags: ["check:vague-description", "q:what"] },
          { id: "t2", tags: ["check:vague-description"] },
          { id: "t3", tags: ["q:where"] },
        ]);
        const f = await c.query(`SELECT count FROM "FacetCount" WHERE entity = 'template' AND facet = 'tag' AND value = 'check:vague-description'`);
        expect(Number(f.rows[0].count)).toBe(2);
      },
    );
  });
});
