// Proves the migrations build exactly what prisma/schema.prisma describes:
// 1. every table, column (type, nullability, default), enum and declared index exists, and nothing else;
// 2. every model round-trips through the generated Prisma client (create with every field set, read back equal).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPrisma } from "../server/db/client";
import { closePool } from "../server/db/pool";
import { parseSchema, pgType, type Model } from "./schema-parse";
import { resetDb, useTestDatabase } from "./helpers";

const url = useTestDatabase();
const schema = parseSchema();
let c: pg.Client;

beforeAll(async () => {
  c = new pg.Client({ connectionString: url });
  await c.connect();
  await resetDb();
});
afterAll(async () => {
  await c.end();
  await getPrisma().$disconnect();
  await closePool();
});

describe("database matches schema.prisma", () => {
  it("has exactly the schema's tables", async () => {
    const { rows } = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_prisma%' ORDER BY 1`);
    expect(rows.map((r) => r.tablename).sort()).toEqual(schema.models.map((m) => m.name).sort());
  });

  it("has the schema's enums with the same values", async () => {
    const { rows } = await c.query(
      `SELECT t.typname::text AS typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const db = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    expect(db).toEqual(schema.enums);
  });

  for (const model of schema.models) {
    it(`${model.name}: columns, types, nullability, defaults, indexes`, async () => {
      const { rows } = await c.query(
        `SELECT column_name, data_type, udt_name, is_nullable, column_default, is_generated FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [model.name],
      );
      const cols = new Map(rows.map((r) => [r.column_name as string, r]));
      const expected = model.fields.filter((f) => f.kind !== "relation");
      expect([...cols.keys()].sort()).toEqual(expected.map((f) => f.name).sort());
      for (const f of expected) {
        const col = cols.get(f.name)!;
        if (f.kind === "unsupported") {
          expect(col.udt_name, `${model.name}.${f.name}`).toBe(f.type.match(/"(.*)"/)![1]);
          continue;
        }
        const t = pgType(f);
        expect({ field: f.name, data_type: col.data_type, udt: col.udt_name }).toEqual({ field: f.name, data_type: t.dataType, udt: t.udt });
        // Prisma makes scalar lists nullable in SQL; everything else follows `?`.
        const nullable = f.optional || f.list;
        expect({ field: f.name, nullable: col.is_nullable === "YES" }).toEqual({ field: f.name, nullable });
        expect({ field: f.name, hasDefault: col.column_default != null }).toEqual({ field: f.name, hasDefault: f.hasDefault });
      }
      const idx = await c.query(
        `SELECT i.indisunique AS uniq, i.indisprimary AS pk, array_agg(a.attname::text ORDER BY k.ord) AS cols
           FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
           CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
          WHERE t.relname = $1 GROUP BY i.indexrelid, i.indisunique, i.indisprimary`,
        [model.name],
      );
      const key = (cols: string[]) => cols.join(",");
      const pk = idx.rows.find((r) => r.pk);
      expect(pk?.cols).toEqual(model.idFields);
      const uniques = new Set(idx.rows.filter((r) => r.uniq && !r.pk).map((r) => key(r.cols)));
      const wantUniques = [...model.uniques, ...model.fields.filter((f) => f.unique).map((f) => [f.name])];
      expect([...uniques].sort()).toEqual(wantUniques.map(key).sort());
      const plain = new Set(idx.rows.filter((r) => !r.uniq).map((r) => key(r.cols)));
      expect([...plain].sort()).toEqual(model.indexes.map(key).sort());
    });
  }
});

// ---------- round trip through the client ----------

const VALUES: Record<string, (model: string, field: string) => unknown> = {
  String: (m, f) => `${m}.${f} ✓ "quoted" ünïcode`,
  Int: () => 42,
  BigInt: () => 9_007_199_254_740_993n,
  Boolean: () => true,
  DateTime: () => new Date("2026-01-02T03:04:05.678Z"),
  Json: () => ({ a: [1, "b", null], nested: { ok: true } }),
  Float: () => 0.125,
};

function order(models: Model[]): Model[] {
  const out: Model[] = [];
  const seen = new Set<string>();
  const visit = (m: Model) => {
    if (seen.has(m.name)) return;
    seen.add(m.name);
    // An optional foreign key may point back up the order (Query.mergedInto → Template → Query): it is set afterwards.
    for (const f of m.fields) if (f.kind === "relation" && f.relationFields && !f.optional) visit(models.find((x) => x.name === f.type)!);
    out.push(m);
  };
  models.forEach(visit);
  return out;
}

describe("every model round-trips through the Prisma client", () => {
  const created = new Map<string, Record<string, unknown>>();
  for (const model of order(schema.models)) {
    it(model.name, async () => {
      const prisma = getPrisma() as unknown as Record<string, { create(a: unknown): Promise<Record<string, unknown>>; findFirstOrThrow(a: unknown): Promise<Record<string, unknown>> }>;
      const delegate = prisma[model.name[0].toLowerCase() + model.name.slice(1)];
      expect(delegate, `client delegate for ${model.name}`).toBeDefined();
      const fk = new Map<string, unknown>();
      const later: typeof model.fields = [];
      for (const f of model.fields) {
        if (f.kind !== "relation" || !f.relationFields) continue;
        const parent = created.get(f.type);
        if (!parent) {
          later.push(f);
          f.relationFields.forEach((col) => fk.set(col, null));
        } else f.relationFields.forEach((col, i) => fk.set(col, parent[f.relationReferences![i]]));
      }
      const data: Record<string, unknown> = {};
      for (const f of model.fields) {
        if (f.kind === "relation" || f.kind === "unsupported" || f.autoincrement) continue;
        if (fk.has(f.name)) data[f.name] = fk.get(f.name);
        else if (f.kind === "enum") data[f.name] = f.list ? [schema.enums[f.type][0]] : schema.enums[f.type].at(-1);
        else if (f.list) data[f.name] = [VALUES[f.type](model.name, f.name), "second"];
        else data[f.name] = VALUES[f.type](model.name, f.name);
      }
      const row = await delegate.create({ data });
      const where = Object.fromEntries(model.idFields.map((k) => [k, row[k]]));
      const back = await delegate.findFirstOrThrow({ where });
      for (const [k, v] of Object.entries(data)) {
        if (model.fields.find((f) => f.name === k)?.updatedAt) continue; // set by the client
        expect({ field: k, value: back[k] }).toEqual({ field: k, value: v });
      }
      created.set(model.name, back);
      pending.push({ model, delegate, where, later });
    });
  }
  // The optional keys that pointed forward, now that their targets exist.
  const pending: { model: Model; delegate: unknown; where: Record<string, unknown>; later: Model["fields"] }[] = [];
  it("optional foreign keys to models created later", async () => {
    const withLater = pending.filter((p) => p.later.length);
    expect(withLater.map((p) => p.model.name)).toEqual(["Query"]);
    for (const { delegate, where, later } of withLater) {
      const d = delegate as { update(a: unknown): Promise<unknown>; findFirstOrThrow(a: unknown): Promise<Record<string, unknown>> };
      const data: Record<string, unknown> = {};
      for (const f of later) f.relationFields!.forEach((col, i) => (data[col] = created.get(f.type)![f.relationReferences![i]]));
      await d.update({ where, data });
      const back = await d.findFirstOrThrow({ where });
      for (const [k, v] of Object.entries(data)) expect({ field: k, value: back[k] }).toEqual({ field: k, value: v });
    }
  });
});
