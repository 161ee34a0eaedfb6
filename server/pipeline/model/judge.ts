// Model-backed judge: a Flow-Judge-style rubric prompt (the paper used Flow Judge, 3.8B) and a robust reader of its
// `<feedback>…</feedback><score>N</score>` output. Same contract as the built-in judge (JudgeResult).
import type { JudgeResult } from "../types";
import { isContextOverflow } from "./instantiate";
import { judgeMessages } from "./prompts";
import { generate, type StageContext } from "./stage";

export const JUDGE_DEFAULTS = { temperature: 0, max_tokens: 768 };

export interface JudgePair {
  instruction: string;
  answer: string;
  /** Sent to the judge only when `includeDocument` is set (it makes prompts long; the paper's judge sees the pair). */
  document?: string;
}

export interface JudgeModelOptions {
  includeDocument?: boolean;
  /** Characters of the document sent when includeDocument is set (default 8 000). */
  maxDocumentChars?: number;
}

export interface ParsedJudgement {
  score: 1 | 2 | 3 | 4 | 5;
  feedback: string;
  /** Which rule found the score: "score-tag", "score-label", "fraction", "trailing-digit". */
  via: string;
}

export async function judgeWithModel(pair: JudgePair, ctx: StageContext, opts: JudgeModelOptions = {}): Promise<JudgeResult> {
  const doc = opts.includeDocument && pair.document !== undefined ? pair.document.slice(0, opts.maxDocumentChars ?? 8000) : undefined;
  let out;
  try {
    out = await generate(ctx, judgeMessages(pair.instruction, pair.answer, doc), JUDGE_DEFAULTS);
  } catch (err) {
    // A pair too long for the judge's context is scored out (and says why) rather than failing the run.
    if (isContextOverflow(err)) return { score: 1, raw: 0, reasons: [{ name: "judge-context-overflow", value: 0, note: (err as Error).message }] };
    throw err;
  }
  return judgeResultFromOutput(out.text, ctx.model);
}

/** A parse failure scores 1 with an explicit "judge-unparseable" reason, so the pair is dropped and counted, not lost. */
export function judgeResultFromOutput(text: string, model = "judge"): JudgeResult {
  const p = parseJudgeOutput(text);
  if (!p) {
    const snippet = text.replace(/\s+/g, " ").trim().slice(0, 160);
    return { score: 1, raw: 0, reasons: [{ name: "judge-unparseable", value: 0, note: `no 1–5 score in the judge's output: "${snippet}"` }] };
  }
  const reasons: JudgeResult["reasons"] = [{ name: "model-score", value: p.score, note: p.feedback || `scored by ${model} (no feedback)` }];
  if (p.via !== "score-tag") reasons.push({ name: "judge-format", value: 0, note: `score read from ${p.via}, not a <score> tag` });
  return { score: p.score, raw: (p.score - 1) / 4, reasons };
}

/**
 * Reads a Flow-Judge style evaluation. Accepts `<score>4</score>` (last one wins, whitespace and "4/5" or "4.0" inside
 * allowed), unclosed tags, "Score: 4", "4/5", or a lone final digit. Returns null when no score 1–5 is found.
 */
export function parseJudgeOutput(text: string): ParsedJudgement | null {
  const t = text.replace(/\r/g, "");
  const feedback = extractFeedback(t);
  const tryScore = (raw: string | undefined): 1 | 2 | 3 | 4 | 5 | null => {
    if (raw === undefined) return null;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 1 || n > 5) return null;
    return Math.floor(n) as 1 | 2 | 3 | 4 | 5; // a "3.5" must not pass a threshold of 4
  };
  const tags = [...t.matchAll(/<score>\s*\**\s*(\d+(?:\.\d+)?)\s*(?:\/\s*5)?\s*\**\s*(?:<\/score>|$|\n)/gi)];
  for (let i = tags.length - 1; i >= 0; i--) {
    const s = tryScore(tags[i][1]);
    if (s) return { score: s, feedback, via: "score-tag" };
  }
  const labels = [...t.matchAll(/\b(?:final\s+)?score\s*(?:is|of|=|:)?\s*\**\s*(\d+(?:\.\d+)?)(?!\s*(?:%|\d))/gi)];
  for (let i = labels.length - 1; i >= 0; i--) {
    const s = tryScore(labels[i][1]);
    if (s) return { score: s, feedback, via: "score-label" };
  }
  const fractions = [...t.matchAll(/\b(\d(?:\.\d+)?)\s*\/\s*5\b/g)];
  for (let i = fractions.length - 1; i >= 0; i--) {
    const s = tryScore(fractions[i][1]);
    if (s) return { score: s, feedback, via: "fraction" };
  }
  const trailing = /(?:^|\n)\s*\**([1-5])\**\s*$/.exec(t.trim()); // a last line that is only the digit
  if (trailing) return { score: tryScore(trailing[1])!, feedback, via: "trailing-digit" };
  return null;
}

function extractFeedback(t: string): string {
  const m = /<feedback>([\s\S]*?)(?:<\/feedback>|<score>|$)/i.exec(t);
  const f = m ? m[1] : t.replace(/<score>[\s\S]*$/i, "");
  return f.replace(/\s+/g, " ").trim().slice(0, 1000);
}
