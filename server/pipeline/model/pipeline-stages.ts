// One async interface over both implementations of each stage: the model backend where it is enabled, the built-in
// engine everywhere else. Callers (engine, CLI, tune preview) take a PipelineStages and never ask which one runs.
//
//   const stages = pipelineStages(settings ? createModelBackend(settings) : undefined);
//   const r = await stages.instantiate(template, doc, view, engineSettings.instantiate);
//   stages.engines.instantiate   // "builtin" or "model:instantiate=fi-instantiator@http://127.0.0.1:8001/v1"
//
// With the model backend the calls are network-bound: issue a document's matches together (Promise.all); the client's
// concurrency limit keeps the server's load bounded.
import { genericize } from "../genericize";
import { instantiate } from "../instantiate";
import { judge } from "../judge";
import type { Document, EngineTemplate, GenericizeResult, InstantiateResult, InstantiateSettings, JudgeResult, JudgeSettings, View } from "../types";
import { createModelBackend, type ModelBackend, type ModelBackendSettings } from "./backend";

export type Instantiated = Extract<InstantiateResult, { ok: true }>;

export interface PipelineStages {
  /** Per stage: "builtin" or the model and server that run it (for provenance). */
  engines: { genericize: string; instantiate: string; judge: string };
  genericize(query: string, signal?: AbortSignal): Promise<GenericizeResult>;
  instantiate(template: EngineTemplate, doc: Document, view: View, settings: InstantiateSettings, signal?: AbortSignal): Promise<InstantiateResult>;
  judge(template: EngineTemplate, doc: Document, pair: Instantiated, settings: JudgeSettings, signal?: AbortSignal): Promise<JudgeResult>;
}

export function pipelineStages(backend?: ModelBackend): PipelineStages {
  const label = (stage: "genericize" | "instantiate" | "judge") =>
    backend?.stageModels[stage] ? `model:${stage}=${backend.stageModels[stage]}@${backend.clientFor(stage).baseUrl}` : "builtin";
  const g = backend?.genericize;
  const i = backend?.instantiate;
  const j = backend?.judge;
  return {
    engines: { genericize: label("genericize"), instantiate: label("instantiate"), judge: label("judge") },
    genericize: g ? (q, signal) => g(q, signal) : async (q) => genericize(q),
    instantiate: i ? (t, d, v, s, signal) => i(t, d, v, s, signal) : async (t, d, v, s) => instantiate(t, d, v, s),
    judge: j ? (t, d, p, s, signal) => j(t, d, p, s, signal) : async (t, d, p, s) => judge(t, d, p, s),
  };
}

/**
 * The stages a caller uses: those of `only` that `settings` enables run on the model server, checked first (it must
 * serve their models), and the rest are built in. Without settings, or with none of `only` enabled, all built in.
 */
export async function checkedPipelineStages(settings: ModelBackendSettings | undefined, only: ("genericize" | "instantiate" | "judge")[]): Promise<PipelineStages> {
  const enabled = Object.fromEntries(only.filter((s) => settings?.stages[s] !== undefined).map((s) => [s, settings!.stages[s]]));
  if (!settings || Object.keys(enabled).length === 0) return pipelineStages();
  const backend = createModelBackend({ ...settings, stages: enabled });
  await backend.assertServer();
  return pipelineStages(backend);
}
