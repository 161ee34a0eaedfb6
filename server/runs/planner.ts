// The planner: template selection (versions pinned at launch), settings, shards of corpus rows.
import type { ModelBackendSettings } from "../pipeline/model/backend";
import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { getPrisma } from "../db/client";
import { templateSetHash } from "../pipeline/ann-index";
import { DEFAULT_SETTINGS } from "../pipeline/defaults";
import type { EngineSettings, EngineTemplate, TemplateVariable } from "../pipeline/types";
import { writeFileAtomic } from "./output";

export { templateFilterSchema, runInputSchema } from "./schema";
export type { TemplateFilter, RunInput, RunInputParsed } from "./schema";
import type { TemplateFilter, RunInputParsed } from "./schema";

/** Everything a worker needs, frozen at launch (Run.config). */
export interface RunConfig {
  version: 1;
  name: string;
  corpus: { id: number; name: string; license: string; description: string; files: { path: string; format: string; rowCount: number; sizeBytes: number }[]; rows: number; fromFiles: boolean };
  templateFilter: TemplateFilter;
  templateCount: number;
  templateSetHash: string;
  /** Pinned template versions, one JSON object per line (EngineTemplate). */
  templatesFile: string;
  preset: { id: number; name: string; version: number } | null;
  settings: EngineSettings;
  seed: number;
  documentLimit: number | null;
  documents: number;
  pairsPerDocument: number;
  judgeThreshold: number;
  usageCap: number;
  sampleRate: number;
  shardSize: number;
  shardCount: number;
  batchSize: number;
  maxAttempts: number;
  heartbeatTtlSec: number;
  outputDir: string;
  /** The model server for instantiate/judge, from FISTUDIO_MODEL_* at creation (without the API key); absent: built-in. */
  model?: Omit<ModelBackendSettings, "apiKey">;
}

export interface ShardPlan {
  index: number;
  rowStart: number;
  rowEnd: number;
}

/** Default shard size: small corpora get ~8 shards (parallelism), large ones 2,000 rows (bounded memory, cheap retries). */
export function defaultShardSize(rows: number): number {
  return Math.max(100, Math.min(2000, Math.ceil(rows / 8)));
}

export function planShards(rows: number, shardSize: number): ShardPlan[] {
  const shards: ShardPlan[] = [];
  for (let s = 0, i = 0; s < rows; s += shardSize, i++) shards.push({ index: i, rowStart: s, rowEnd: Math.min(rows, s + shardSize) });
  return shards;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** Deep-merge partial settings over a base (objects merge, everything else replaces). */
export function mergeSettings(base: EngineSettings, ...overrides: unknown[]): EngineSettings {
  const merge = (a: unknown, b: unknown): unknown => {
    if (!isObj(a) || !isObj(b)) return b === undefined ? a : b;
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
    return out;
  };
  return overrides.reduce<unknown>((acc, o) => (o ? merge(acc, o) : acc), structuredClone(base)) as EngineSettings;
}

/** Resolve the engine settings of a run: defaults ← preset ← explicit settings ← the form's shortcuts. */
/** A saved preset: its identity (runs pin it) and its settings (partial settings over the defaults). */
export async function loadPreset(id: number): Promise<{ preset: NonNullable<RunConfig["preset"]>; settings: unknown }> {
  const p = await getPrisma().preset.findUnique({ where: { id }, select: { id: true, name: true, version: true, settings: true } });
  if (!p) throw new Error(`Preset ${id} not found`);
  return { preset: { id: p.id, name: p.name, version: p.version }, settings: p.settings };
}

export async function resolveSettings(input: RunInputParsed): Promise<{ settings: EngineSettings; preset: RunConfig["preset"] }> {
  const loaded = input.presetId !== undefined ? await loadPreset(input.presetId) : null;
  const preset = loaded?.preset ?? null;
  const settings = mergeSettings(DEFAULT_SETTINGS, loaded?.settings, input.settings, {
    seed: input.seed,
    match: {
      ...(input.pairsPerDocument ? { topN: input.pairsPerDocument } : {}),
      ...(input.usageCap ? { usageCap: input.usageCap } : {}),
    },
    judge: input.judgeThreshold ? { threshold: input.judgeThreshold } : undefined,
  });
  return { settings, preset };
}

function toVariables(v: unknown): TemplateVariable[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((x): x is Record<string, unknown> => isObj(x) && typeof x.description === "string")
    .map((x) => ({ description: String(x.description), type: (typeof x.type === "string" ? x.type : "concept") as TemplateVariable["type"] }));
}

/** Select templates by the filter, current versions, ordered by id (deterministic). Pages through the bank by id. */
export async function selectTemplates(filter: TemplateFilter): Promise<EngineTemplate[]> {
  const prisma = getPrisma();
  const where = {
    ...(filter.status === "any" ? {} : { status: filter.status }),
    ...(filter.sources?.length ? { sourceName: { in: filter.sources } } : {}),
    ...(filter.tags?.length ? { tags: { hasSome: filter.tags } } : {}),
    ...(filter.ids?.length ? { id: { in: filter.ids } } : {}),
    ...(filter.search ? { text: { contains: filter.search, mode: "insensitive" as const } } : {}),
    ...(filter.minVariables !== undefined || filter.maxVariables !== undefined
      ? { variableCount: { ...(filter.minVariables !== undefined ? { gte: filter.minVariables } : {}), ...(filter.maxVariables !== undefined ? { lte: filter.maxVariables } : {}) } }
      : {}),
  };
  const out: EngineTemplate[] = [];
  let cursor: string | undefined;
  const page = 10_000;
  for (;;) {
    const take = filter.limit ? Math.min(page, filter.limit - out.length) : page;
    if (take <= 0) break;
    const rows = await prisma.template.findMany({
      where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
      orderBy: { id: "asc" },
      take,
      select: { id: true, currentVersion: true, text: true, description: true, variables: true, support: true },
    });
    for (const r of rows)
      out.push({ id: r.id, version: r.currentVersion, text: r.text, variables: toVariables(r.variables), compatibleDocumentDescription: r.description, support: r.support });
    if (rows.length < take) break;
    cursor = rows[rows.length - 1].id;
  }
  return out;
}

export { templateSetHash };

/** Write the pinned templates as JSONL (temp + rename). */
export async function writeTemplatesFile(dir: string, templates: EngineTemplate[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, "templates.jsonl");
  await writeFileAtomic(path, templates.map((t) => JSON.stringify(t)).join("\n") + (templates.length ? "\n" : ""));
  return path;
}

export async function readTemplatesFile(path: string): Promise<EngineTemplate[]> {
  const out: EngineTemplate[] = [];
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim()) out.push(JSON.parse(line) as EngineTemplate);
  return out;
}
