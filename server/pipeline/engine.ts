// The engine: documents → output rows through match → instantiate → judge → assemble.
//
//   const engine = await createEngine({ templates, settings, cacheDir });   // opens (or builds and caches) the index
//   const usage = new Map<string, number>();   // template id → matches; the caller owns it (per shard quota)
//   const budget = { carry: 0 };               // token budget rolled over between documents; keep it across batches
//   const { rows, counters, rejected, timingsMs } = await engine.processBatch(docs, usage, budget);
//
// Output depends only on the seed, the documents and their order (each document draws from documentRng(seed, id));
// splitting the same documents into different batches gives the same rows. engine.id and engine.settingsHash go on
// every row. parallel.ts runs one engine per core.
//
// With `model` set (FISTUDIO_MODEL_*, see docs/model-backend.md) instantiate and judge run on an OpenAI-compatible
// server for the stages it enables; a document's matches go out together and the client bounds the load.
import { createHash } from "node:crypto";
import { openTemplateIndex, type TemplateIndex } from "./ann-index";
import { assembleDocument, type PairCandidate } from "./assemble";
import { hubPenaltyOf, withCalibratedThreshold } from "./defaults";
import { estimateHubness, HUBNESS_SAMPLE } from "./hubness";
import { createModelBackend, type ModelBackendSettings } from "./model/backend";
import type { Encoder } from "./encoders/types";
import { checkedPipelineStages } from "./model/pipeline-stages";
import { complexityWeights, encodeDocuments, matchDocument, probeTemplate, type TemplateProbe } from "./match";
import { documentSpans } from "./spans";
import { documentRng } from "./rng";
import { computeViews } from "./views";
import { countTokens } from "./tokens";
import type { Document, EngineSettings, EngineTemplate, InstantiateResult, JudgeResult, OutputRow, StageCounters } from "./types";

export const ENGINE_VERSION = "builtin-0.1";

export interface EngineOptions {
  templates: EngineTemplate[];
  settings: EngineSettings;
  /** Directory for the cached template index; omit to keep it in memory only. */
  cacheDir?: string;
  /** Model server for instantiate/judge; omit for the built-in stages. Plain data, so it crosses to worker threads. */
  model?: ModelBackendSettings;
}

export type Stage = "match" | "instantiate" | "judge" | "assemble";

/** A pair that did not make it into the output, and why. */
export interface RejectedPair {
  documentId: string;
  templateId: string;
  viewK: number;
  matchScore: number;
  stage: Exclude<Stage, "match">;
  reason: string;
  detail?: string;
  judgeScore?: number;
}

export interface BatchResult {
  rows: OutputRow[];
  counters: StageCounters;
  rejected: RejectedPair[];
  /** Wall time spent in each stage for this batch (ms). */
  timingsMs: Record<Stage, number>;
}

export interface Engine {
  /** e.g. "builtin-0.1/lexical" */
  readonly id: string;
  readonly settingsHash: string;
  readonly settings: EngineSettings;
  readonly index: TemplateIndex;
  processBatch(docs: Document[], usage: Map<string, number>, budget: { carry: number }): Promise<BatchResult>;
  /** How the matcher sees one template of the bank on each document (see probeTemplate). */
  probe(templateId: string, docs: Document[]): Promise<TemplateProbe[]>;
  /** The pair one template of the bank makes on one view of a document, and its verdict. */
  pair(templateId: string, doc: Document, viewK: number): Promise<TemplatePair>;
}

