// A document's views and the templates each view matched, with what became of each match (written, or dropped at
// which stage and why): the engine on one document with the active bank and the default settings (or a preset).
import { getDocument } from "../browse/documents";
import { DEFAULT_SETTINGS, withCalibratedThreshold } from "../pipeline/defaults";
import type { EngineSettings, View } from "../pipeline/types";
import { computeViews } from "../pipeline/views";
import { activeEngine } from "./active-engine";
import { loadPreset, mergeSettings } from "./planner";
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

export async function documentMatches(documentId: string, presetId?: number): Promise<DocumentMatches | null> {
  const doc = await getDocument(documentId);
  if (!doc) return null;
  const settings = withCalibratedThreshold(mergeSettings(DEFAULT_SETTINGS, presetId !== undefined ? (await loadPreset(presetId)).settings : null));
  const { engine, templates } = await activeEngine(settings, [], doc.corpusId);
  const res = await engine.processBatch([{ id: doc.externalId, text: doc.text, title: doc.title ?? undefined }], new Map(), { carry: 0 });
  const written: DocumentMatch[] = res.rows.map((r) => ({
    templateId: r.template_id,
    templateText: templates.get(r.template_id)?.text ?? "",
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
    templateText: templates.get(r.templateId)?.text ?? "",
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
    templates: templates.size,
    matches: [...written, ...dropped].sort((a, b) => a.viewK - b.viewK || b.matchScore - a.matchScore),
    dropped: matcher,
  };
}
