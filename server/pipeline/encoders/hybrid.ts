// Hybrid: both vectors; the index retrieves candidates with each and scores them with a weighted sum of the cosines.
import { DenseEncoder } from "./dense";
import { LexicalEncoder } from "./lexical";
import type { EncodedVector, Encoder, ViewGeometry, ViewInput } from "./types";

export class HybridEncoder implements Encoder {
  readonly name = "hybrid" as const;
  readonly lexical = new LexicalEncoder();
  readonly version: string;
  readonly dims: number;
  /** `dense`: the built-in model, or another dense encoder (a model server's /v1/embeddings). */
  constructor(readonly dense: Encoder = new DenseEncoder()) {
    this.version = `${this.lexical.version}+${dense.version}`;
    this.dims = dense.dims;
  }
  fit(templateTexts: string[], kindTerms?: string[][]): void {
    this.lexical.fit(templateTexts, kindTerms);
  }
  exportState(): unknown {
    return this.lexical.exportState();
  }
  importState(state: unknown): void {
    this.lexical.importState(state);
  }
  async encodeTemplates(texts: string[], kindTerms?: string[][]): Promise<EncodedVector[]> {
    const [l, d] = await Promise.all([this.lexical.encodeTemplates(texts, kindTerms), this.dense.encodeTemplates(texts)]);
    return l.map((v, i) => ({ sparse: v.sparse, dense: d[i].dense }));
  }
  async encodeViews(docs: ViewInput[], g: ViewGeometry): Promise<EncodedVector[][]> {
    const [l, d] = await Promise.all([this.lexical.encodeViews(docs, g), this.dense.encodeViews(docs, g)]);
    return l.map((views, i) => views.map((v, k) => ({ sparse: v.sparse, dense: d[i][k].dense })));
  }
}
