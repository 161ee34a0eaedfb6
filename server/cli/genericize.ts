// `fistudio genericize --input queries.jsonl --out templates.jsonl`: queries → deduplicated templates.
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import cliProgress from "cli-progress";
import { parseJsonLine } from "./jsonl";
import { genericize } from "../pipeline/genericize";
import { type DedupItem, type MergeRecord, TemplateDeduper } from "../pipeline/dedup";
import { hash32 } from "../pipeline/rng";
import { reviewTags } from "../pipeline/review";
import type { GenericizeRejection, GenericizeResult, TemplateVariable } from "../pipeline/types";

export interface QueryInput {
  id?: string;
  text: string;
  source?: string;
}

export interface GenericizedTemplate {
  id: string;
  text: string;
  variables: TemplateVariable[];
  compatibleDocumentDescription: string;
  variableCount: number;
  sourceQueryId: string;
  source?: string;
  query: string;
  /** Ids of the queries whose templates were merged into this one. */
  mergedQueryIds: string[];
  /** Source queries the template stands for: its own and the merged ones (the matcher's support prior). */
  support: number;
  /** Facet and review tags: its question word (q:what) and the engine's review tags (check:…). */
  tags: string[];
}

export interface GenericizeRejectionRow {
  queryId: string;
  reason: GenericizeRejection;
  detail: string;
}

export interface GenericizeManyResult {
  templates: GenericizedTemplate[];
  rejections: GenericizeRejectionRow[];
  merges: MergeRecord[];
  /** The kept template id for each query that gave one (merged queries point at the kept template). */
  templateOfQuery: Map<string, string>;
}

const QWORDS = new Set(["what", "how", "when", "who", "where", "which", "why", "is", "are", "can", "does", "do", "did", "was", "were", "should", "will", "could", "name"]);

