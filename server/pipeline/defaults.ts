import type { EncoderName } from "./encoders/types";
import type { EngineSettings } from "./types";

/** Cosine thresholds per encoder, calibrated on the public QA sets (see scripts/calibrate-thresholds.ts). */
export const DEFAULT_THRESHOLDS: Record<EncoderName, number> = { lexical: 0.12, dense: 0.3, hybrid: 0.2 };


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
  },
  instantiate: { minExcerptRatio: 0.8, maxAnswerSentences: 3 },
  judge: { threshold: 4 },
  assemble: { tokenBudget: true },
};
