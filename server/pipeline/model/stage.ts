// What every model-backed stage shares: which model, which prompt style, which endpoint, generation parameters.
import type { ChatMessage, GenerationParams, GenerationResult, ModelClient } from "./client";
import { flattenMessages, type PromptStyle } from "./prompts";

export interface StageContext {
  client: ModelClient;
  model: string;
  /** "paper" (default): the published checkpoints' bare I/O. "instruct": adds a system prompt for general models. */
  promptStyle?: PromptStyle;
  /** "chat" (default) uses /v1/chat/completions; "completions" flattens the prompt for /v1/completions. */
  api?: "chat" | "completions";
  /** Overrides of the stage's generation defaults (temperature 0, max_tokens per stage). */
  params?: GenerationParams;
  signal?: AbortSignal;
}

export async function generate(ctx: StageContext, messages: ChatMessage[], defaults: GenerationParams): Promise<GenerationResult> {
  const params = { ...defaults, ...ctx.params };
  if ((ctx.api ?? "chat") === "completions")
    return ctx.client.complete({ model: ctx.model, prompt: flattenMessages(messages), ...params }, { signal: ctx.signal });
  return ctx.client.chat({ model: ctx.model, messages, ...params }, { signal: ctx.signal });
}

/** Identifies the stage's engine in provenance, e.g. "model:fineinstructions/query_templatizer@http://…/v1". */
export function engineLabel(ctx: StageContext): string {
  return `model:${ctx.model}@${ctx.client.baseUrl}`;
}
