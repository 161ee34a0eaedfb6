// Assembly: a per-document token budget with rollover, seeded order, and output rows with provenance.
import type { AssembleSettings, Document, Excerpt, JudgeResult, OutputRow } from "./types";
import { documentRng, shuffleInPlace } from "./rng";
import { countTokens } from "./tokens";

export interface PairCandidate {
  templateId: string;
  templateVersion: number;
  viewK: number;
  matchScore: number;
  instruction: string;
  answer: string;
  judge: JudgeResult;
  excerptRatio: number;
  excerpts: Excerpt[];
  variableCount: number;
}

/** Budget left over from earlier documents; one per stream of documents (a shard). */
export interface AssembleState {
  carry: number;
}

export interface AssembleContext {
  seed: number;
  settings: AssembleSettings;
  /** Pairs below this judge score are dropped before the budget. */
  judgeThreshold: number;
  engine: string;
  settingsHash: string;
}

export function formatPair(instruction: string, answer: string): string {
  return `Instruction: ${instruction}\n\nAnswer: ${answer}`;
}

/**
 * Keeps the document's judged pairs in a seeded random order while their tokens fit in the document's own token
 * count plus the carried-over budget; what is left carries over to the next document.
 * `docTokens` is passed in so the caller tokenizes each document once.
 */
export function assembleDocument(doc: Document, docTokens: number, pairs: PairCandidate[], state: AssembleState, ctx: AssembleContext): OutputRow[] {
  const kept = pairs.filter((p) => p.judge.score >= ctx.judgeThreshold);
  const order = shuffleInPlace([...kept], documentRng(ctx.seed, doc.id));
  let budget = docTokens + state.carry;
  const rows: OutputRow[] = [];
  const len = Math.max(1, doc.text.length);
  for (const p of order) {
    const text = formatPair(p.instruction, p.answer);
    const tokens = countTokens(text);
    if (ctx.settings.tokenBudget && tokens > budget) continue;
    budget -= tokens;
    rows.push({
      warc_record_id: doc.id,
      template_id: p.templateId,
      instantiated_instruction: p.instruction,
      answer: p.answer,
      synthetic_token_count: tokens,
      text,
      template_version: p.templateVersion,
      view_k: p.viewK,
      match_score: p.matchScore,
      judge_score: p.judge.score,
      judge_reasons: JSON.stringify(p.judge.reasons),
      excerpt_ratio: p.excerptRatio,
      variable_count: p.variableCount,
      answer_start: p.excerpts.length ? p.excerpts[0].start / len : 0,
      engine: ctx.engine,
      settings_hash: ctx.settingsHash,
    });
  }
  state.carry = ctx.settings.tokenBudget ? budget : 0;
  return rows;
}