export interface TemplatePair {
  instantiated: InstantiateResult;
  /** Only when instantiated. */
  judge: JudgeResult | null;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

/** Model-backed stages that change this engine's output: embeddings only where the encoder has a dense part. */
function modelStages(settings: EngineSettings, model?: ModelBackendSettings): ("embeddings" | "instantiate" | "judge")[] {
  if (!model) return [];
  const stages = (["instantiate", "judge"] as const).filter((s) => model.stages[s] !== undefined);
  return settings.match.encoder !== "lexical" && model.stages.embeddings !== undefined ? ["embeddings", ...stages] : stages;
}

/** The model each model-backed stage uses, e.g. "embeddings=bge-m3,instantiate=fi-instantiator,judge=fi-judge"; "" when none. */
function modelStagesLabel(settings: EngineSettings, model?: ModelBackendSettings): string {
  return modelStages(settings, model)
    .map((s) => `${s}=${model!.stages[s] || model!.model}`)
    .join(",");
}

/**
 * Hash of the settings with the encoder's threshold resolved, so a change of calibrated default changes the hash.
 * Model-backed stages add their models and prompt format (not the server address or key: they do not change output).
 */
export function settingsHash(settings: EngineSettings, model?: ModelBackendSettings): string {
  const resolved = withCalibratedThreshold(settings);
  const models = modelStagesLabel(settings, model);
  const modelPart = models ? `|${models}|${model!.promptStyle ?? "paper"}|${model!.api ?? "chat"}` : "";
  return createHash("sha256").update(`${ENGINE_VERSION}|${canonical(resolved)}${modelPart}`).digest("hex").slice(0, 12);
}

/** e.g. "builtin-0.1/lexical", or "builtin-0.1/dense+model(embeddings=bge-m3,instantiate=fi-instantiator,judge=fi-judge)". */
export function engineId(settings: EngineSettings, model?: ModelBackendSettings): string {
  const models = modelStagesLabel(settings, model);
  return `${ENGINE_VERSION}/${settings.match.encoder}${models ? `+model(${models})` : ""}`;
}

/** The model server's embeddings as the dense part of the encoder, when that stage is enabled and the encoder has one. */
async function modelDenseEncoder(settings: EngineSettings, model?: ModelBackendSettings): Promise<Encoder | undefined> {
  if (!model || !modelStages(settings, model).includes("embeddings")) return undefined;
  const backend = createModelBackend({ ...model, stages: { embeddings: model.stages.embeddings } });
  await backend.assertServer();
  return backend.encoder!();
}

/** The template index an engine with these options uses (built, or loaded from the cache). */
export async function openEngineIndex(opts: EngineOptions): Promise<TemplateIndex> {
  const denseEncoder = await modelDenseEncoder(opts.settings, opts.model);
  return openTemplateIndex({ templates: opts.templates, encoder: opts.settings.match.encoder, cacheDir: opts.cacheDir, denseEncoder });
}

/**
 * The templates with their hubness (hubness.ts) estimated on a sample of the corpus to be matched: what a run does
 * once at launch, the CLI on its first documents, Tune on its sample. The penalty was calibrated on lexical scores, so
 * the other encoders leave hubness unset, as does a penalty of 0.
 */
export async function withHubness(opts: EngineOptions, sample: Document[]): Promise<EngineTemplate[]> {
  if (opts.settings.match.encoder !== "lexical" || hubPenaltyOf(opts.settings.match) === 0 || !sample.length) return opts.templates;
  const hubness = await estimateHubness(await openEngineIndex(opts), sample.slice(0, HUBNESS_SAMPLE), opts.settings.match);
  return opts.templates.map((t) => ({ ...t, hubness: hubness.get(t.id) ?? 0 }));
}

export function emptyCounters(): StageCounters {
  return { documents: 0, matched: 0, instantiated: 0, judged: 0, kept: 0, assembled: 0, rejections: {} };
}

export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const { settings } = opts;
  const index = await openEngineIndex(opts);
  const byId = new Map(opts.templates.map((t) => [t.id, t]));
  const weights = complexityWeights(index, settings.match.complexityTarget);
  const stages = await checkedPipelineStages(opts.model, ["instantiate", "judge"]);
  const id = engineId(settings, opts.model);
  const hash = settingsHash(settings, opts.model);
  const assembleCtx = { seed: settings.seed, settings: settings.assemble, judgeThreshold: settings.judge.threshold, engine: id, settingsHash: hash };

