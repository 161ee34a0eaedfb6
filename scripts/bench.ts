// npm run bench -- [--docs N] [--templates M] [--encoder lexical|dense|hybrid] [--doc-tokens T] [--threads N] [--batch N]
// End-to-end and per-stage throughput of the engine on all cores. The last line printed is one JSON object.
// Documents: the shared NQ Wikipedia passages (the bundled sample when ../shared is absent), replicated to --docs;
// with --doc-tokens T, passages of one article (then of the following articles, since most articles have a single
// passage) are joined into documents of about T tokens. Templates: the shared real queries genericized (cached under
// .cache/bench), recombined to --templates by swapping variable descriptions of the same type between templates.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { DEFAULT_SETTINGS } from "../server/pipeline/defaults";
import type { EncoderName } from "../server/pipeline/encoders/types";
import { addCounters, createEnginePool } from "../server/pipeline/parallel";
import { withHubness } from "../server/pipeline/engine";
import { HUBNESS_SAMPLE } from "../server/pipeline/hubness";
import { countTokens } from "../server/pipeline/tokens";
import type { Document, EngineTemplate, StageCounters, TemplateVariable } from "../server/pipeline/types";
import { recombine } from "./bench-bank";

const { values } = parseArgs({
  options: {
    docs: { type: "string", default: "100000" },
    templates: { type: "string", default: "50000" },
    encoder: { type: "string", default: DEFAULT_SETTINGS.match.encoder },
    "doc-tokens": { type: "string" },
    threads: { type: "string" },
    batch: { type: "string", default: "256" },
  },
});
const root = process.cwd();
const nDocs = Number(values.docs);
const nTemplates = Number(values.templates);
const encoder = values.encoder as EncoderName;
const threads = values.threads ? Number(values.threads) : availableParallelism();
const cache = path.join(root, ".cache", "bench");
mkdirSync(cache, { recursive: true });
const log = (s: string) => console.error(`[bench] ${s}`);

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function firstExisting(...files: string[]): string {
  const f = files.find((x) => existsSync(x));
  if (!f) throw new Error(`none of ${files.join(", ")} exists`);
  return f;
}

