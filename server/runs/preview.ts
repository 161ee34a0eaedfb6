// The tune preview: candidate settings on a sample of a corpus, with what the Tune screen shows (the pairs and their
// judge reasons, yield, score and complexity histograms, rejection reasons), and presets saved from it.
import { getPrisma } from "../db/client";
import { DEFAULT_SETTINGS, withCalibratedThreshold } from "../pipeline/defaults";
import type { EngineSettings, JudgeResult } from "../pipeline/types";
import { engineOnSample } from "./forecast";
import { mergeSettings, resolveSettings } from "./planner";
import { previewInputSchema, runInputSchema, savePresetSchema, type PreviewInput, type SavePresetInput } from "./schema";

export interface PreviewPair {
  documentId: string;
  documentTitle: string | null;
  templateId: string;
  templateText: string;
  instruction: string;
  answer: string;
  judgeScore: number;
  judgeReasons: JudgeResult["reasons"];
  viewK: number;
  matchScore: number;
  excerptRatio: number;
  variableCount: number;
  tokens: number;
}

export interface Preview {
  /** The settings the engine ran with, the encoder's calibrated threshold filled in. */
  settings: EngineSettings;
  engine: string;
  settingsHash: string;
  sampleDocuments: number;
  templates: number;
  docsPerSecond: number;
  indexMs: number;
  counters: { documents: number; matched: number; instantiated: number; judged: number; kept: number; assembled: number };
  keepRate: number;
  pairsPerDocument: number;
  tokensPerDocument: number;
  documentsWithPairs: number;
  /** Judge score → pairs: every judged pair, and those written after the token budget. */
  judgeScores: { all: Record<string, number>; kept: Record<string, number> };
  /** Variable count → written pairs. */
  complexity: Record<string, number>;
  rejections: { reason: string; count: number }[];
  pairs: PreviewPair[];
}

const bump = (m: Record<string, number>, k: number | string) => (m[k] = (m[k] ?? 0) + 1);

export async function previewSettings(raw: PreviewInput): Promise<Preview> {
  const input = previewInputSchema.parse(raw);
  const { settings } = await resolveSettings(runInputSchema.parse(input));
  const resolved = withCalibratedThreshold(settings);
  const { docs, templates, engine, result, indexMs, docsPerSecond } = await engineOnSample(input.corpusId, input.templateFilter, resolved, input.sampleSize);
  const title = new Map(docs.map((d) => [d.id, d.title ?? null]));
  const text = new Map(templates.map((t) => [t.id, t.text]));
  const all: Record<string, number> = {};
  const kept: Record<string, number> = {};
  const complexity: Record<string, number> = {};
  for (const r of result.rows) {
    bump(all, r.judge_score);
    bump(kept, r.judge_score);
    bump(complexity, r.variable_count);
  }
  for (const r of result.rejected) if (r.judgeScore !== undefined) bump(all, r.judgeScore);
  const c = result.counters;
  return {
    settings: resolved,
    engine: engine.id,
    settingsHash: engine.settingsHash,
    sampleDocuments: docs.length,
    templates: templates.length,
    docsPerSecond,
    indexMs,
    counters: { documents: c.documents, matched: c.matched, instantiated: c.instantiated, judged: c.judged, kept: c.kept, assembled: c.assembled },
    keepRate: c.judged ? c.kept / c.judged : 0,
    pairsPerDocument: result.rows.length / docs.length,
    tokensPerDocument: result.rows.reduce((n, r) => n + r.synthetic_token_count, 0) / docs.length,
    documentsWithPairs: new Set(result.rows.map((r) => r.warc_record_id)).size,
    judgeScores: { all, kept },
    complexity,
    rejections: Object.entries(c.rejections)
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    pairs: result.rows.map((r) => ({
      documentId: r.warc_record_id,
      documentTitle: title.get(r.warc_record_id) ?? null,
      templateId: r.template_id,
      templateText: text.get(r.template_id) ?? "",
      instruction: r.instantiated_instruction,
      answer: r.answer,
      judgeScore: r.judge_score,
      judgeReasons: JSON.parse(r.judge_reasons) as JudgeResult["reasons"],
      viewK: r.view_k,
      matchScore: r.match_score,
      excerptRatio: r.excerpt_ratio,
      variableCount: r.variable_count,
      tokens: r.synthetic_token_count,
    })),
  };
}

/** Saves settings as the next version of the named preset (versions are never overwritten: runs pin them). */
export async function savePreset(raw: SavePresetInput): Promise<{ id: number; name: string; version: number }> {
  const input = savePresetSchema.parse(raw);
  const settings = mergeSettings(DEFAULT_SETTINGS, input.settings);
  const prisma = getPrisma();
  return prisma.$transaction(async (tx) => {
    const last = await tx.preset.findFirst({ where: { name: input.name }, orderBy: { version: "desc" }, select: { version: true } });
    return tx.preset.create({
      data: { name: input.name, version: (last?.version ?? 0) + 1, settings: settings as object, note: input.note },
      select: { id: true, name: true, version: true },
    });
  });
}

export async function listPresets() {
  return getPrisma().preset.findMany({
    orderBy: [{ name: "asc" }, { version: "desc" }],
    select: { id: true, name: true, version: true, note: true, settings: true, createdAt: true },
  });
}
