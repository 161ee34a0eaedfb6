// fistudio generate --documents FILE --templates FILE|db --out FILE.parquet [--seed S] [--limit N] [--format jsonl]
//                   [--encoder lexical|dense|hybrid] [--threads N] [--batch N] [--cache-dir DIR]
// Streams documents (JSONL with id/text/title) through every stage on all cores and writes Parquet (or JSONL).
import { modelBackendSettingsFromEnv } from "../pipeline/model/backend";
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync, type WriteStream } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { parseJsonLine } from "./jsonl";
import { DEFAULT_SETTINGS } from "../pipeline/defaults";
import { parseSupport } from "../pipeline/dedup";
import type { EncoderName } from "../pipeline/encoders/types";
import { withHubness, type BatchResult } from "../pipeline/engine";
import { HUBNESS_SAMPLE } from "../pipeline/hubness";
import { addCounters, createEnginePool } from "../pipeline/parallel";
import { inferType, parseTemplate } from "../pipeline/template-syntax";
import type { Document, EngineSettings, EngineTemplate, OutputRow, StageCounters } from "../pipeline/types";

/** Output columns and their Parquet (DuckDB) types, in order. */
export const OUTPUT_COLUMNS: [keyof OutputRow, string][] = [
  ["warc_record_id", "VARCHAR"],
  ["template_id", "VARCHAR"],
  ["instantiated_instruction", "VARCHAR"],
  ["answer", "VARCHAR"],
  ["synthetic_token_count", "INTEGER"],
  ["text", "VARCHAR"],
  ["template_version", "INTEGER"],
  ["view_k", "INTEGER"],
  ["match_score", "DOUBLE"],
  ["judge_score", "INTEGER"],
  ["judge_reasons", "VARCHAR"],
  ["excerpt_ratio", "DOUBLE"],
  ["variable_count", "INTEGER"],
  ["answer_start", "DOUBLE"],
  ["engine", "VARCHAR"],
  ["settings_hash", "VARCHAR"],
];

/** Documents from a JSONL file, one line at a time (never the whole file in memory). Lines without text are skipped. */
export async function* readDocuments(file: string, onBytes?: (n: number) => void): AsyncGenerator<Document> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    onBytes?.(Buffer.byteLength(line) + 1);
    n++;
    if (!line.trim()) continue;
    const o = parseJsonLine(line, file, n) as { id?: unknown; text?: unknown; title?: unknown };
    if (typeof o.text !== "string") continue;
    yield { id: o.id == null ? `line-${n}` : String(o.id), text: o.text, title: typeof o.title === "string" ? o.title : undefined };
  }
}

/** Templates from JSONL (or a JSON array): EngineTemplate fields; version defaults to 1, variables are parsed from the text when absent. */
export async function readTemplates(file: string): Promise<EngineTemplate[]> {
  const out: EngineTemplate[] = [];
  const add = (o: Partial<EngineTemplate> & { template?: string }, where: string) => {
    const text = o.text ?? o.template;
    if (!text) return;
    if (o.support !== undefined && parseSupport(o.support) === null)
      throw new Error(`${where}: "support" must be a positive whole number of source queries, got ${JSON.stringify(o.support)}`);
    out.push({
      id: String(o.id ?? `tpl-${out.length + 1}`),
      version: o.version ?? 1,
      text,
      variables: o.variables ?? parseTemplate(text).descriptions.map((description) => ({ description, type: inferType(description) })),
      compatibleDocumentDescription: o.compatibleDocumentDescription ?? "",
      ...(o.support !== undefined ? { support: o.support } : {}),
    });
  };
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let first = true;
  let json = "";
  let n = 0;
  for await (const line of lines) {
    n++;
    if (first && line.trimStart().startsWith("[")) json = "[";
    first = false;
    if (json) json += `${json === "[" ? line.trimStart().slice(1) : line}\n`;
    else if (line.trim()) add(parseJsonLine(line, file, n) as Partial<EngineTemplate>, `${file}:${n}`);
  }
  if (json) (parseJsonLine(`[${json.slice(1)}`, file, 1) as Partial<EngineTemplate>[]).forEach((o, i) => add(o, `${file}: template ${i + 1}`));
  return out;
}

/** Convert a JSONL file of output rows to Parquet through DuckDB; written to a temporary name and renamed into place. */
export async function jsonlToParquet(jsonl: string, out: string): Promise<void> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  const tmp = `${out}.tmp-${process.pid}`;
  const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const columns = `{${OUTPUT_COLUMNS.map(([n, t]) => `${q(n)}: ${q(t)}`).join(", ")}}`;
  try {
    await con.run(
      `COPY (SELECT * FROM read_json(${q(jsonl)}, format = 'newline_delimited', columns = ${columns})) TO ${q(tmp)} (FORMAT parquet, COMPRESSION zstd)`,
    );
    renameSync(tmp, out);
  } finally {
    con.closeSync();
    db.closeSync();
    rmSync(tmp, { force: true });
  }
}

function write(stream: WriteStream, s: string): Promise<void> {
  return stream.write(s) ? Promise.resolve() : new Promise((r) => stream.once("drain", () => r()));
}

/** The active templates of the studio's database (current versions), as a run would pin them. */
async function activeTemplatesFromDb(): Promise<EngineTemplate[]> {
  const { openDatabase } = await import("../db/session");
  const { selectTemplates } = await import("../runs/planner");
  const session = await openDatabase({ log: (m) => console.error(m) });
  try {
    return await selectTemplates({ status: "active" });
  } finally {
    await session.close();
  }
}

