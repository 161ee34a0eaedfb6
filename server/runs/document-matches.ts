// A document's views and the templates each view matched, with what became of each match (written, or dropped at
// which stage and why): the engine on one document with the active bank and the default settings (or a preset).
import { getDocument } from "../browse/documents";
import { loadConfig } from "../config";
import { DEFAULT_SETTINGS, withCalibratedThreshold } from "../pipeline/defaults";
import { createEngine, type Engine } from "../pipeline/engine";
import { modelBackendSettingsFromEnv } from "../pipeline/model/backend";
import type { EngineSettings, View } from "../pipeline/types";
import { hash32 } from "../pipeline/rng";
import { computeViews } from "../pipeline/views";
import { loadPreset, mergeSettings, selectTemplates } from "./planner";
import { locateExcerpts } from "./execute";

export interface DocumentMatch {
  templateId: string;
  templateText: string;
  viewK: number;
  matchScore: number;
  /** "written", or the stage that dropped it. */
  outcome: "written" | "instantiate" | "judge" | "assemble";
  reason: string | null;
  instruction: string | null;
  answer: string | null;
  judgeScore: number | null;
  /** Where the written answer's excerpts sit in the document. */
  excerpts: { start: number; end: number }[];
}

export interface DocumentMatches {
  views: View[];
  settings: EngineSettings;
  engine: string;
  templates: number;
  matches: DocumentMatch[];
  /** Candidates the matcher dropped before instantiation, by reason (below-threshold, incompatible, capped, …). */
  dropped: Record<string, number>;
}

// One engine per (template versions, settings) in this process: the page asks for many documents in a row.
let cached: { key: string; engine: Engine; text: Map<string, string> } | null = null;

export async function documentMatches(documentId: string, presetId?: number): Promise<DocumentMatches | null> {
  const doc = await getDocument(documentId);
  if (!doc) return null;
  const settings = withCalibratedThreshold(mergeSettings(DEFAULT_SETTINGS, presetId !== undefined ? (await loadPreset(presetId)).settings : null));
  const templates = await selectTemplates({ status: "active" });
  if (!templates.length) throw new Error("No active template to match: import or genericize queries first");
  // Pinned versions, not just ids: an edited template makes a new version, so the engine is rebuilt.
  const key = `${hash32(templates.map((t) => `${t.id}@${t.version}`).join("\n"))}|${templates.length}|${JSON.stringify(settings)}`;
  if (cached?.key !== key) {
    const engine = await createEngine({ templates, settings, cacheDir: loadConfig().cacheDir, model: modelBackendSettingsFromEnv() });
    cached = { key, engine, text: new Map(templates.map((t) => [t.id, t.text])) };
  }
  const { engine, text } = cached;
  const res = await engine.processBatch([{ id: doc.externalId, text: doc.text, title: doc.title ?? undefined }], new Map(), { carry: 0 });
  const written: DocumentMatch[] = res.rows.map((r) => ({
    templateId: r.template_id,
    templateText: text.get(r.template_id) ?? "",
    viewK: r.view_k,
    matchScore: r.match_score,
    outcome: "written",
    reason: null,
    instruction: r.instantiated_instruction,
    answer: r.answer,
    judgeScore: r.judge_score,
    excerpts: locateExcerpts(doc.text, r.answer),
  }));
  const dropped: DocumentMatch[] = res.rejected.map((r) => ({
    templateId: r.templateId,
    templateText: text.get(r.templateId) ?? "",
    viewK: r.viewK,
    matchScore: r.matchScore,
    outcome: r.stage,
    reason: r.detail ? `${r.reason}: ${r.detail}` : r.reason,
    instruction: null,
    answer: null,
    judgeScore: r.judgeScore ?? null,
    excerpts: [],
  }));
  const matcher: Record<string, number> = {};
  for (const [k, n] of Object.entries(res.counters.rejections)) if (k.startsWith("match:")) matcher[k.slice(6)] = n;
  return {
    views: computeViews(doc.text.length, settings.match.localViews, settings.match.sigma),
    settings,
    engine: engine.id,
    templates: templates.length,
    matches: [...written, ...dropped].sort((a, b) => a.viewK - b.viewK || b.matchScore - a.matchScore),
    dropped: matcher,
  };
}
