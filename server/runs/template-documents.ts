// The documents a template matches: candidates by full-text search over the stored documents on the template's words
// (topped up with the corpus's first documents), then the engine's own matcher on each (score, view, eligible or why not, rank among the document's templates), and
// the pair the template makes on the best of them.
import { getPrisma } from "../db/client";
import { templateSideText } from "../pipeline/ann-index";
import { DEFAULT_SETTINGS, withCalibratedThreshold } from "../pipeline/defaults";
import type { TemplateProbe } from "../pipeline/match";
import { STOPWORDS } from "../pipeline/spans";
import { activeEngine } from "./active-engine";
import { locateExcerpts } from "./execute";
import { loadPreset, mergeSettings, selectTemplates } from "./planner";
import { RunError } from "./service";

export interface TemplateDocument extends TemplateProbe {
  /** Document.id (corpus-scoped), for links. */
  id: string;
  corpusId: number;
  externalId: string;
  title: string;
  /** The pair the template makes on the document's best view. */
  instruction: string | null;
  answer: string | null;
  /** Why the template does not instantiate there. */
  failure: string | null;
  judgeScore: number | null;
  excerpts: { start: number; end: number }[];
}

export interface TemplateDocuments {
  templateId: string;
  version: number;
  engine: string;
  /** Templates in the bank the documents were matched against (the active ones, plus this one). */
  bank: number;
  /** Documents the full-text search proposed (topped up with the corpus's first ones) and the matcher scored. */
  candidates: number;
  /** Of those, documents where the template is eligible. */
  eligible: number;
  documents: TemplateDocument[];
}

export interface TemplateDocumentsInput {
  id: string;
  corpusId?: number;
  presetId?: number;
  /** Documents returned (eligible first, then by rank and score). */
  limit?: number;
  /** Documents the full-text search proposes. */
  candidates?: number;
}

/** The template's words as an OR full-text query ("who | play | character | film"), or null when it has none. */
export function templateSearchQuery(sideText: string): string | null {
  const words = [...new Set(sideText.toLowerCase().match(/[a-z][a-z0-9]{2,}/g) ?? [])].filter((w) => !STOPWORDS.has(w));
  return words.length ? words.slice(0, 40).join(" | ") : null;
}

export async function templateDocuments(input: TemplateDocumentsInput): Promise<TemplateDocuments> {
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  const [template] = await selectTemplates({ status: "any", ids: [input.id] });
  if (!template) throw new RunError(`template ${input.id} not found`);
  const settings = withCalibratedThreshold(mergeSettings(DEFAULT_SETTINGS, input.presetId !== undefined ? (await loadPreset(input.presetId)).settings : null));
  const corpus = input.corpusId ?? null;
  const { engine, templates } = await activeEngine(settings, [template], corpus);
  const query = templateSearchQuery(templateSideText(template));
  const take = Math.min(Math.max(input.candidates ?? 300, limit), 2000);
  const found = query
    ? await getPrisma().$queryRaw<{ id: string; corpusId: number; externalId: string; title: string; text: string }[]>`
        SELECT d.id, d."corpusId", d."externalId", d.title, d.text
        FROM "Document" d, to_tsquery('english', ${query}) q
        WHERE d.search @@ q AND (${corpus}::int IS NULL OR d."corpusId" = ${corpus}::int)
        ORDER BY ts_rank(d.search, q) DESC, d.id
        LIMIT ${take}`
    : [];
  // The matcher also meets documents through kind terms and question words, with no word of the template in them:
  // below `take`, the corpus's first documents are candidates too.
  const rest =
    found.length < take
      ? await getPrisma().document.findMany({
          where: { ...(corpus !== null ? { corpusId: corpus } : {}), id: { notIn: found.map((r) => r.id) } },
          select: { id: true, corpusId: true, externalId: true, title: true, text: true },
          orderBy: [{ corpusId: "asc" }, { rowIndex: "asc" }],
          take: take - found.length,
        })
      : [];
  const rows = [...found, ...rest];
  const probes = await engine.probe(
    template.id,
    rows.map((r) => ({ id: r.externalId, text: r.text, title: r.title || undefined })),
  );
  const order = rows
    .map((r, i) => ({ r, p: probes[i] }))
    .sort((a, b) => Number(b.p.eligible) - Number(a.p.eligible) || a.p.rank - b.p.rank || b.p.score - a.p.score || (a.r.id < b.r.id ? -1 : 1))
    .slice(0, limit);
  const documents: TemplateDocument[] = [];
  for (const { r, p } of order) {
    const { instantiated, judge } = await engine.pair(template.id, { id: r.externalId, text: r.text, title: r.title || undefined }, p.viewK);
    documents.push({
      ...p,
      id: r.id,
      corpusId: r.corpusId,
      externalId: r.externalId,
      title: r.title,
      instruction: instantiated.ok ? instantiated.instruction : null,
      answer: instantiated.ok ? instantiated.answer : null,
      failure: instantiated.ok ? null : `${instantiated.reason}${instantiated.detail ? `: ${instantiated.detail}` : ""}`,
      judgeScore: judge?.score ?? null,
      excerpts: instantiated.ok ? locateExcerpts(r.text, instantiated.answer) : [],
    });
  }
  return {
    templateId: template.id,
    version: template.version,
    engine: engine.id,
    bank: templates.size,
    candidates: rows.length,
    eligible: probes.filter((p) => p.eligible).length,
    documents,
  };
}
