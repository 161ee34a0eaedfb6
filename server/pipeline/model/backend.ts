// The model backend as one object: settings (or the FISTUDIO_MODEL_* environment) → stage functions with the same
// contracts as the built-in engine, plus checkServer() to fail early with a clear message.
import type { Document, EngineTemplate, GenericizeResult, InstantiateResult, InstantiateSettings, JudgeResult, JudgeSettings, View } from "../types";
import { ModelClient, ModelError, normalizeBaseUrl } from "./client";
import { EmbeddingsEncoder, type EmbeddingsEncoderOptions } from "./embeddings";
import { genericizeWithModel } from "./genericize";
import { instantiateWithModel } from "./instantiate";
import { judgeWithModel, type JudgeModelOptions } from "./judge";
import type { PromptStyle } from "./prompts";
import type { StageContext } from "./stage";

export type ModelStage = "genericize" | "instantiate" | "judge" | "embeddings";
export const MODEL_STAGES: ModelStage[] = ["genericize", "instantiate", "judge", "embeddings"];

export interface ModelBackendSettings {
  baseUrl: string;
  /** Default model for every enabled stage that names none. */
  model: string;
  apiKey?: string;
  /** Per request attempt. */
  timeoutMs: number;
  /** Requests in flight at once (shared by all stages). */
  concurrency: number;
  /** Which stages use the model, and with which model ("" = `model`). A stage left out uses the built-in engine. */
  stages: Partial<Record<ModelStage, string>>;
  /** A different server for some stages (vLLM serves one model per process: genericizer, instantiator and judge
   *  usually run on three ports). Stages not listed use `baseUrl`. */
  stageBaseUrls?: Partial<Record<ModelStage, string>>;
  maxRetries?: number;
  retryBaseMs?: number;
  promptStyle?: PromptStyle;
  api?: "chat" | "completions";
  /** Instantiate: documents longer than this are cut to a window around the view. */
  maxDocumentChars?: number;
  judge?: JudgeModelOptions;
  embeddings?: EmbeddingsEncoderOptions;
}

export interface ServerCheck {
  ok: boolean;
  baseUrl: string;
  /** Models the default server lists (empty when no enabled stage uses it). */
  models: string[];
  /** Every server asked, with the models it lists. */
  servers: { baseUrl: string; models: string[] }[];
  /** Per enabled stage: its server, the model asked for and whether the server lists it. */
  stages: { stage: ModelStage; baseUrl: string; model: string; served: boolean }[];
  /** Human-readable problems (fatal when ok is false) and warnings. */
  problems: string[];
  warnings: string[];
}

export interface ModelBackend {
  readonly settings: ModelBackendSettings;
  /** The client of the default server. */
  readonly client: ModelClient;
  /** The client each enabled stage uses. */
  clientFor(stage: ModelStage): ModelClient;
  /** The model each enabled stage uses. */
  readonly stageModels: Partial<Record<ModelStage, string>>;
  /** Provenance label, e.g. "model:instantiate=fineinstructions/template_instantiator@http://127.0.0.1:8000/v1". */
  describe(): string;
  /** Present only for enabled stages. */
  genericize?: (query: string, signal?: AbortSignal) => Promise<GenericizeResult>;
  instantiate?: (template: EngineTemplate, doc: Document, view: View | undefined, settings: InstantiateSettings, signal?: AbortSignal) => Promise<InstantiateResult>;
  /** Same arguments as the built-in judge (template, document, pair, settings); the model sees the pair (and the document with judge.includeDocument). */
  judge?: (template: EngineTemplate, doc: Document, pair: { instruction: string; answer: string }, settings?: JudgeSettings, signal?: AbortSignal) => Promise<JudgeResult>;
  /** A dense Encoder (../encoders) over /v1/embeddings; dims are probed on first call. */
  encoder?: () => Promise<EmbeddingsEncoder>;
  /** Lists /v1/models of every server in use and checks each enabled stage's model is served. Throws ModelError when a server is unreachable. */
  checkServer(signal?: AbortSignal): Promise<ServerCheck>;
  /** checkServer() that throws one Error naming every problem. */
  assertServer(signal?: AbortSignal): Promise<ServerCheck>;
}

