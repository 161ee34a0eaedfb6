// Per-shard statistics for the run page's charts, summed into the run as shards commit.
import type { StageCounters } from "../pipeline/types";
import type { OutputRow } from "../pipeline/types";
import type { RejectedPair } from "../pipeline/engine";

export const ANSWER_POSITION_BINS = 10;

export interface ShardStats {
  /** Judge score → pairs judged with it (kept and rejected). */
  judgeScores: Record<string, number>;
  /** Judge score → pairs written. */
  judgeScoresKept: Record<string, number>;
  /** Variable count → pairs written. */
  complexity: Record<string, number>;
  /** view k → histogram of the answer's position in the document (10 bins over 0..1). */
  answerPosition: Record<string, number[]>;
  /** Template id → pairs written (per shard only; the run aggregates on demand). */
  templateUsage?: Record<string, number>;
  tokens: number;
  timingsMs: Record<string, number>;
}

export function emptyStats(): ShardStats {
  return { judgeScores: {}, judgeScoresKept: {}, complexity: {}, answerPosition: {}, tokens: 0, timingsMs: {} };
}

export function emptyCounters(): StageCounters {
  return { documents: 0, matched: 0, instantiated: 0, judged: 0, kept: 0, assembled: 0, rejections: {} };
}

export function addCounters(into: StageCounters, c: Partial<StageCounters> | null | undefined): StageCounters {
  if (!c) return into;
  into.documents += c.documents ?? 0;
  into.matched += c.matched ?? 0;
  into.instantiated += c.instantiated ?? 0;
  into.judged += c.judged ?? 0;
  into.kept += c.kept ?? 0;
  into.assembled += c.assembled ?? 0;
  for (const [k, v] of Object.entries(c.rejections ?? {})) into.rejections[k] = (into.rejections[k] ?? 0) + v;
  return into;
}

const inc = (o: Record<string, number>, k: string | number, n = 1) => (o[k] = (o[k] ?? 0) + n);

export function addRows(stats: ShardStats, rows: OutputRow[], rejected: RejectedPair[]): void {
  stats.templateUsage ??= {};
  for (const r of rows) {
    inc(stats.judgeScores, r.judge_score);
    inc(stats.judgeScoresKept, r.judge_score);
    inc(stats.complexity, r.variable_count);
    inc(stats.templateUsage, r.template_id);
    const bins = (stats.answerPosition[r.view_k] ??= new Array(ANSWER_POSITION_BINS).fill(0));
    bins[Math.min(ANSWER_POSITION_BINS - 1, Math.max(0, Math.floor(r.answer_start * ANSWER_POSITION_BINS)))]++;
    stats.tokens += r.synthetic_token_count;
  }
  for (const r of rejected) if (typeof r.judgeScore === "number") inc(stats.judgeScores, r.judgeScore);
}

/** Sum shard stats (without the per-template map, which stays per shard). */
export function mergeStats(into: ShardStats, s: Partial<ShardStats> | null | undefined): ShardStats {
  if (!s) return into;
  for (const [k, v] of Object.entries(s.judgeScores ?? {})) inc(into.judgeScores, k, v);
  for (const [k, v] of Object.entries(s.judgeScoresKept ?? {})) inc(into.judgeScoresKept, k, v);
  for (const [k, v] of Object.entries(s.complexity ?? {})) inc(into.complexity, k, v);
  for (const [k, v] of Object.entries(s.answerPosition ?? {})) {
    const bins = (into.answerPosition[k] ??= new Array(ANSWER_POSITION_BINS).fill(0));
    v.forEach((n, i) => (bins[i] += n));
  }
  for (const [k, v] of Object.entries(s.timingsMs ?? {})) inc(into.timingsMs, k, v);
  into.tokens += s.tokens ?? 0;
  return into;
}
