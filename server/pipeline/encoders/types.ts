import type { View } from "../types";

export type EncoderName = "lexical" | "dense" | "hybrid";

/** Sorted term ids with weights; L2-normalised, so a dot product is a cosine. */
export interface SparseVector {
  idx: Uint32Array;
  val: Float32Array;
}

/** A vector in an encoder's space: lexical fills `sparse`, dense fills `dense` (unit length), hybrid both. */
export interface EncodedVector {
  sparse?: SparseVector;
  dense?: Float32Array;
}

export interface ViewInput {
  text: string;
  views: View[];
}

export interface ViewGeometry {
  localViews: number;
  sigma: number;
}

/**
 * One interface for every encoder. `fit` learns what the encoder needs from the template side (the lexical IDF);
 * its state round-trips through `exportState`/`importState` so a cached index restores it without refitting.
 */
export interface Encoder {
  readonly name: EncoderName;
  /** Bumped whenever vectors change, so cached indexes are rebuilt. */
  readonly version: string;
  readonly dims: number;
  /** `kindTerms`: each template's kind terms (kinds.ts), read by the lexical encoder only. */
  fit(templateTexts: string[], kindTerms?: string[][]): void;
  exportState(): unknown;
  importState(state: unknown): void;
  encodeTemplates(texts: string[], kindTerms?: string[][]): Promise<EncodedVector[]>;
  /** Encode the views of many documents at once (the dense model is much faster on batches). */
  encodeViews(docs: ViewInput[], geometry: ViewGeometry): Promise<EncodedVector[][]>;
}