export function createModelBackend(settings: ModelBackendSettings): ModelBackend {
  const baseUrl = normalizeBaseUrl(settings.baseUrl);
  const clients = new Map<string, ModelClient>();
  const clientAt = (url: string): ModelClient => {
    const u = normalizeBaseUrl(url);
    let c = clients.get(u);
    if (!c) {
      c = new ModelClient({
        baseUrl: u,
        apiKey: settings.apiKey,
        timeoutMs: settings.timeoutMs,
        concurrency: settings.concurrency,
        maxRetries: settings.maxRetries,
        retryBaseMs: settings.retryBaseMs,
      });
      clients.set(u, c);
    }
    return c;
  };
  const client = clientAt(baseUrl);
  const clientFor = (stage: ModelStage): ModelClient => clientAt(settings.stageBaseUrls?.[stage] || baseUrl);
  const stageModels: Partial<Record<ModelStage, string>> = {};
  for (const s of MODEL_STAGES) {
    const m = settings.stages[s];
    if (m === undefined) continue;
    const model = m || settings.model;
    if (!model) throw new Error(`model backend: stage "${s}" is enabled but no model is named (set FISTUDIO_MODEL or FISTUDIO_MODEL_${s.toUpperCase()})`);
    stageModels[s] = model;
  }
  const ctx = (stage: ModelStage, signal?: AbortSignal): StageContext => ({
    client: clientFor(stage),
    model: stageModels[stage]!,
    promptStyle: settings.promptStyle ?? "paper",
    api: settings.api ?? "chat",
    signal,
  });
  let encoderPromise: Promise<EmbeddingsEncoder> | undefined;

  const backend: ModelBackend = {
    settings,
    client,
    clientFor,
    stageModels,
    describe: () =>
      Object.entries(stageModels)
        .map(([s, m]) => `model:${s}=${m}@${clientFor(s as ModelStage).baseUrl}`)
        .join(" "),
    async checkServer(signal) {
      const enabled = Object.keys(stageModels) as ModelStage[];
      const urls = [...new Set(enabled.map((s) => clientFor(s).baseUrl))];
      const listed = new Map<string, string[]>();
      for (const u of urls) listed.set(u, await clientAt(u).listModels({ signal }));
      const problems: string[] = [];
      const warnings: string[] = [];
      const stages = enabled.map((stage) => {
        const url = clientFor(stage).baseUrl;
        const model = stageModels[stage]!;
        return { stage, baseUrl: url, model, served: isServed(model, listed.get(url)!) };
      });
      for (const s of stages) {
        if (s.served) continue;
        const models = listed.get(s.baseUrl)!;
        // llama.cpp's server runs one model and answers whatever name is asked for.
        if (models.length === 1)
          warnings.push(`model '${s.model}' (stage ${s.stage}) is not listed by ${s.baseUrl}, which serves only '${models[0]}'; llama.cpp ignores the name, other servers answer 404`);
        else
          problems.push(`model '${s.model}' (stage ${s.stage}) is not served by ${s.baseUrl}; it serves: ${models.length ? models.map((m) => `'${m}'`).join(", ") : "nothing"}`);
      }
      return {
        ok: problems.length === 0,
        baseUrl,
        models: listed.get(baseUrl) ?? [],
        servers: urls.map((u) => ({ baseUrl: u, models: listed.get(u)! })),
        stages,
        problems,
        warnings,
      };
    },
    async assertServer(signal) {
      const c = await backend.checkServer(signal);
      if (!c.ok) throw new Error(`model backend check failed: ${c.problems.join("; ")}`);
      return c;
    },
  };
  if (stageModels.genericize) backend.genericize = (query, signal) => genericizeWithModel(query, ctx("genericize", signal));
  if (stageModels.instantiate)
    backend.instantiate = (template, doc, view, s, signal) =>
      instantiateWithModel(template, doc, view, s, ctx("instantiate", signal), { maxDocumentChars: settings.maxDocumentChars });
  if (stageModels.judge)
    backend.judge = (_template, doc, pair, _settings, signal) =>
      judgeWithModel({ instruction: pair.instruction, answer: pair.answer, document: doc.text }, ctx("judge", signal), settings.judge);
  if (stageModels.embeddings)
    backend.encoder = () => {
      encoderPromise ??= (async () => {
        const enc = new EmbeddingsEncoder(clientFor("embeddings"), stageModels.embeddings!, settings.embeddings);
        await enc.probe();
        return enc;
      })();
      encoderPromise.catch(() => (encoderPromise = undefined)); // a failed probe can be retried
      return encoderPromise;
    };
  return backend;
}

