// Model-backed instantiate: the paper's instantiator gets JSON {"instruction_template", "document"} and returns null
// (template and document incompatible) or an instruction and an answer whose long copies are written as
// <excerpt>first words<...>last words</excerpt>. Markers are expanded with ../excerpt (exactly one matching span,
// otherwise the pair is rejected) and the answer must reach the minimum excerpt ratio. Same contract as the built-in.
import { excerptRatio, expandExcerpts } from "../excerpt";
import type { Document, EngineTemplate, Excerpt, InstantiateResult, InstantiateSettings, View } from "../types";
import { wordTokens } from "../tokens";
import { ModelError } from "./client";
import { alignTemplate, pickString, readJson } from "./parse";
import { instantiateMessages } from "./prompts";
import { generate, type StageContext } from "./stage";

export const INSTANTIATE_DEFAULTS = { temperature: 0, max_tokens: 1024 };

export interface InstantiateModelOptions {
  /** Documents longer than this are cut to a window of this many characters around the view (default 12 000). */
  maxDocumentChars?: number;
}

export type RawInstantiation = { kind: "null" } | { kind: "pair"; instruction: string; answer: string } | { kind: "unparseable"; detail: string };

export async function instantiateWithModel(
  template: EngineTemplate,
  doc: Document,
  view: View | undefined,
  settings: InstantiateSettings,
  ctx: StageContext,
  opts: InstantiateModelOptions = {},
): Promise<InstantiateResult> {
  const win = documentWindow(doc.text, view, opts.maxDocumentChars ?? 12_000);
  let out;
  try {
    out = await generate(ctx, instantiateMessages(template.text, win.text, ctx.promptStyle ?? "paper"), INSTANTIATE_DEFAULTS);
  } catch (err) {
    // One document too long for the server's context is that pair's problem, not the run's: reject it and go on.
    if (isContextOverflow(err))
      return { ok: false, reason: "context-overflow", detail: `${(err as ModelError).message} (lower FISTUDIO_MODEL_MAX_DOCUMENT_CHARS or raise the server's context)` };
    throw err;
  }
  if (out.finishReason === "length") return { ok: false, reason: "truncated", detail: "the model's output was cut by max_tokens" };
  return finishInstantiation(template, doc.text, win, out.text, settings);
}

/** A 400/413 whose message says the prompt exceeds the model's context (vLLM, OpenAI, llama.cpp, TGI wordings). */
export function isContextOverflow(err: unknown): boolean {
  return (
    err instanceof ModelError &&
    err.kind === "http" &&
    (err.status === 400 || err.status === 413) &&
    /context length|context window|maximum context|exceeds? the (?:available )?context|too many tokens|input (?:is )?too long|prompt is too long|must have less than \d+ tokens|exceed_context_size/i.test(err.message)
  );
}

/** The part of the document the model sees: all of it, or a window centred on the view. */
export function documentWindow(text: string, view: View | undefined, maxChars: number): { start: number; text: string } {
  if (text.length <= maxChars) return { start: 0, text };
  const centre = view && view.k > 0 ? Math.round((view.start + view.end) / 2) : 0;
  let start = Math.max(0, Math.min(text.length - maxChars, centre - Math.floor(maxChars / 2)));
  let end = start + maxChars;
  // Snap inwards to word boundaries so no word is cut in half.
  while (start > 0 && start < end && /\S/.test(text[start - 1])) start++;
  while (end < text.length && end > start && /\S/.test(text[end])) end--;
  return { start, text: text.slice(start, end) };
}

