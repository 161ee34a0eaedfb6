// Corpus registration: JSONL / CSV / Parquet files (or a folder of shards) stay where they are. We count their
// rows, record a sparse row index for JSONL, and keep a browsable sample of documents in Postgres (all of them
// for small corpora). Paths outside the configured data roots are refused.
import { readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { isInsideDataRoots, loadConfig, type StudioConfig } from "../config";
import { getPrisma } from "../db/client";
import { makeRng } from "../pipeline/rng";
import { approxTokens } from "../pipeline/tokens";
import {
  DEFAULT_FIELD_MAP,
  duckSource,
  fieldMapOf,
  formatOf,
  iterateLines,
  LINE_INDEX_EVERY,
  toDocument,
  type CorpusFileRef,
  type CorpusFormat,
  type CorpusRow,
  type FieldMap,
} from "./reader";
import { withDuck } from "./output";

/** Corpora with at most this many rows keep every document in Postgres; larger ones keep this many, sampled. */
export const DEFAULT_SAMPLE_SIZE = 5000;

export class PathRefusedError extends Error {
  constructor(
    public readonly path: string,
    roots: string[],
  ) {
    super(
      `Refused: ${path} is outside the data roots the server may read (${roots.join(", ")}). ` +
        `Move the file into one of them, or add its folder to FISTUDIO_DATA_ROOTS (colon-separated) and restart.`,
    );
    this.name = "PathRefusedError";
  }
}

/** Resolve symlinks and `..`, then check against the (also resolved) data roots. Throws PathRefusedError. */
export async function checkReadablePath(path: string, config: StudioConfig = loadConfig()): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    // A path that does not exist: refuse outside the roots first (don't leak existence), then say it is missing.
    if (!isInsideDataRoots(config, path)) throw new PathRefusedError(path, config.dataRoots);
    throw new Error(`Not found: ${path}`);
  }
  const roots = await Promise.all(config.dataRoots.map((r) => realpath(r).catch(() => r)));
  if (!isInsideDataRoots({ ...config, dataRoots: roots }, real)) throw new PathRefusedError(path, config.dataRoots);
  return real;
}

export interface ScannedFile {
  path: string;
  format: CorpusFormat;
  sizeBytes: number;
  mtime: Date;
  rowCount: number;
  lineOffsets: [number, number][] | null;
  /** Reservoir sample of rows (row numbers local to the file). */
  sample: CorpusRow[];
}

/** Expand files and folders (a folder = its supported files, sorted by name) after the path check. */
export async function expandPaths(paths: string[], config: StudioConfig = loadConfig()): Promise<{ path: string; format: CorpusFormat }[]> {
  const out: { path: string; format: CorpusFormat }[] = [];
  for (const p of paths) {
    const real = await checkReadablePath(p, config);
    const s = await stat(real);
    if (s.isDirectory()) {
      const names = (await readdir(real)).filter((n) => !n.startsWith(".") && formatOf(n)).sort();
      if (!names.length) throw new Error(`No JSONL, CSV or Parquet files in ${p}`);
      for (const n of names) {
        const fp = await checkReadablePath(join(real, n), config);
        out.push({ path: fp, format: formatOf(n)! });
      }
    } else {
      const format = formatOf(real);
      if (!format) throw new Error(`Unsupported file type: ${p} (expected .jsonl, .ndjson, .json, .csv, .tsv or .parquet)`);
      out.push({ path: real, format });
    }
  }
  return out;
}

