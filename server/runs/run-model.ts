// The model server a run uses. Read from FISTUDIO_MODEL_* when the run is created and recorded in its config, so every
// worker runs the same stages on the same models; the API key is not recorded: each worker brings its own.
import { modelApiKeyFromEnv, modelBackendSettingsFromEnv, type ModelBackendSettings } from "../pipeline/model/backend";
import type { RunConfig } from "./planner";

export function runModelFromEnv(): RunConfig["model"] {
  const s = modelBackendSettingsFromEnv();
  if (!s || (s.stages.instantiate === undefined && s.stages.judge === undefined && s.stages.embeddings === undefined)) return undefined;
  const { apiKey, ...recorded } = s;
  void apiKey;
  return recorded;
}

export function engineModel(config: RunConfig): ModelBackendSettings | undefined {
  if (!config.model) return undefined;
  return { ...config.model, apiKey: modelApiKeyFromEnv() };
}