/** Reads the instantiator's output: JSON null, JSON {instruction, answer}, or "Instruction: …\n\nAnswer: …" text. */
export function readInstantiation(text: string): RawInstantiation {
  const read = readJson(text);
  if (read.ok) {
    if (read.value === null) return { kind: "null" };
    if (typeof read.value === "object" && !Array.isArray(read.value)) {
      const obj = read.value as Record<string, unknown>;
      const instruction = pickString(obj, ["instruction", "instantiated_instruction", "query", "question"]);
      const answer = pickString(obj, ["answer", "response", "output"]);
      if (instruction === undefined && answer === undefined && Object.values(obj).every((v) => v === null)) return { kind: "null" };
      if (instruction === undefined || answer === undefined)
        return { kind: "unparseable", detail: `JSON output lacks ${instruction === undefined ? '"instruction"' : '"answer"'}` };
      return { kind: "pair", instruction, answer };
    }
    return { kind: "unparseable", detail: `unexpected JSON ${Array.isArray(read.value) ? "array" : typeof read.value}` };
  }
  const m = /^\s*\**(?:instruction|query|question)\**\s*:\s*\**\s*([\s\S]*?)\n\s*\**(?:answer|response)\**\s*:\s*\**\s*([\s\S]*)$/i.exec(text);
  if (m) return { kind: "pair", instruction: m[1].trim(), answer: m[2].trim() };
  return { kind: "unparseable", detail: read.detail };
}

/** Validates a raw output against the template and document: fills, excerpt expansion, excerpt ratio. */
export function finishInstantiation(
  template: EngineTemplate,
  documentText: string,
  win: { start: number; text: string },
  output: string,
  settings: InstantiateSettings,
): InstantiateResult {
  const raw = readInstantiation(output);
  if (raw.kind === "null") return { ok: false, reason: "incompatible", detail: "the model returned null: the template does not fit this document" };
  if (raw.kind === "unparseable") return { ok: false, reason: "unparseable", detail: raw.detail };
  const instruction = raw.instruction.trim();
  const answerRaw = raw.answer.trim();
  if (!instruction) return { ok: false, reason: "empty-instruction", detail: "the model returned an empty instruction" };
  if (!answerRaw) return { ok: false, reason: "empty-answer", detail: "the model returned an empty answer" };
  if (/<\/?fi>/i.test(instruction)) return { ok: false, reason: "unfilled-variable", detail: "the instruction still contains <fi> tags" };

  const expanded = expandExcerpts(answerRaw, win.text);
  if (!expanded.ok) return { ok: false, reason: expanded.reason, detail: expanded.detail };
  // Short copies the model wrote out without markers still count as copied text when they are whole sentences found
  // exactly once in what the model saw.
  const literal = literalCopies(answerRaw, win.text);
  const local: Excerpt[] = [...expanded.excerpts, ...literal];
  const copied = local.map((e) => win.text.slice(e.start, e.end));
  const ratio = literal.length ? excerptRatio(expanded.text, copied) : expanded.excerptRatio;
  const excerpts = local.map((e) => ({ start: e.start + win.start, end: e.end + win.start })).sort((a, b) => a.start - b.start);
  for (const e of excerpts) {
    if (documentText.slice(e.start, e.end) !== win.text.slice(e.start - win.start, e.end - win.start)) throw new Error("excerpt offset mapping is broken");
  }
  if (ratio < settings.minExcerptRatio)
    return {
      ok: false,
      reason: "low-excerpt-ratio",
      detail: `${Math.round(ratio * 100)}% of the answer is copied from the document (minimum ${Math.round(settings.minExcerptRatio * 100)}%)`,
    };

  const fills: Record<string, string> = {};
  for (const a of alignTemplate(template.text, instruction) ?? []) if (!(a.description in fills)) fills[a.description] = a.text;
  return { ok: true, instruction, answer: expanded.text, fills, excerpts, excerptRatio: ratio };
}

const MARKER = /<excerpt>[\s\S]*?<\/excerpt>/g;

/** Sentences of at least 6 words outside the markers that occur exactly once, verbatim, in the text. */
function literalCopies(answer: string, text: string): Excerpt[] {
  const out: Excerpt[] = [];
  for (const piece of answer.split(MARKER)) {
    for (const m of piece.matchAll(/[^.!?\n]+[.!?]*/g)) {
      const s = m[0].trim();
      if (wordTokens(s).length < 6) continue;
      const at = text.indexOf(s);
      if (at < 0 || text.indexOf(s, at + 1) >= 0) continue;
      out.push({ start: at, end: at + s.length });
    }
  }
  return out;
}
