// Samples of a corpus's browsable documents, and the templates' hubness estimated on one: shared by the forecast, the
// tune preview, run launch and the studio's match views, so that they all rank with the same estimate.
import { loadConfig } from "../config";
import { getPrisma } from "../db/client";
import { templateSetHash } from "../pipeline/ann-index";
import { withHubness } from "../pipeline/engine";
import { globalWeightOf } from "../pipeline/defaults";
import { HUBNESS_SAMPLE } from "../pipeline/hubness";
import { modelBackendSettingsFromEnv } from "../pipeline/model/backend";
import type { Document, EngineSettings, EngineTemplate } from "../pipeline/types";

/** Documents spread over the corpus's browsable sample by row position (deterministic). */
export async function sampleDocuments(corpusId: number, n: number): Promise<Document[]> {
  const prisma = getPrisma();
  const total = await prisma.document.count({ where: { corpusId } });
  if (!total) return [];
  const step = Math.max(1, Math.floor(total / n));
  // Every step-th row in row order, read in the database: the corpus's texts are never all loaded to pick a few.
  const rows = await prisma.$queryRaw<{ externalId: string; text: string; title: string | null }[]>`
    SELECT d."externalId", d.text, d.title
    FROM (SELECT id, row_number() OVER (ORDER BY "rowIndex", id) - 1 AS pos FROM "Document" WHERE "corpusId" = ${corpusId}) p
    JOIN "Document" d ON d.id = p.id
    WHERE p.pos % ${step} = 0 ORDER BY p.pos LIMIT ${n}`;
  return rows.map((d) => ({ id: d.externalId, text: d.text, title: d.title || undefined }));
}

// Hubness per corpus, template set and encoder: the tune preview reruns on every knob and should not re-estimate it.
const hubnessCache = new Map<string, Map<string, number>>();

/**
 * The templates with their hubness estimated on up to HUBNESS_SAMPLE of the corpus's browsable documents: one estimate
 * for the tune preview, the forecast and the run launched after them.
 */
export async function templatesWithHubness(corpusId: number, templates: EngineTemplate[], settings: EngineSettings): Promise<EngineTemplate[]> {
  // Everything the estimate reads: the views, how their scores mix, the encoder.
  const m = settings.match;
  const key = `${corpusId}:${templateSetHash(templates)}:${m.encoder}:${m.localViews}:${m.sigma}:${globalWeightOf(m)}`;
  let hubness = hubnessCache.get(key);
  if (!hubness) {
    const estimated = await withHubness({ templates, settings, cacheDir: loadConfig().cacheDir, model: modelBackendSettingsFromEnv() }, await sampleDocuments(corpusId, HUBNESS_SAMPLE));
    if (estimated === templates) return templates;
    hubness = new Map(estimated.map((t) => [t.id, t.hubness ?? 0]));
    if (hubnessCache.size > 20) hubnessCache.clear();
    hubnessCache.set(key, hubness);
  }
  return templates.map((t) => ({ ...t, hubness: hubness.get(t.id) ?? 0 }));
}