  async function processBatch(docs: Document[], usage: Map<string, number>, budget: { carry: number }): Promise<BatchResult> {
    const counters = emptyCounters();
    const rejected: RejectedPair[] = [];
    const rows: OutputRow[] = [];
    const timingsMs: Record<Stage, number> = { match: 0, instantiate: 0, judge: 0, assemble: 0 };
    const reject = (key: string, n = 1) => (counters.rejections[key] = (counters.rejections[key] ?? 0) + n);
    let t = performance.now();
    const lap = (stage: Stage) => {
      const now = performance.now();
      timingsMs[stage] += now - t;
      t = now;
    };

    const encoded = await encodeDocuments(index, docs, settings.match);
    lap("match");
    for (const [i, doc] of docs.entries()) {
      counters.documents++;
      const spans = documentSpans(doc.text);
      const m = matchDocument({ index, ...encoded[i], spans, settings: settings.match, usage, rng: documentRng(settings.seed, `match:${doc.id}`), weights });
      counters.matched += m.matches.length;
      for (const [reason, n] of Object.entries(m.dropped)) if (n) reject(`match:${reason}`, n);
      lap("match");

      const pairs: PairCandidate[] = [];
      const matched = m.matches.map((match) => ({ match, template: byId.get(match.templateId)!, view: m.views.find((v) => v.k === match.viewK)! }));
      const results = await Promise.all(matched.map(({ template, view }) => stages.instantiate(template, doc, view, settings.instantiate)));
      lap("instantiate");
      const ok = matched.flatMap((x, k) => {
        const r = results[k];
        if (r.ok) return [{ ...x, r }];
        reject(`instantiate:${r.reason}`);
        rejected.push({ documentId: doc.id, templateId: x.template.id, viewK: x.match.viewK, matchScore: x.match.score, stage: "instantiate", reason: r.reason, detail: r.detail });
        return [];
      });
      counters.instantiated += ok.length;
      const verdicts = await Promise.all(ok.map(({ template, r }) => stages.judge(template, doc, r, settings.judge)));
      counters.judged += ok.length;
      lap("judge");
      for (const [k, { match, template, r }] of ok.entries()) {
        const j = verdicts[k];
        if (j.score < settings.judge.threshold) {
          reject(`judge:score-${j.score}`);
          rejected.push({ documentId: doc.id, templateId: template.id, viewK: match.viewK, matchScore: match.score, stage: "judge", reason: `score-${j.score}`, judgeScore: j.score });
          continue;
        }
        counters.kept++;
        pairs.push({
          templateId: template.id,
          templateVersion: template.version,
          viewK: match.viewK,
          matchScore: match.score,
          instruction: r.instruction,
          answer: r.answer,
          judge: j,
          excerptRatio: r.excerptRatio,
          excerpts: r.excerpts,
          variableCount: template.variables.length,
        });
      }

      const out = assembleDocument(doc, countTokens(doc.text), pairs, budget, assembleCtx);
      counters.assembled += out.length;
      rows.push(...out);
      const keptIds = new Set(out.map((r) => `${r.template_id}@${r.view_k}`));
      for (const p of pairs)
        if (!keptIds.has(`${p.templateId}@${p.viewK}`)) {
          reject("assemble:over-budget");
          rejected.push({ documentId: doc.id, templateId: p.templateId, viewK: p.viewK, matchScore: p.matchScore, stage: "assemble", reason: "over-budget", judgeScore: p.judge.score });
        }
      lap("assemble");
    }
    return { rows, counters, rejected, timingsMs };
  }

  const bankIndex = (templateId: string) => {
    const t = index.templates.findIndex((x) => x.id === templateId);
    if (t < 0) throw new Error(`template ${templateId} is not in the engine's bank`);
    return t;
  };

  async function probe(templateId: string, docs: Document[]): Promise<TemplateProbe[]> {
    const t = bankIndex(templateId);
    const encoded = await encodeDocuments(index, docs, settings.match);
    return docs.map((doc, i) => probeTemplate({ index, ...encoded[i], spans: documentSpans(doc.text), settings: settings.match, t }));
  }

  async function pair(templateId: string, doc: Document, viewK: number): Promise<TemplatePair> {
    const template = index.templates[bankIndex(templateId)];
    const views = computeViews(doc.text.length, settings.match.localViews, settings.match.sigma);
    const instantiated = await stages.instantiate(template, doc, views.find((v) => v.k === viewK) ?? views[0], settings.instantiate);
    return { instantiated, judge: instantiated.ok ? await stages.judge(template, doc, instantiated, settings.judge) : null };
  }

  return { id, settingsHash: hash, settings, index, processBatch, probe, pair };
}
