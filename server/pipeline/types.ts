// The engine's contracts. Every stage returns its result *and* why, so the studio can show it.
// server/pipeline is pure TypeScript: no framework, no database, no network except the model backends.

/** What kind of thing fills a variable; used for compatibility checks and for filling. */
export type VariableType =
  | "person"
  | "place"
  | "organization"
  | "date"
  | "year"
  | "number"
  | "quantity"
  | "money"
  | "work" // title of a book, film, song, game ...
  | "event"
  | "code" // identifier, file name, library, version
  | "language"
  | "concept"; // any other specific noun phrase (the focus of the question)

export interface TemplateVariable {
  /** The text inside <fi>…</fi>, e.g. "a medical or psychological condition". Identical descriptions are one shared variable. */
  description: string;
  type: VariableType;
}

/** A template as the engine sees it (one pinned version). */
export interface EngineTemplate {
  id: string;
  version: number;
  /** Template text with <fi>description</fi> variables. */
  text: string;
  variables: TemplateVariable[]; // distinct variables, in order of first appearance
  compatibleDocumentDescription: string;
  /** Source queries the template stands for: its own and the near-duplicates merged into it (default 1). */
  support?: number;
  /** Its mean score over the corpus documents it matches best (hubness.ts); unset until estimated on a corpus. */
  hubness?: number;
}

/** A typed span found in a text (query or document). Offsets are UTF-16 indices into the text. */
export interface Span {
  start: number;
  end: number;
  text: string;
  type: VariableType;
  /** Where it came from: "wink:DATE", "compromise:person", "propn-run", "quoted", "code", "focus-np" ... */
  source: string;
}

export type GenericizeRejection =
  | "too-short"
  | "nothing-specific"
  | "not-english"
  | "unsafe"
  | "duplicate"
  | "invalid-template";

export type GenericizeResult =
  | {
      ok: true;
      template: string;
      variables: TemplateVariable[];
      compatibleDocumentDescription: string;
      /** The spans of the query that became variables, for the UI. */
      spans: Span[];
    }
  | { ok: false; reason: GenericizeRejection; detail: string };

export interface TemplateValidation {
  ok: boolean;
  errors: { code: string; message: string; offset?: number }[];
  variables: TemplateVariable[];
}

export interface Document {
  id: string;
  text: string;
  title?: string;
}

/** k = 0 is the global view; k = 1..K are local Gaussian views centred at k/(K+1) of the text. */
export interface View {
  k: number;
  /** Character range that carries most of the view's weight (±2σ around the centre; whole text for k = 0). */
  start: number;
  end: number;
}

export interface MatchSettings {
  encoder: "lexical" | "dense" | "hybrid";
  /** Templates per document (paper: 6). */
  topN: number;
  /** Local views (paper: K = 5). */
  localViews: number;
  /** Width of a local view as a fraction of the document (paper: σ = 0.05). */
  sigma: number;
  /** Cosine threshold; undefined means the calibrated default of the encoder. */
  threshold?: number;
  /** Candidates retrieved from the ANN index per view before filtering. */
  candidatesPerView: number;
  /** Target share of matches by variable count: index i = templates with i+1 variables (last bucket = that many or more). */
  complexityTarget: number[];
  /** Max matches of one template within one call context (the run splits its global cap into per-shard quotas). */
  usageCap: number;
  /**
   * Score added per natural-log unit of a template's support (see SUPPORT_PRIOR); undefined means the default, 0 turns
   * the prior off.
   */
  supportPrior?: number;
  /** Score taken off per unit of a template's hubness over √support (see HUB_PENALTY); undefined means the default. */
  hubPenalty?: number;
  /**
   * Share of the global view's score in a template's score on a view (see GLOBAL_WEIGHT); undefined means the default, 0
   * scores each view alone.
   */
  globalWeight?: number;
}

export interface TemplateMatch {
  templateId: string;
  templateVersion: number;
  viewK: number;
  score: number;
  /** Candidates considered and why the others were dropped (below-threshold, incompatible, capped, not-sampled). */
  why?: { candidates: number; dropped: Record<string, number> };
}

export interface InstantiateSettings {
  /** Minimum share of answer tokens copied verbatim from the document (paper: 0.8). */
  minExcerptRatio: number;
  maxAnswerSentences: number;
}

export interface Excerpt {
  start: number;
  end: number;
}

export type InstantiateResult =
  | {
      ok: true;
      instruction: string;
      answer: string;
      /** description → fill text */
      fills: Record<string, string>;
      /** Document character ranges the answer copies. */
      excerpts: Excerpt[];
      excerptRatio: number;
      /** Built-in engine only: how well each fill fits its variable (type + description + context), and the answer's relevance. */
      fillScores?: Record<string, number>;
      /** Built-in engine only: the parts of each fill score, each 0..1 (type compatibility, description match, template context found around the fill). */
      fillDetails?: Record<string, { type: number; description: number; context: number }>;
      answerScore?: number;
    }
  | { ok: false; reason: string; detail: string };

export interface JudgeResult {
  score: 1 | 2 | 3 | 4 | 5;
  /** The continuous score (0..1) the 1–5 score was cut from; ranks pairs more finely (the eval's AUC uses it). */
  raw?: number;
  /** Each signal with its value and effect, e.g. { name: "answer-type", value: 1, note: "a year is present" }. */
  reasons: { name: string; value: number; note: string }[];
}

export interface JudgeSettings {
  /** Keep pairs scoring at least this (paper: 4). */
  threshold: number;
}

export interface AssembleSettings {
  /** Keep pairs while their tokens fit in the document's token count, rolling unused budget over. */
  tokenBudget: boolean;
}

export interface EngineSettings {
  seed: number;
  match: MatchSettings;
  instantiate: InstantiateSettings;
  judge: JudgeSettings;
  assemble: AssembleSettings;
}

/** One output row: the paper's columns plus provenance. */
export interface OutputRow {
  warc_record_id: string; // the document id
  template_id: string;
  instantiated_instruction: string;
  answer: string;
  synthetic_token_count: number;
  text: string; // "Instruction: …\n\nAnswer: …"
  template_version: number;
  view_k: number;
  match_score: number;
  judge_score: number;
  judge_reasons: string; // JSON
  excerpt_ratio: number;
  variable_count: number;
  answer_start: number; // first excerpt start / document length, 0..1
  engine: string; // e.g. "builtin-0.1/lexical"
  settings_hash: string;
}

/** Per-stage counters a batch reports; runs add them up. */
export interface StageCounters {
  documents: number;
  matched: number; // template matches proposed
  instantiated: number;
  judged: number;
  kept: number; // score >= threshold
  assembled: number; // rows written after the token budget
  rejections: Record<string, number>; // "instantiate:no-fill" → n
}