async function genericizedBank(): Promise<EngineTemplate[]> {
  const file = firstExisting(path.join(root, "../shared/data/real-queries/queries.jsonl"), path.join(root, "prisma/sample/queries.jsonl"));
  // Keyed by the queries file only, so benches stay comparable while genericize evolves; delete .cache/bench to refresh.
  const key = createHash("sha256").update(`${file}|${statSync(file).size}`).digest("hex").slice(0, 12);
  const cached = path.join(cache, `templates-${key}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, "utf8"));
  const queries = readJsonl<{ id: string; text: string }>(file);
  log(`genericizing ${queries.length} queries on ${threads} threads (cached afterwards)`);
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./bench-genericize-worker.ts", import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => m.register()).then(() => import(${JSON.stringify(entry)}))`;
  const slices = Array.from({ length: threads }, (_, i) => queries.filter((_, j) => j % threads === i));
  const parts = await Promise.all(
    slices.map(
      (s) =>
        new Promise<{ id: string; text: string; variables: TemplateVariable[]; compatibleDocumentDescription: string }[]>((resolve, reject) => {
          const w = new Worker(code, { eval: true, workerData: { queries: s } });
          w.once("message", (m) => {
            resolve(m);
            void w.terminate();
          });
          w.once("error", reject);
        }),
    ),
  );
  const bank = parts.flat().map((t) => ({ ...t, id: `q:${t.id}`, version: 1 }));
  bank.sort((a, b) => (a.id < b.id ? -1 : 1));
  writeFileSync(cached, JSON.stringify(bank));
  return bank;
}

function baseDocuments(): Document[] {
  const file = firstExisting(path.join(root, "../shared/data/nq-wikipedia-passages/documents.jsonl"), path.join(root, "prisma/sample/documents.jsonl"));
  const rows = readJsonl<{ id: string; text: string; title?: string }>(file).filter((d) => d.text);
  if (!values["doc-tokens"]) return rows.map((d) => ({ id: d.id, text: d.text, title: d.title }));
  const target = Number(values["doc-tokens"]);
  const byTitle = new Map<string, typeof rows>();
  for (const d of rows) (byTitle.get(d.title ?? d.id) ?? byTitle.set(d.title ?? d.id, []).get(d.title ?? d.id)!).push(d);
  const docs: Document[] = [];
  let parts: string[] = [];
  let ids: string[] = [];
  let tokens = 0;
  const flush = (title?: string) => {
    if (parts.length) docs.push({ id: ids.join("+"), text: parts.join("\n\n"), title });
    parts = [];
    ids = [];
    tokens = 0;
  };
  for (const group of byTitle.values())
    for (const d of group) {
      const n = countTokens(d.text);
      // A passage that would overshoot a document already half full starts the next one.
      if (tokens >= target / 2 && tokens + n > target * 1.25) flush(group[0].title);
      parts.push(d.text);
      ids.push(d.id);
      tokens += n;
      if (tokens >= target) flush(group[0].title);
    }
  return docs;
}

const base = baseDocuments();
const documents = Array.from({ length: nDocs }, (_, i): Document => {
  const d = base[i % base.length];
  return { ...d, id: `${d.id}#${Math.floor(i / base.length)}` };
});
const sampleStep = Math.max(1, Math.floor(base.length / 500));
const sample = base.filter((_, i) => i % sampleStep === 0);
const meanTokens = sample.reduce((a, d) => a + countTokens(d.text), 0) / sample.length;
const templates = recombine(await genericizedBank(), nTemplates);
log(`${documents.length} documents (${base.length} distinct, ~${meanTokens.toFixed(0)} tokens each), ${templates.length} templates, encoder ${encoder}, ${threads} threads`);

const settings = { ...DEFAULT_SETTINGS, match: { ...DEFAULT_SETTINGS.match, encoder } };
const t0 = performance.now();
const cacheDir = path.join(root, ".cache", "template-index");
// As the CLI does: hubness on the corpus's first documents (one thread, before the workers start).
const pinned = await withHubness({ templates, settings, cacheDir }, documents.slice(0, HUBNESS_SAMPLE));
const hubnessSeconds = (performance.now() - t0) / 1000;
const pool = await createEnginePool({ templates: pinned, settings, threads, cacheDir });
const startupSeconds = (performance.now() - t0) / 1000;
log(`index + ${threads} workers ready in ${startupSeconds.toFixed(1)} s`);
const batch = Number(values.batch);
const batches = Array.from({ length: Math.ceil(documents.length / batch) }, (_, i) => documents.slice(i * batch, (i + 1) * batch));

// Warm-up (lazy NLP lexicons, tokenizer, JIT) on other documents so neither timing below pays for it.
const warm = base.slice(0, 64).map((d) => ({ ...d, id: `warmup:${d.id}` }));
await pool.tokenize(warm);
await pool.processBatch(warm);
log(`warm-up done`);

// Floor: the same documents read and tokenized (Llama-3) on the same threads, nothing else.
const f0 = performance.now();
for (const b of batches) await pool.tokenize(b);
const floorSeconds = (performance.now() - f0) / 1000;

const counters: StageCounters = { documents: 0, matched: 0, instantiated: 0, judged: 0, kept: 0, assembled: 0, rejections: {} };
const stageMs = { match: 0, instantiate: 0, judge: 0, assemble: 0 };
const e0 = performance.now();
let lastLog = e0;
const inFlight: ReturnType<typeof pool.processBatch>[] = [];
const drain = async () => {
  const r = await inFlight.shift()!;
  addCounters(counters, r.counters);
  for (const k of Object.keys(stageMs) as (keyof typeof stageMs)[]) stageMs[k] += r.timingsMs[k];
  if (performance.now() - lastLog > 10_000) {
    lastLog = performance.now();
    log(`${counters.documents} docs, ${(counters.documents / ((lastLog - e0) / 1000)).toFixed(0)} docs/s`);
  }
};
for (const b of batches) {
  inFlight.push(pool.processBatch(b));
  if (inFlight.length >= 2) await drain();
}
while (inFlight.length) await drain();
const seconds = (performance.now() - e0) / 1000;
await pool.close();

const r1 = (x: number) => Math.round(x * 10) / 10;
// A stage's rate is what it would reach alone on all threads: documents / (its summed thread time / threads).
const stages = Object.fromEntries(Object.entries(stageMs).map(([k, ms]) => [k, { docsPerSecond: r1(counters.documents / (ms / 1000 / threads)), secondsPerThread: r1(ms / 1000 / threads) }]));
log(`rejections: ${JSON.stringify(counters.rejections)}`);
console.log(
  JSON.stringify({
    encoder,
    threads,
    documents: counters.documents,
    templates: templates.length,
    meanDocTokens: Math.round(meanTokens),
    endToEnd: { docsPerSecond: r1(counters.documents / seconds), pairsPerSecond: r1(counters.assembled / seconds), seconds: r1(seconds), pairsPerDocument: +(counters.assembled / counters.documents).toFixed(3) },
    stages,
    floorDocsPerSecond: r1(documents.length / floorSeconds),
    startupSeconds: r1(startupSeconds),
    hubnessSeconds: r1(hubnessSeconds),
    counters: { matched: counters.matched, instantiated: counters.instantiated, kept: counters.kept, assembled: counters.assembled },
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