const HELP = `usage: fistudio generate --documents FILE --templates FILE|db --out FILE.parquet
  [--seed S] [--limit N] [--format parquet|jsonl] [--encoder lexical|dense|hybrid] [--threads N] [--batch N] [--cache-dir DIR]`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      documents: { type: "string" },
      templates: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
      limit: { type: "string" },
      format: { type: "string" },
      encoder: { type: "string" },
      threads: { type: "string" },
      batch: { type: "string", default: "256" },
      "cache-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return void console.log(HELP);
  if (!values.documents || !values.templates || !values.out) throw new Error(`missing --documents, --templates or --out\n${HELP}`);
  const format = values.format ?? (values.out.endsWith(".jsonl") ? "jsonl" : "parquet");
  if (format !== "jsonl" && format !== "parquet") throw new Error(`--format must be parquet or jsonl, not ${format}`);
  const encoder = (values.encoder ?? DEFAULT_SETTINGS.match.encoder) as EncoderName;
  if (!["lexical", "dense", "hybrid"].includes(encoder)) throw new Error(`unknown --encoder ${encoder}`);
  const limit = values.limit ? Number(values.limit) : Infinity;
  const batchSize = Math.max(1, Number(values.batch));

  if (!existsSync(values.documents)) throw new Error(`--documents ${values.documents}: no such file`);
  if (values.templates !== "db" && !existsSync(values.templates)) throw new Error(`--templates ${values.templates}: no such file (or pass "db" for the studio's active templates)`);
  const templates = values.templates === "db" ? await activeTemplatesFromDb() : await readTemplates(values.templates);
  if (templates.length === 0) throw new Error(values.templates === "db" ? "no active template in the database" : `no templates in ${values.templates}`);
  const settings: EngineSettings = {
    ...DEFAULT_SETTINGS,
    seed: values.seed ? Number(values.seed) : DEFAULT_SETTINGS.seed,
    match: { ...DEFAULT_SETTINGS.match, encoder },
  };
  const cacheDir = values["cache-dir"] ?? path.join(process.cwd(), ".cache", "template-index");
  const model = modelBackendSettingsFromEnv();
  // Hubness is estimated on the first documents of the file (read twice: the sample here, then all of them).
  const sample: Document[] = [];
  for await (const doc of readDocuments(values.documents)) {
    if (sample.length >= Math.min(limit, HUBNESS_SAMPLE)) break;
    sample.push(doc);
  }
  const pinned = await withHubness({ templates, settings, cacheDir, model }, sample);
  const pool = await createEnginePool({ templates: pinned, settings, cacheDir, threads: values.threads ? Number(values.threads) : undefined, model });

  const out = path.resolve(values.out);
  const rowsFile = `${out}.rows-${process.pid}.jsonl`;
  const stream = createWriteStream(rowsFile);
  const totalBytes = statSync(values.documents).size;
  const bar = new cliProgress.SingleBar(
    { format: "generate [{bar}] {percentage}% | {docs} docs | {pairs} pairs | {rate} docs/s | ETA {eta_formatted}", etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes, 0, { docs: 0, pairs: 0, rate: 0 });
  const counters: StageCounters = { documents: 0, matched: 0, instantiated: 0, judged: 0, kept: 0, assembled: 0, rejections: {} };
  const started = performance.now();
  let failed = true;
  let bytes = 0;
  // Two batches in flight keep every worker busy while the next batch is read.
  const inFlight: Promise<BatchResult>[] = [];
  const drain = async () => {
    const r = await inFlight.shift()!;
    addCounters(counters, r.counters);
    for (const row of r.rows) await write(stream, `${JSON.stringify(row)}\n`);
    const secs = (performance.now() - started) / 1000;
    bar.update(bytes, { docs: counters.documents, pairs: counters.assembled, rate: Math.round(counters.documents / secs) });
  };
  try {
    let batch: Document[] = [];
    let n = 0;
    for await (const doc of readDocuments(values.documents, (b) => (bytes += b))) {
      if (n++ >= limit) break;
      batch.push(doc);
      if (batch.length === batchSize) {
        inFlight.push(pool.processBatch(batch));
        batch = [];
        if (inFlight.length >= 2) await drain();
      }
    }
    if (batch.length) inFlight.push(pool.processBatch(batch));
    while (inFlight.length) await drain();
    bar.update(totalBytes);
    failed = false;
  } finally {
    bar.stop();
    // Batches still in flight after a failure are abandoned with the pool.
    for (const p of inFlight) p.catch(() => undefined);
    await pool.close();
    await new Promise<void>((r) => stream.end(r));
    if (failed) rmSync(rowsFile, { force: true });
  }
  try {
    if (format === "parquet") await jsonlToParquet(rowsFile, out);
    else renameSync(rowsFile, out);
  } finally {
    if (existsSync(rowsFile)) rmSync(rowsFile);
  }
  const secs = (performance.now() - started) / 1000;
  const top = Object.entries(counters.rejections).sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(
    `${counters.documents} documents → ${counters.assembled} pairs in ${secs.toFixed(1)} s (${(counters.documents / secs).toFixed(0)} docs/s) → ${out}\n` +
      `matched ${counters.matched}, instantiated ${counters.instantiated}, kept ${counters.kept}; top rejections: ${top.map(([k, v]) => `${k} ${v}`).join(", ")}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
