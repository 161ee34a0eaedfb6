// Reading corpus rows: streaming JSONL (seeking via a sparse row index), CSV and Parquet through DuckDB,
// or Postgres documents for corpora imported into the database. A corpus is its files concatenated in order.
import { open } from "node:fs/promises";
import type { Document } from "../pipeline/types";
import { withDuck } from "./output";

export type CorpusFormat = "jsonl" | "csv" | "parquet";

export interface FieldMap {
  id?: string;
  text: string;
  title?: string;
  source?: string;
}

export const DEFAULT_FIELD_MAP: FieldMap = { id: "id", text: "text", title: "title", source: "source" };

/** A row as read: the engine's document plus the corpus row index and, for bad rows, why it was skipped. */
export interface CorpusRow {
  rowIndex: number;
  doc: Document | null;
  source?: string;
  bad?: string;
}

export interface CorpusFileRef {
  path: string;
  format: string;
  rowCount: number;
  rowOffset: number;
  fieldMap: unknown;
  lineOffsets: unknown;
}

/** Every this many rows the registration records the byte offset of a JSONL line. */
export const LINE_INDEX_EVERY = 1000;

export function formatOf(path: string): CorpusFormat | null {
  const p = path.toLowerCase();
  if (p.endsWith(".jsonl") || p.endsWith(".ndjson") || p.endsWith(".json")) return "jsonl";
  if (p.endsWith(".csv") || p.endsWith(".tsv")) return "csv";
  if (p.endsWith(".parquet")) return "parquet";
  return null;
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}

/**
 * Iterate the non-blank lines of a file from a byte offset: yields [byteOffset, lineBuffer].
 * Chunked scanning with indexOf(\n): no per-character JS work except the blank check.
 */
export async function* iterateLines(path: string, fromByte = 0, chunkSize = 1 << 20): AsyncGenerator<[number, Buffer]> {
  const fh = await open(path, "r");
  try {
    let pos = fromByte;
    let carry: Buffer = Buffer.alloc(0);
    let carryStart = fromByte;
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkSize);
      const { bytesRead } = await fh.read(chunk, 0, chunkSize, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let lineStart = 0;
      for (;;) {
        const nl = data.indexOf(0x0a, lineStart);
        if (nl < 0) break;
        if (!isBlank(data, lineStart, nl)) yield [carryStart + lineStart, data.subarray(lineStart, nl)];
        lineStart = nl + 1;
      }
      carry = Buffer.from(data.subarray(lineStart));
      carryStart += lineStart;
    }
    if (carry.length && !isBlank(carry, 0, carry.length)) yield [carryStart, carry];
  } finally {
    await fh.close();
  }
}

function field(obj: Record<string, unknown>, key: string | undefined): unknown {
  if (!key) return undefined;
  return obj[key];
}

/** Turn a parsed record into an engine document using the file's field map. */
export function toDocument(obj: Record<string, unknown>, map: FieldMap, rowIndex: number): CorpusRow {
  const text = field(obj, map.text);
  if (typeof text !== "string" || !text.trim()) return { rowIndex, doc: null, bad: "read:missing-text" };
  const id = field(obj, map.id);
  const title = field(obj, map.title);
  const source = field(obj, map.source);
  return {
    rowIndex,
    doc: {
      id: id === undefined || id === null || id === "" ? `row-${rowIndex}` : String(id),
      text,
      title: typeof title === "string" ? title : undefined,
    },
    source: typeof source === "string" ? source : undefined,
  };
}

export function fieldMapOf(v: unknown): FieldMap {
  const m = (v && typeof v === "object" ? v : {}) as Partial<FieldMap>;
  return { ...DEFAULT_FIELD_MAP, ...Object.fromEntries(Object.entries(m).filter(([, x]) => typeof x === "string" && x)) } as FieldMap;
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function duckSource(path: string, format: CorpusFormat, withRowNumber = false): string {
  if (format === "parquet") return `read_parquet(${sqlString(path)}${withRowNumber ? ", file_row_number = true" : ""})`;
  if (format === "csv") return `read_csv(${sqlString(path)}, header = true, all_varchar = true, parallel = false)`;
  return `read_json_auto(${sqlString(path)}, format = 'newline_delimited')`;
}

/** Rows [from, to) of one file (file-local row numbers). */
async function readFileRows(file: CorpusFileRef, from: number, to: number): Promise<CorpusRow[]> {
  const map = fieldMapOf(file.fieldMap);
  const out: CorpusRow[] = [];
  if (to <= from) return out;
  const format = file.format as CorpusFormat;
  if (format === "jsonl") {
    // Seek to the last indexed line at or before `from`.
    const offsets = (Array.isArray(file.lineOffsets) ? file.lineOffsets : []) as [number, number][];
    let row = 0;
    let byte = 0;
    for (const [r, b] of offsets) {
      if (r <= from) {
        row = r;
        byte = b;
      } else break;
    }
    for await (const [, line] of iterateLines(file.path, byte)) {
      if (row >= to) break;
      if (row >= from) {
        const rowIndex = file.rowOffset + row;
        try {
          const obj = JSON.parse(line.toString("utf8"));
          out.push(obj && typeof obj === "object" ? toDocument(obj, map, rowIndex) : { rowIndex, doc: null, bad: "read:not-an-object" });
        } catch {
          out.push({ rowIndex, doc: null, bad: "read:bad-json" });
        }
      }
      row++;
    }
    return out;
  }
  const rows = await withDuck(async (c) => {
    await c.run("SET threads = 1");
    const sql =
      format === "parquet"
        ? `SELECT * EXCLUDE (file_row_number) FROM ${duckSource(file.path, format, true)} WHERE file_row_number >= ${from} AND file_row_number < ${to} ORDER BY file_row_number`
        : `SELECT * FROM ${duckSource(file.path, format)} LIMIT ${to - from} OFFSET ${from}`;
    const r = await c.runAndReadAll(sql);
    return r.getRowObjectsJson() as Record<string, unknown>[];
  });
  rows.forEach((obj, i) => out.push(toDocument(obj, map, file.rowOffset + from + i)));
  return out;
}

/** Corpus rows [rowStart, rowEnd) across the corpus's files, in order. */
export async function readFileRange(files: CorpusFileRef[], rowStart: number, rowEnd: number): Promise<CorpusRow[]> {
  const out: CorpusRow[] = [];
  for (const f of [...files].sort((a, b) => a.rowOffset - b.rowOffset)) {
    const from = Math.max(rowStart, f.rowOffset) - f.rowOffset;
    const to = Math.min(rowEnd, f.rowOffset + f.rowCount) - f.rowOffset;
    if (to > from) out.push(...(await readFileRows(f, from, to)));
  }
  return out;
}
