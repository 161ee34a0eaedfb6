// Model-backed genericize: the paper's query genericizer reads a bare query and returns
// JSON {"template", "compatible_document_description"} (or null). Same contract as the built-in engine.
// Transport failures (server down, HTTP errors after retries) throw ModelError; problems with the output are
// rejections with a reason, like the built-in engine's.
import { screenQuery } from "../genericize";
import { validateTemplate } from "../template-syntax";
import type { GenericizeResult, Span } from "../types";
import { alignTemplate, pickString, readJson } from "./parse";
import { genericizeMessages } from "./prompts";
import { generate, type StageContext } from "./stage";

export const GENERICIZE_DEFAULTS = { temperature: 0, max_tokens: 512 };

export async function genericizeWithModel(query: string, ctx: StageContext): Promise<GenericizeResult> {
  const q = query.trim();
  if (q.length < 3) return { ok: false, reason: "too-short", detail: `query has ${q.length} characters` };
  // The same screen as the built-in engine (the paper filtered harmful queries before genericizing).
  const screen = screenQuery(q);
  if (screen) return { ok: false, ...screen };
  const out = await generate(ctx, genericizeMessages(q, ctx.promptStyle ?? "paper"), GENERICIZE_DEFAULTS);
  return parseGenericizeOutput(q, out.text, out.finishReason);
}

/** Turns the genericizer's raw output into a GenericizeResult (exported for tests and for replaying stored outputs). */
export function parseGenericizeOutput(query: string, text: string, finishReason: string | null = "stop"): GenericizeResult {
  const read = readJson(text);
  if (!read.ok) {
    const cut = finishReason === "length" ? " (output cut by max_tokens)" : "";
    return { ok: false, reason: "invalid-template", detail: `model output: ${read.detail}${cut}` };
  }
  if (read.value === null) return { ok: false, reason: "nothing-specific", detail: "the model returned null (no template for this query)" };
  const template = pickString(read.value, ["template", "instruction_template"]);
  const description = pickString(read.value, ["compatible_document_description", "compatibleDocumentDescription", "document_description"]);
  if (template === undefined) return { ok: false, reason: "invalid-template", detail: 'model output has no "template" string' };
  if (!description?.trim()) return { ok: false, reason: "invalid-template", detail: 'model output has no "compatible_document_description"' };
  const t = template.trim();
  const v = validateTemplate(t);
  if (!v.ok) return { ok: false, reason: "invalid-template", detail: v.errors.map((e) => `${e.code}: ${e.message}`).join("; ") };
  if (v.variables.length === 0) return { ok: false, reason: "nothing-specific", detail: "the model's template has no <fi> variables" };
  const aligned = alignTemplate(t, query) ?? [];
  const spans: Span[] = aligned.map((a) => ({
    start: a.start,
    end: a.end,
    text: a.text,
    type: v.variables.find((x) => x.description === a.description)?.type ?? "concept",
    source: "model",
  }));
  return { ok: true, template: t, variables: v.variables, compatibleDocumentDescription: description.trim(), spans };
}
