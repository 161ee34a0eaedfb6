// The model backend: stage implementations over an OpenAI-compatible HTTP server (see docs/model-backend.md).
export { createModelBackend, modelBackendSettingsFromEnv, MODEL_STAGES } from "./backend";
export type { ModelBackend, ModelBackendSettings, ModelStage, ServerCheck } from "./backend";
export { ModelClient, ModelError, normalizeBaseUrl } from "./client";
export type { ChatMessage, GenerationParams, GenerationResult, ModelClientOptions, ModelErrorKind } from "./client";
export { genericizeWithModel, parseGenericizeOutput } from "./genericize";
export { instantiateWithModel, finishInstantiation, readInstantiation, documentWindow } from "./instantiate";
export { judgeWithModel, parseJudgeOutput, judgeResultFromOutput } from "./judge";
export type { JudgePair, JudgeModelOptions } from "./judge";
export { EmbeddingsEncoder, createEmbeddingsEncoder } from "./embeddings";
export type { StageContext } from "./stage";
export type { PromptStyle } from "./prompts";
export { pipelineStages } from "./pipeline-stages";
export type { PipelineStages, Instantiated } from "./pipeline-stages";
