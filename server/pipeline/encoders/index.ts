import { DenseEncoder } from "./dense";
import { HybridEncoder } from "./hybrid";
import { LexicalEncoder } from "./lexical";
import type { Encoder, EncoderName } from "./types";

export type { Encoder, EncoderName, EncodedVector, SparseVector, ViewGeometry } from "./types";

/** `dense` replaces the built-in dense model in the dense and hybrid encoders (e.g. a model server's embeddings). */
export function createEncoder(name: EncoderName, dense?: Encoder): Encoder {
  switch (name) {
    case "lexical":
      return new LexicalEncoder();
    case "dense":
      return dense ?? new DenseEncoder();
    case "hybrid":
      return new HybridEncoder(dense);
  }
}
