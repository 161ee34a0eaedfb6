import type { EncoderName } from "./encoders/types";
import type { EngineSettings } from "./types";

/**
 * Cosine thresholds per encoder, calibrated on the public QA sets with scripts/match-quality.ts: between the 99th
 * percentile of random template–passage pairs (other article) and the 10th percentile of own templates that rank in
 * the top 6. lexical: random p99 0.085 (SQuAD) / 0.105 (NQ), own-in-top-6 p10 0.185 / 0.148 → 0.12; with word
 * families and the subject bonus (lex-3) 0.088 / 0.120 and 0.196 / 0.158: 0.12 is now at the NQ edge (0.13 or 0.14
 * changed the pairs kept by under 1% on the bench); with kind terms and question words (lex-4) 0.102 / 0.109 and
 * 0.187 / 0.150: 0.12 still separates both; with the title term and own words twice (lex-5) 0.096 / 0.105 and
 * 0.187 / 0.151; with question words at 0.7 (lex-6) 0.102 / 0.107 and 0.186 / 0.153.
 * dense (SQuAD, 500 questions): 0.516 / 0.545 → 0.53. hybrid (same): 0.307 / 0.334 → 0.32; with lex-5 as its lexical
 * half (SQuAD, 600 questions) 0.260 / 0.336 → 0.30.
 * Lexical is the default: best recall@6 (SQuAD subset 0.53 vs hybrid 0.45, dense 0.23) and ~100× faster.
 */
export const DEFAULT_THRESHOLDS: Record<EncoderName, number> = { lexical: 0.12, dense: 0.53, hybrid: 0.30 };

/**
 * Default score added per natural-log unit of a template's support (the source queries it stands for). A template many
 * users asked is a likelier question about a document than a near-identical one asked once, and real query logs are
 * the distribution the paper's sampling follows. The default of `match.supportPrior` (0 turns it off).
 * Recall@6 (npm run eval --support-prior X, NQ / SQuAD / NQ with its real-query distractors / SQuAD with its): before
 * the hubness penalty 0.02 was best (0 → 0.4537 / 0.5965, 0.02 → 0.5236 / 0.5969, 0.04 → 0.5308 / 0.5933); with it, 0
 * → 0.5493 / 0.647 / 0.3969 / 0.5105; 0.01 → 0.5666 / 0.6488 / 0.4286 / 0.5077; 0.02 → 0.566 / 0.6474 / 0.4262 /
 * 0.5032; 0.03 → 0.5613 / 0.6438 on the first two.
 */
export const SUPPORT_PRIOR = 0.01;

/** The support prior a run uses: its own, or the default (configs saved before the setting existed have none). */
export const supportPriorOf = (match: { supportPrior?: number }): number => match.supportPrior ?? SUPPORT_PRIOR;

/**
 * Default score taken off a template per unit of its hubness (hubness.ts) over √support. Recall@6 (npm run eval
 * --hub-penalty X, NQ / SQuAD, hubness estimated on the set's passages): 0 → 0.5374 / 0.6056; 0.3 → 0.5559 / 0.6406;
 * 0.5 → 0.5619 / 0.6451; 0.7 → 0.5601 / 0.6424; 1 → 0.5392 / 0.6056. With the real-query distractors in the bank
 * (NQ + natural-questions / SQuAD + query-wellformedness) 0.5 gives 0.4226 / 0.5032 against 0.3909 / 0.4909 without.
 */
export const HUB_PENALTY = 0.5;

/** The hubness penalty a run uses: its own, or the default (configs saved before the setting existed have none). */
export const hubPenaltyOf = (match: { hubPenalty?: number }): number => match.hubPenalty ?? HUB_PENALTY;

/**
 * Share of the global view's score in a template's score on a local view: a template that fits the document as a whole
 * as well as a part of it comes before one that fits the part only. Recall@6 (npm run eval, NQ / SQuAD / the two with the
 * real-query distractors): 0 → 0.5672 / 0.6488 / 0.428 / 0.5077, 0.3 → 0.5702 / 0.6501, 0.5 → 0.5744 / 0.6492 / 0.431 /
 * 0.5146, 0.6 → 0.5768 / 0.6506, 0.7 → 0.575 / 0.6524. On long documents (five passages joined, each passage's own
 * template among all) recall@6 rises too, SQuAD 0.2097 → 0.2147 (0.7: 0.2175) and NQ, whose joined passages are about
 * unrelated things, 0.3120 → 0.3180 (0.7: 0.3150): past 0.5 the whole starts to drown the part.
 */
export const GLOBAL_WEIGHT = 0.5;

/** The global view's weight a run uses: its own, or the default (configs saved before the setting existed have none). */
export const globalWeightOf = (match: { globalWeight?: number }): number => match.globalWeight ?? GLOBAL_WEIGHT;

/** The settings with the encoder's calibrated threshold filled in where none is set (what the engine runs with). */
export function withCalibratedThreshold(settings: EngineSettings): EngineSettings {
  return { ...settings, match: { ...settings.match, threshold: settings.match.threshold ?? DEFAULT_THRESHOLDS[settings.match.encoder] } };
}

/** The defaults every entry point starts from (CLI, worker, tune preview). Thresholds are calibrated by `npm run eval`. */
export const DEFAULT_SETTINGS: EngineSettings = {
  seed: 1,
  match: {
    encoder: "lexical",
    topN: 6,
    localViews: 5,
    sigma: 0.05,
    threshold: undefined,
    candidatesPerView: 32,
    // Share of matches by variable count 1, 2, 3, 4+ (a chat-like mix: mostly simple templates).
    complexityTarget: [0.45, 0.3, 0.15, 0.1],
    usageCap: 1000,
    supportPrior: SUPPORT_PRIOR,
    hubPenalty: HUB_PENALTY,
    globalWeight: GLOBAL_WEIGHT,
  },
  instantiate: { minExcerptRatio: 0.8, maxAnswerSentences: 3 },
  judge: { threshold: 4 },
  assemble: { tokenBudget: true },
};