/** Exact id, or Ollama's implicit ":latest" tag, or a served path ending in the name (llama.cpp lists file paths). */
function isServed(model: string, served: string[]): boolean {
  return served.some((m) => m === model || m === `${model}:latest` || `${m}:latest` === model || m.endsWith(`/${model}`));
}

/** FISTUDIO_MODEL_API_KEY, else OPENAI_API_KEY. */
export function modelApiKeyFromEnv(env: Record<string, string | undefined> = process.env): string | undefined {
  return env.FISTUDIO_MODEL_API_KEY || env.OPENAI_API_KEY || undefined;
}

/**
 * Settings from the environment; undefined when FISTUDIO_MODEL_BASE_URL is unset (the built-in engine is used).
 * FISTUDIO_MODEL_BASE_URL, FISTUDIO_MODEL, FISTUDIO_MODEL_API_KEY (or OPENAI_API_KEY), FISTUDIO_MODEL_STAGES
 * (comma list, default "genericize,instantiate,judge"), FISTUDIO_MODEL_<STAGE> (per-stage model, also enables the
 * stage), FISTUDIO_MODEL_<STAGE>_BASE_URL (a different server for that stage), FISTUDIO_MODEL_TIMEOUT_MS (120000), FISTUDIO_MODEL_CONCURRENCY (4), FISTUDIO_MODEL_MAX_RETRIES (3),
 * FISTUDIO_MODEL_PROMPT_STYLE (paper|instruct), FISTUDIO_MODEL_API (chat|completions).
 */
export function modelBackendSettingsFromEnv(env: Record<string, string | undefined> = process.env): ModelBackendSettings | undefined {
  const baseUrl = env.FISTUDIO_MODEL_BASE_URL?.trim();
  if (!baseUrl) return undefined;
  const stages: Partial<Record<ModelStage, string>> = {};
  const list = (env.FISTUDIO_MODEL_STAGES ?? "genericize,instantiate,judge")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const s of list) {
    if (!(MODEL_STAGES as string[]).includes(s)) throw new Error(`FISTUDIO_MODEL_STAGES: unknown stage "${s}" (expected ${MODEL_STAGES.join(", ")})`);
    stages[s as ModelStage] = "";
  }
  const stageBaseUrls: Partial<Record<ModelStage, string>> = {};
  for (const s of MODEL_STAGES) {
    const m = env[`FISTUDIO_MODEL_${s.toUpperCase()}`]?.trim();
    if (m) stages[s] = m;
    const u = env[`FISTUDIO_MODEL_${s.toUpperCase()}_BASE_URL`]?.trim();
    if (u) stageBaseUrls[s] = u;
  }
  const num = (name: string, dflt: number, min: number): number => {
    const v = env[name];
    if (v === undefined || v === "") return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}, got "${v}"`);
    return n;
  };
  const style = env.FISTUDIO_MODEL_PROMPT_STYLE?.trim() || "paper";
  if (style !== "paper" && style !== "instruct") throw new Error(`FISTUDIO_MODEL_PROMPT_STYLE must be "paper" or "instruct", got "${style}"`);
  const api = env.FISTUDIO_MODEL_API?.trim() || "chat";
  if (api !== "chat" && api !== "completions") throw new Error(`FISTUDIO_MODEL_API must be "chat" or "completions", got "${api}"`);
  return {
    baseUrl,
    model: env.FISTUDIO_MODEL?.trim() ?? "",
    apiKey: modelApiKeyFromEnv(env),
    timeoutMs: num("FISTUDIO_MODEL_TIMEOUT_MS", 120_000, 1),
    concurrency: num("FISTUDIO_MODEL_CONCURRENCY", 4, 1),
    maxRetries: num("FISTUDIO_MODEL_MAX_RETRIES", 3, 0),
    stages,
    stageBaseUrls,
    promptStyle: style,
    api,
    maxDocumentChars: env.FISTUDIO_MODEL_MAX_DOCUMENT_CHARS ? num("FISTUDIO_MODEL_MAX_DOCUMENT_CHARS", 12_000, 100) : undefined,
  };
}

export { ModelClient, ModelError };
