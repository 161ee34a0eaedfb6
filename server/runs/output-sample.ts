// An Arrow IPC sample of a run's output rows, for the browser SQL console (duckdb-wasm has no Parquet reader offline,
// so the server reads the Parquet parts and hands the browser Arrow).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { tableFromJSON, tableToIPC } from "apache-arrow";
import { isInsideDataRoots, loadConfig } from "../config";

export async function outputSampleArrow(outputDir: string, limit: number): Promise<Uint8Array> {
  if (!isInsideDataRoots(loadConfig(), outputDir)) throw new Error(`run folder ${outputDir} is outside the data roots`);
  const parts = existsSync(outputDir) ? readdirSync(outputDir).filter((f) => /^part-\d+\.parquet$/.test(f)) : [];
  if (!parts.length) throw new Error(`no Parquet parts in ${outputDir} yet`);
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    const glob = join(outputDir, "part-*.parquet").replaceAll("'", "''");
    const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet('${glob}') LIMIT ${Math.floor(limit)}`);
    const rows = reader.getRowObjectsJS().map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])),
    );
    return tableToIPC(tableFromJSON(rows), "stream");
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