/** Count rows, index JSONL lines, and reservoir-sample `sampleSize` rows (deterministic for a seed). */
export async function scanFile(path: string, format: CorpusFormat, fieldMap: FieldMap, sampleSize: number, seed = 1): Promise<ScannedFile> {
  const s = await stat(path);
  const rng = makeRng(`sample:${seed}:${path}`);
  if (format === "jsonl") {
    const offsets: [number, number][] = [];
    const reservoir: { row: number; line: Buffer }[] = [];
    let row = 0;
    for await (const [byte, line] of iterateLines(path)) {
      if (row % LINE_INDEX_EVERY === 0) offsets.push([row, byte]);
      if (reservoir.length < sampleSize) reservoir.push({ row, line: Buffer.from(line) });
      else {
        const j = Math.floor(rng() * (row + 1));
        if (j < sampleSize) reservoir[j] = { row, line: Buffer.from(line) };
      }
      row++;
    }
    const sample: CorpusRow[] = reservoir
      .sort((a, b) => a.row - b.row)
      .map(({ row: r, line }) => {
        try {
          return toDocument(JSON.parse(line.toString("utf8")), fieldMap, r);
        } catch {
          return { rowIndex: r, doc: null, bad: "read:bad-json" };
        }
      });
    return { path, format, sizeBytes: s.size, mtime: s.mtime, rowCount: row, lineOffsets: offsets, sample };
  }
  return withDuck(async (c) => {
    await c.run("SET threads = 1");
    const src = duckSource(path, format);
    const n = Number((await c.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${src}`)).getRowObjectsJson()[0].n);
    const k = Math.min(sampleSize, n);
    // Evenly spaced sample rows (deterministic, one pass in DuckDB).
    const step = k ? n / k : 1;
    const wanted = new Set(Array.from({ length: k }, (_, i) => Math.floor(i * step)));
    const rows = (
      await c.runAndReadAll(
        `SELECT * FROM (SELECT row_number() OVER () - 1 AS __row, * FROM ${src}) WHERE __row IN (SELECT unnest(?::BIGINT[])) ORDER BY __row`.replace(
          "?::BIGINT[]",
          `[${[...wanted].join(",") || "-1"}]::BIGINT[]`,
        ),
      )
    ).getRowObjectsJson() as Record<string, unknown>[];
    const sample = rows.map((o) => toDocument(o, fieldMap, Number(o.__row)));
    return { path, format, sizeBytes: s.size, mtime: s.mtime, rowCount: n, lineOffsets: null, sample };
  });
}

export interface RegisterInput {
  name: string;
  paths: string[];
  description?: string;
  license?: string;
  fieldMap?: Partial<FieldMap>;
  /** Documents kept in Postgres (default 5,000; corpora with fewer rows keep all). */
  sampleSize?: number;
}

export interface RegisterResult {
  corpusId: number;
  name: string;
  files: { path: string; format: string; rowCount: number; sizeBytes: number }[];
  documentCount: number;
  sampleCount: number;
  added: number;
}

export function documentKey(corpusId: number, externalId: string): string {
  return `${corpusId}:${externalId}`;
}

/**
 * Register files (or folders of shards) as a corpus. Re-registering the same file is a no-op; new files are
 * appended after the existing ones (row offsets keep growing, so earlier runs' shards keep their meaning).
 */
export async function registerCorpus(input: RegisterInput, config: StudioConfig = loadConfig()): Promise<RegisterResult> {
  if (!input.name.trim()) throw new Error("A corpus needs a name");
  if (!input.paths.length) throw new Error("Give at least one file or folder");
  const fieldMap = { ...DEFAULT_FIELD_MAP, ...fieldMapOf(input.fieldMap) };
  const files = await expandPaths(input.paths, config);
  const prisma = getPrisma();
  const corpus =
    (await prisma.corpus.findUnique({ where: { name: input.name } })) ??
    (await prisma.corpus.create({ data: { name: input.name, description: input.description ?? "", license: input.license ?? "" } }));
  const existing = await prisma.corpusFile.findMany({ where: { corpusId: corpus.id }, orderBy: { rowOffset: "asc" } });
  const known = new Set(existing.map((f) => f.path));
  let offset = existing.reduce((m, f) => Math.max(m, f.rowOffset + f.rowCount), 0);
  const sampleSize = input.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  let added = 0;
  for (const f of files) {
    if (known.has(f.path)) continue;
    known.add(f.path);
    const scanned = await scanFile(f.path, f.format, fieldMap, sampleSize);
    const rowOffset = offset;
    offset += scanned.rowCount;
    const docs = scanned.sample
      .filter((r) => r.doc)
      .map((r) => ({
        id: documentKey(corpus.id, r.doc!.id),
        corpusId: corpus.id,
        externalId: r.doc!.id,
        rowIndex: rowOffset + r.rowIndex,
        title: r.doc!.title ?? "",
        text: r.doc!.text,
        source: r.source ?? "",
        tokenCount: approxTokens(r.doc!.text),
      }));
    await prisma.$transaction(async (tx) => {
      await tx.corpusFile.create({
        data: {
          corpusId: corpus.id,
          path: f.path,
          format: f.format,
          sizeBytes: BigInt(scanned.sizeBytes),
          rowCount: scanned.rowCount,
          rowOffset,
          fieldMap: fieldMap as object,
          lineOffsets: scanned.lineOffsets ?? undefined,
          mtime: scanned.mtime,
        },
      });
      for (let i = 0; i < docs.length; i += 1000) await tx.document.createMany({ data: docs.slice(i, i + 1000), skipDuplicates: true });
    }, { timeout: 120_000 });
    added++;
  }
  const [allFiles, sampleCount] = await Promise.all([
    prisma.corpusFile.findMany({ where: { corpusId: corpus.id }, orderBy: { rowOffset: "asc" } }),
    prisma.document.count({ where: { corpusId: corpus.id } }),
  ]);
  const documentCount = allFiles.reduce((n, f) => n + f.rowCount, 0);
  await prisma.corpus.update({ where: { id: corpus.id }, data: { documentCount, sampleCount } });
  return {
    corpusId: corpus.id,
    name: corpus.name,
    files: allFiles.map((f) => ({ path: f.path, format: f.format, rowCount: f.rowCount, sizeBytes: Number(f.sizeBytes) })),
    documentCount,
    sampleCount,
    added,
  };
}

/** The files of a corpus as the reader wants them, checking none changed since registration. */
export async function corpusFileRefs(corpusId: number): Promise<CorpusFileRef[]> {
  const files = await getPrisma().corpusFile.findMany({ where: { corpusId }, orderBy: { rowOffset: "asc" } });
  return files.map((f) => ({ path: f.path, format: f.format, rowCount: f.rowCount, rowOffset: f.rowOffset, fieldMap: f.fieldMap, lineOffsets: f.lineOffsets }));
}

/** Total rows of a corpus: its files, or (imported into Postgres, no files) its documents. */
export async function corpusRowCount(corpusId: number): Promise<{ rows: number; fromFiles: boolean }> {
  const prisma = getPrisma();
  const files = await prisma.corpusFile.findMany({ where: { corpusId }, select: { rowCount: true, rowOffset: true } });
  if (files.length) return { rows: files.reduce((m, f) => Math.max(m, f.rowOffset + f.rowCount), 0), fromFiles: true };
  const agg = await prisma.document.aggregate({ where: { corpusId }, _max: { rowIndex: true }, _count: true });
  return { rows: agg._count ? (agg._max.rowIndex ?? -1) + 1 : 0, fromFiles: false };
}

/** Rows [rowStart, rowEnd) of a corpus imported into Postgres (no files): documents by row index. */
export async function readDbRange(corpusId: number, rowStart: number, rowEnd: number): Promise<CorpusRow[]> {
  const docs = await getPrisma().document.findMany({
    where: { corpusId, rowIndex: { gte: rowStart, lt: rowEnd } },
    orderBy: { rowIndex: "asc" },
    select: { externalId: true, title: true, text: true, rowIndex: true, source: true },
  });
  return docs.map((d) => ({ rowIndex: d.rowIndex, doc: { id: d.externalId, text: d.text, title: d.title || undefined }, source: d.source }));
}
