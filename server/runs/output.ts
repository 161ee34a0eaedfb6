// Output writers: one Parquet file per shard (temp name, then rename, so a reader never sees a partial file),
// content checksums, the run manifest, the dataset card and the JSONL export.
import { createHash } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { OutputRow } from "../pipeline/types";

/** Output columns in file order: the paper's columns first, then provenance. */
export const OUTPUT_COLUMNS: { name: keyof OutputRow | "shard_index" | "row_in_shard"; type: "VARCHAR" | "INTEGER" | "DOUBLE" }[] = [
  { name: "warc_record_id", type: "VARCHAR" },
  { name: "template_id", type: "VARCHAR" },
  { name: "instantiated_instruction", type: "VARCHAR" },
  { name: "answer", type: "VARCHAR" },
  { name: "synthetic_token_count", type: "INTEGER" },
  { name: "text", type: "VARCHAR" },
  { name: "template_version", type: "INTEGER" },
  { name: "view_k", type: "INTEGER" },
  { name: "match_score", type: "DOUBLE" },
  { name: "judge_score", type: "INTEGER" },
  { name: "judge_reasons", type: "VARCHAR" },
  { name: "excerpt_ratio", type: "DOUBLE" },
  { name: "variable_count", type: "INTEGER" },
  { name: "answer_start", type: "DOUBLE" },
  { name: "engine", type: "VARCHAR" },
  { name: "settings_hash", type: "VARCHAR" },
  { name: "shard_index", type: "INTEGER" },
  { name: "row_in_shard", type: "INTEGER" },
];

export function partFileName(shardIndex: number): string {
  return `part-${String(shardIndex).padStart(5, "0")}.parquet`;
}

/** Content checksum of a shard's rows (sha256 over canonical JSON lines): independent of the Parquet writer's bytes. */
export function rowsChecksum(rows: OutputRow[]): string {
  const h = createHash("sha256");
  for (const r of rows) h.update(canonicalRowJson(r) + "\n");
  return h.digest("hex");
}

function canonicalRowJson(r: OutputRow): string {
  const o: Record<string, unknown> = {};
  for (const c of OUTPUT_COLUMNS) {
    if (c.name === "shard_index" || c.name === "row_in_shard") continue;
    const v = r[c.name as keyof OutputRow];
    o[c.name] = typeof v === "number" && c.type === "DOUBLE" ? Number(v.toFixed(6)) : v;
  }
  return JSON.stringify(o);
}

let duck: Promise<DuckDBInstance> | null = null;
function duckdb(): Promise<DuckDBInstance> {
  // One in-memory instance per process; each write uses its own connection.
  duck ??= DuckDBInstance.create(":memory:", { threads: "1" });
  return duck;
}

export async function withDuck<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const conn = await (await duckdb()).connect();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
  }
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Write a shard's rows to `dir/part-NNNNN.parquet`: first to a temporary name in the same folder, then an atomic
 * rename. Returns the final path. Writing the same shard twice replaces the file with identical content.
 */
export async function writeShardParquet(dir: string, shardIndex: number, rows: OutputRow[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const finalPath = join(dir, partFileName(shardIndex));
  const tmpPath = join(dir, `.${partFileName(shardIndex)}.${process.pid}.${Date.now()}.tmp`);
  const table = `shard_${shardIndex}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  await withDuck(async (c) => {
    await c.run(`CREATE TEMP TABLE ${table} (${OUTPUT_COLUMNS.map((col) => `${col.name} ${col.type}`).join(", ")})`);
    try {
      const app = await c.createAppender(table);
      rows.forEach((r, i) => {
        for (const col of OUTPUT_COLUMNS) {
          if (col.name === "shard_index") app.appendInteger(shardIndex);
          else if (col.name === "row_in_shard") app.appendInteger(i);
          else {
            const v = r[col.name as keyof OutputRow];
            if (v === null || v === undefined) app.appendNull();
            else if (col.type === "VARCHAR") app.appendVarchar(String(v));
            else if (col.type === "INTEGER") app.appendInteger(Math.round(Number(v)));
            else app.appendDouble(Number(v));
          }
        }
        app.endRow();
      });
      app.flushSync();
      app.closeSync();
      await c.run(`COPY (SELECT * FROM ${table} ORDER BY row_in_shard) TO ${sqlString(tmpPath)} (FORMAT parquet, COMPRESSION zstd)`);
    } finally {
      await c.run(`DROP TABLE IF EXISTS ${table}`);
    }
  });
  await rename(tmpPath, finalPath);
  return finalPath;
}

/** Remove leftovers of writers that died between write and rename. */
export async function removeTempFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(".part-") && n.endsWith(".tmp")).map((n) => rm(join(dir, n), { force: true })));
}

export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

/** Read a run's Parquet parts back (tests, export, SQL console sample). */
export async function readParts(dir: string, limit?: number): Promise<Record<string, unknown>[]> {
  const glob = join(dir, "part-*.parquet");
  return withDuck(async (c) => {
    const r = await c.runAndReadAll(
      `SELECT * FROM read_parquet(${sqlString(glob)}) ORDER BY shard_index, row_in_shard${limit ? ` LIMIT ${Math.floor(limit)}` : ""}`,
    );
    return r.getRowObjectsJson() as Record<string, unknown>[];
  });
}

/** Export all parts as one JSONL file (temp name, then rename). Streams through DuckDB. */
export async function exportJsonl(dir: string, outPath?: string): Promise<{ path: string; rows: number }> {
  const path = outPath ?? join(dir, "pairs.jsonl");
  const tmp = `${path}.${process.pid}.tmp`;
  const glob = join(dir, "part-*.parquet");
  const rows = await withDuck(async (c) => {
    await c.run(
      `COPY (SELECT * FROM read_parquet(${sqlString(glob)}) ORDER BY shard_index, row_in_shard) TO ${sqlString(tmp)} (FORMAT json)`,
    );
    const r = await c.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(glob)})`);
    return Number(r.getRowObjectsJson()[0].n);
  });
  await rename(tmp, path);
  return { path, rows };
}

export async function listOutputs(dir: string): Promise<{ name: string; sizeBytes: number }[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: { name: string; sizeBytes: number }[] = [];
  for (const n of names.sort()) {
    if (n.startsWith(".")) continue;
    const s = await stat(join(dir, n)).catch(() => null);
    if (s?.isFile()) out.push({ name: n, sizeBytes: s.size });
  }
  return out;
}

