// Record sources: JSONL (own streaming reader) and CSV / Parquet (DuckDB on the server, read in chunks).
import { DuckDBInstance } from "@duckdb/node-api";
import { stat } from "node:fs/promises";
import { readLines } from "./lines";
import type { ImportFormat } from "./fields";

export type BadReason =
  | "invalid-json"
  | "not-an-object"
  | "invalid-utf8"
  | "line-too-long"
  | "missing-text"
  | "missing-field"
  | "invalid-template"
  | "invalid-row"
  | "empty-file";

export type RawItem = { line: number; record: Record<string, unknown> } | { line: number; reason: BadReason; message: string };

export interface ReadOptions {
  maxLineBytes?: number;
  onBytes?: (bytesRead: number) => void;
  signal?: AbortSignal;
}

export async function* readRecords(path: string, format: ImportFormat, opts: ReadOptions = {}): AsyncGenerator<RawItem> {
  if (format === "jsonl" && (await startsWithBracket(path))) yield* readDuck(path, "json-array", opts);
  else if (format === "jsonl") yield* readJsonl(path, opts);
  else yield* readDuck(path, format, opts);
}

async function estimateBytesPerRow(con: import("@duckdb/node-api").DuckDBConnection, path: string, format: string, size: number): Promise<number> {
  try {
    if (format === "parquet") {
      const r = await con.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM read_parquet($1)`, [path]);
      const n = Number(r.getRowObjectsJson()[0].n);
      return n ? size / n : 0;
    }
    if (format === "csv") {
      const { open } = await import("node:fs/promises");
      const fh = await open(path, "r");
      try {
        const buf = Buffer.alloc(Math.min(size, 1 << 20));
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        let lines = 0;
        for (let i = 0; i < bytesRead; i++) if (buf[i] === 10) lines++;
        return lines > 1 ? bytesRead / lines : 0;
      } finally {
        await fh.close();
      }
    }
  } catch {
    /* no estimate: the bar jumps at the end */
  }
  return 0;
}

/** A .json file holding one JSON array of objects (instead of one object per line) is read by DuckDB. */
async function startsWithBracket(path: string): Promise<boolean> {
  const { open } = await import("node:fs/promises");
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "").trimStart();
    return head.startsWith("[");
  } finally {
    await fh.close();
  }
}

async function* readJsonl(path: string, opts: ReadOptions): AsyncGenerator<RawItem> {
  for await (const item of readLines(path, opts)) {
    if ("error" in item) {
      yield { line: item.line, reason: item.error, message: item.message };
      continue;
    }
    const t = item.text;
    if (!t.trim()) continue; // blank lines are not records
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (e) {
      yield { line: item.line, reason: "invalid-json", message: `invalid JSON: ${(e as Error).message.slice(0, 200)}` };
      continue;
    }
    if (!v || typeof v !== "object" || Array.isArray(v)) {
      yield { line: item.line, reason: "not-an-object", message: "a line must hold one JSON object" };
      continue;
    }
    yield { line: item.line, record: v as Record<string, unknown> };
  }
}

async function* readDuck(path: string, format: "csv" | "parquet" | "json-array", opts: ReadOptions): AsyncGenerator<RawItem> {
  const size = (await stat(path)).size;
  if (size === 0) return;
  const inst = await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "512MB" });
  const con = await inst.connect();
  try {
    const src =
      format === "csv"
        ? `read_csv($1, header = true, all_varchar = true, store_rejects = true, max_line_size = ${Math.max(opts.maxLineBytes ?? 1 << 20, 1 << 16)})`
        : format === "json-array"
          ? `read_json($1, format = 'array', maximum_object_size = ${Math.max(opts.maxLineBytes ?? 1 << 20, 1 << 20)})`
          : `read_parquet($1)`;
    // Progress in bytes for the bar: Parquet knows its row count (metadata); CSV rows are sized from the first MiB.
    const bytesPerRow = opts.onBytes ? await estimateBytesPerRow(con, path, format, size) : 0;
    const res = await con.stream(`SELECT * FROM ${src}`, [path]);
    // CSV: line = row position + 1 (header). Exact unless a quoted field spans lines or DuckDB rejected an earlier line.
    let row = 0;
    for await (const rows of res.yieldRowObjectJson()) {
      if (opts.signal?.aborted) throw new Error("import cancelled");
      for (const r of rows) {
        row++;
        yield { line: format === "csv" ? row + 1 : row, record: r as Record<string, unknown> };
      }
      if (bytesPerRow) opts.onBytes?.(Math.min(size - 1, Math.round(row * bytesPerRow)));
    }
    if (format === "csv") {
      const rej = await con.runAndReadAll(`SELECT line, error_type, error_message FROM reject_errors ORDER BY line`);
      for (const r of rej.getRowObjectsJson()) {
        const type = String(r.error_type);
        yield {
          line: Number(r.line),
          reason: type === "INVALID ENCODING" ? "invalid-utf8" : type === "LINE SIZE OVER MAXIMUM" ? "line-too-long" : "invalid-row",
          message: `${type.toLowerCase()}: ${String(r.error_message).slice(0, 200)}`,
        };
      }
    }
    opts.onBytes?.(size);
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}