/** Tags a template for faceting and review: its question word (q:what) and the engine's review tags (check:…, see pipeline/review.ts). */
function templateTags(text: string, variables: TemplateVariable[]): string[] {
  const first = text.replace(/<fi>[\s\S]*?<\/fi>/g, " x ").trim().split(/[^A-Za-z']+/)[0]?.toLowerCase() ?? "";
  return [...reviewTags(variables), QWORDS.has(first) ? `q:${first}` : "q:other"].sort();
}

export function queryId(q: QueryInput, i: number): string {
  return q.id ?? `q${i}-${hash32(q.text).toString(16)}`;
}

/** A genericizer: the built-in one, or a model server's (pipelineStages().genericize). */
export type GenericizeFn = (query: string) => Promise<GenericizeResult>;

/** The model's genericizer when FISTUDIO_MODEL_* enables that stage, else undefined (the built-in one is used). */
export async function genericizerFromEnv(): Promise<{ fn: GenericizeFn; label: string } | undefined> {
  const { modelBackendSettingsFromEnv } = await import("../pipeline/model/backend");
  const s = modelBackendSettingsFromEnv();
  if (s?.stages.genericize === undefined) return undefined;
  const { checkedPipelineStages } = await import("../pipeline/model/pipeline-stages");
  const stages = await checkedPipelineStages(s, ["genericize"]);
  return { fn: (q) => stages.genericize(q), label: stages.engines.genericize };
}

/**
 * Genericizes many queries, deduplicates the templates, and reports rejections and merges. Queries go in chunks (a
 * model server gets a chunk's requests at once, its client bounding concurrency), with progress after each chunk.
 */
export async function genericizeMany(
  queries: QueryInput[],
  opts: {
    onProgress?: (done: number, total: number) => void;
    genericize?: GenericizeFn;
    /** Checks the new templates against a bank kept so far (earlier batches, stored templates); default: a fresh one. */
    deduper?: TemplateDeduper<DedupItem>;
  } = {},
): Promise<GenericizeManyResult> {
  const made: GenericizedTemplate[] = [];
  const rejections: GenericizeRejectionRow[] = [];
  const run = opts.genericize ?? (async (q: string) => genericize(q));
  const CHUNK = 50;
  for (let start = 0; start < queries.length; start += CHUNK) {
    const chunk = queries.slice(start, start + CHUNK);
    const results = await Promise.all(chunk.map((q) => run(q.text ?? "")));
    results.forEach((r, k) => {
      const q = chunk[k];
      const id = queryId(q, start + k);
      if (!r.ok) rejections.push({ queryId: id, reason: r.reason, detail: r.detail });
      else
        made.push({
          id: `tpl-${id}`,
          text: r.template,
          variables: r.variables,
          compatibleDocumentDescription: r.compatibleDocumentDescription,
          variableCount: r.variables.length,
          sourceQueryId: id,
          source: q.source,
          query: q.text,
          mergedQueryIds: [],
          support: 1,
          tags: templateTags(r.template, r.variables),
        });
    });
    opts.onProgress?.(Math.min(queries.length, start + CHUNK), queries.length);
  }
  const deduper = opts.deduper ?? new TemplateDeduper<DedupItem>();
  const kept: GenericizedTemplate[] = [];
  const merged: MergeRecord[] = [];
  for (const t of made) {
    const m = deduper.add(t);
    if (m) merged.push(m);
    else kept.push(t);
  }
  for (const t of kept) t.support = deduper.support.get(t.id)!;
  const byId = new Map(kept.map((t) => [t.id, t]));
  const madeById = new Map(made.map((t) => [t.id, t]));
  const templateOfQuery = new Map<string, string>(kept.map((t) => [t.sourceQueryId, t.id]));
  for (const m of merged) {
    const src = madeById.get(m.id)!;
    byId.get(m.into)?.mergedQueryIds.push(src.sourceQueryId);
    templateOfQuery.set(src.sourceQueryId, m.into);
    rejections.push({ queryId: src.sourceQueryId, reason: "duplicate", detail: `${m.reason} of ${m.into} (similarity ${m.similarity})` });
  }
  return { templates: kept, rejections, merges: merged, templateOfQuery };
}

export async function readJsonl<T>(file: string): Promise<T[]> {
  const out: T[] = [];
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) if ((n++, line.trim())) out.push(parseJsonLine(line, file, n) as T);
  return out;
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

const HELP = `usage: fistudio genericize --input QUERIES.jsonl --out TEMPLATES.jsonl [--rejections FILE.jsonl]
  QUERIES.jsonl: one {"text", "id"?, "source"?} per line. Writes one template per line and prints a summary.
  Without a file (or with --db): genericizes the queries in the studio's database (fistudio genericize --db --help).`;

export async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(HELP);
    return 0;
  }
  const positional = argv.filter((a, i) => !a.startsWith("--") && !(i > 0 && argv[i - 1].startsWith("--")));
  const input = arg(argv, "--input") ?? positional[0];
  const out = arg(argv, "--out");
  if (!input || !out) {
    console.error(HELP);
    return 1;
  }
  const queries = (await readJsonl<QueryInput>(input)).filter((q) => typeof q.text === "string");
  const bar = new cliProgress.SingleBar({ format: "genericize [{bar}] {percentage}% | {value}/{total} queries | {eta_formatted} left" }, cliProgress.Presets.shades_classic);
  bar.start(queries.length, 0);
  const model = await genericizerFromEnv();
  const t0 = performance.now();
  const res = await genericizeMany(queries, { onProgress: (done) => bar.update(done), genericize: model?.fn });
  bar.stop();
  if (model) console.log(`genericizer: ${model.label}`);
  const w = createWriteStream(out);
  for (const t of res.templates) w.write(JSON.stringify(t) + "\n");
  await new Promise<void>((r) => w.end(r));
  const rejFile = arg(argv, "--rejections");
  if (rejFile) {
    const rw = createWriteStream(rejFile);
    for (const r of res.rejections) rw.write(JSON.stringify(r) + "\n");
    await new Promise<void>((r) => rw.end(r));
  }
  console.log(summarize(queries.length, res, performance.now() - t0));
  return 0;
}

export function summarize(total: number, res: GenericizeManyResult, ms: number): string {
  const byReason: Record<string, number> = {};
  for (const r of res.rejections) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
  const gave = total - Object.entries(byReason).reduce((s, [k, n]) => s + (k === "duplicate" ? 0 : n), 0);
  const vars = res.templates.reduce((s, t) => s + t.variableCount, 0);
  const lines = [
    `queries: ${total}, gave a template: ${gave} (coverage ${(gave / Math.max(1, total)).toFixed(3)})`,
    `templates kept: ${res.templates.length}, merged: ${res.merges.length} (${countBy(res.merges.map((m) => m.reason))})`,
    `mean variables per template: ${(vars / Math.max(1, res.templates.length)).toFixed(2)}`,
    `rejections: ${Object.entries(byReason).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}`,
    `time: ${(ms / 1000).toFixed(1)} s (${((total / ms) * 1000).toFixed(0)} queries/s)`,
  ];
  return lines.join("\n");
}

function countBy(xs: string[]): string {
  const m: Record<string, number> = {};
  for (const x of xs) m[x] = (m[x] ?? 0) + 1;
  return Object.entries(m).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
}
