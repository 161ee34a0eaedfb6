// Browser uploads for imports. The file is the raw request body (no multipart parsing, no buffering in memory):
// it is streamed to a temporary file inside the configured data directory, imported with runImport, then removed.
// Options come in the query string: kind, format, source, strict, fileName, idField, textField, titleField, sourceField,
// descriptionField, corpus, token (the browser polls imports.progress with it while the import runs).
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { basename, join, resolve, sep } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { loadConfig } from "@/server/config";
import { maxUploadBytes, runUploadImport, type UploadImportOptions } from "@/server/api/upload-import";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const KINDS = ["queries", "documents", "templates"] as const;
const FORMATS = ["jsonl", "csv", "parquet"] as const;

function fail(status: number, error: string) {
  return Response.json({ error }, { status });
}

function guessFormat(fileName: string): (typeof FORMATS)[number] | null {
  const n = fileName.toLowerCase();
  if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) return "jsonl";
  if (n.endsWith(".csv") || n.endsWith(".tsv")) return "csv";
  if (n.endsWith(".parquet")) return "parquet";
  return null;
}

class SizeLimit extends Transform {
  bytes = 0;
  constructor(private readonly limit: number) {
    super();
  }
  _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null, data?: Buffer) => void) {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) cb(new UploadTooLarge(this.limit));
    else cb(null, chunk);
  }
}

class UploadTooLarge extends Error {
  constructor(limit: number) {
    super(`The file is larger than the upload limit of ${Math.round(limit / 1024 / 1024)} MB (set FISTUDIO_MAX_UPLOAD_MB to raise it, or import it with \`npx fistudio import\`).`);
  }
}

export async function POST(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const p = url.searchParams;
  const kind = p.get("kind") as (typeof KINDS)[number] | null;
  if (!kind || !KINDS.includes(kind)) return fail(400, `kind must be one of ${KINDS.join(", ")}`);
  const fileName = basename(p.get("fileName") || "upload").slice(0, 200);
  const format = (p.get("format") || guessFormat(fileName)) as (typeof FORMATS)[number] | null;
  if (!format || !FORMATS.includes(format)) return fail(400, `format must be one of ${FORMATS.join(", ")} (could not tell from the file name)`);
  const limit = maxUploadBytes();
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return fail(413, new UploadTooLarge(limit).message);
  if (!req.body) return fail(400, "The upload is empty: choose a file.");

  const config = loadConfig();
  const dir = resolve(config.dataDir, "uploads");
  const safe = fileName.replace(/[^\w.\-]+/g, "_");
  const tmp = join(dir, `${randomUUID()}-${safe}`);
  if (!tmp.startsWith(resolve(config.dataDir) + sep)) return fail(400, "bad file name");
  await mkdir(dir, { recursive: true });

  try {
    const limiter = new SizeLimit(limit);
    await pipeline(Readable.fromWeb(req.body as import("node:stream/web").ReadableStream), limiter, createWriteStream(tmp, { flags: "wx" }));
    const options: UploadImportOptions = {
      kind,
      format,
      filePath: tmp,
      fileName,
      // Blank: the importer's per-kind default (the file name; templates: "import:<file>").
      source: (p.get("source") || "").trim(),
      strict: p.get("strict") === "1" || p.get("strict") === "true",
      fields: {
        id: p.get("idField") || undefined,
        text: p.get("textField") || undefined,
        title: p.get("titleField") || undefined,
        source: p.get("sourceField") || undefined,
        description: p.get("descriptionField") || undefined,
      },
      corpus: p.get("corpus") || undefined,
      token: (p.get("token") || "").slice(0, 100) || undefined,
    };
    const result = await runUploadImport(options);
    return Response.json({
      importId: result.importJobId,
      status: result.status,
      imported: result.imported,
      duplicates: result.duplicates,
      badLines: result.badLines,
      totalLines: result.totalLines,
      bytes: limiter.bytes,
      error: result.error,
    });
  } catch (e) {
    if (e instanceof UploadTooLarge) return fail(413, e.message);
    const message = e instanceof Error ? e.message : String(e);
    if (/aborted|premature close/i.test(message)) return fail(400, "The upload was interrupted.");
    console.error("[upload]", e);
    return fail(500, message);
  } finally {
    await rm(tmp, { force: true });
  }
}
