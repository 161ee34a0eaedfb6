// The forecast shown before launch: the engine on a sample of the corpus's documents with the run's settings.
import { loadConfig } from "../config";
import { modelBackendSettingsFromEnv } from "../pipeline/model/backend";
import { createEngine, type BatchResult, type Engine } from "../pipeline/engine";
import { sampleDocuments, templatesWithHubness } from "./corpus-sample";
import type { Document, EngineSettings, EngineTemplate } from "../pipeline/types";
import { corpusRowCount } from "./corpus-files";
import { resolveSettings, runInputSchema, selectTemplates, type RunInput } from "./planner";
import type { TemplateFilter } from "./schema";

export interface Forecast {
  sampleDocuments: number;
  templates: number;
  documents: number;
  expectedPairs: number;
  expectedTokens: number;
  pairsPerDocument: number;
  keepRate: number;
  /** Engine speed measured on the sample, one process. */
  docsPerSecond: number;
  /** At the measured speed, one worker process; divide by the number of worker processes (one per core). */
  etaSeconds: number;
  indexMs: number;
  counters: { documents: number; matched: number; instantiated: number; judged: number; kept: number; assembled: number };
  note: string;
}

/** The engine once over a sample of the corpus's browsable documents: what the forecast and the tune preview read. */
export interface SampleRun {
  docs: Document[];
  templates: EngineTemplate[];
  settings: EngineSettings;
  engine: Engine;
  result: BatchResult;
  indexMs: number;
  docsPerSecond: number;
}

export async function engineOnSample(corpusId: number, filter: TemplateFilter, settings: EngineSettings, sampleSize: number): Promise<SampleRun> {
  const selected = await selectTemplates(filter);
  if (!selected.length) throw new Error("No template matches the filter: nothing to instantiate");
  const docs = await sampleDocuments(corpusId, sampleSize);
  if (!docs.length) throw new Error("The corpus has no documents in the database to sample");
  const t0 = performance.now();
  const templates = await templatesWithHubness(corpusId, selected, settings);
  // Builds (or loads) the template index in the shared cache: launching the same selection afterwards reuses it.
  const engine = await createEngine({ templates, settings, cacheDir: loadConfig().cacheDir, model: modelBackendSettingsFromEnv() });
  const indexMs = performance.now() - t0;
  // The run-wide cap cannot bind on a small sample: measure without it.
  const t1 = performance.now();
  const result = await engine.processBatch(docs, new Map(), { carry: 0 });
  const secs = Math.max(0.001, (performance.now() - t1) / 1000);
  return { docs, templates, settings, engine, result, indexMs: Math.round(indexMs), docsPerSecond: docs.length / secs };
}

export async function forecastRun(raw: RunInput, sampleSize = 200): Promise<Forecast> {
  const input = runInputSchema.parse(raw);
  const { rows } = await corpusRowCount(input.corpusId);
  const documents = Math.min(rows, input.documentLimit ?? rows);
  const { settings } = await resolveSettings(input);
  const { docs, templates, result: res, indexMs, docsPerSecond } = await engineOnSample(input.corpusId, input.templateFilter, settings, sampleSize);
  const per = res.rows.length / docs.length;
  const tokens = res.rows.reduce((n, r) => n + r.synthetic_token_count, 0) / docs.length;
  const c = res.counters;
  return {
    sampleDocuments: docs.length,
    templates: templates.length,
    documents,
    expectedPairs: Math.round(per * documents),
    expectedTokens: Math.round(tokens * documents),
    pairsPerDocument: per,
    keepRate: c.judged ? c.kept / c.judged : 0,
    docsPerSecond,
    etaSeconds: documents / docsPerSecond,
    indexMs,
    counters: { documents: c.documents, matched: c.matched, instantiated: c.instantiated, judged: c.judged, kept: c.kept, assembled: c.assembled },
    note: `Computed on a sample of ${docs.length} documents; the run-wide template cap (${settings.match.usageCap}) is not applied to the sample, so large runs over small template banks may yield less.`,
  };
}
