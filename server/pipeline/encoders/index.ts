import { DenseEncoder } from "./dense";
import { HybridEncoder } from "./hybrid";
import { LexicalEncoder } from "./lexical";
import type { Encoder, EncoderName } from "./types";

export type { Encoder, EncoderName, EncodedVector, SparseVector, ViewGeometry } from "./types";

export function createEncoder(name: EncoderName): Encoder {
  switch (name) {
    case "lexical":
      return new LexicalEncoder();
    case "dense":
      return new DenseEncoder();
    case "hybrid":
      return new HybridEncoder();
  }
}
