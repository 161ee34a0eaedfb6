// A dense encoder backed by an OpenAI-compatible /v1/embeddings endpoint (e.g. BGE-M3 served by vLLM, TEI or
// llama.cpp, the paper's embedding model family; or OpenAI's text-embedding-3-*). Implements the Encoder interface of
// ../encoders: unit-length vectors, so a dot product is a cosine. Views are embedded from their text, as the in-process
// dense encoder does (the paper's Gaussian pooling happens inside its fine-tuned model and is not exposed over HTTP).
import type { EncodedVector, Encoder, ViewGeometry, ViewInput } from "../encoders/types";
import { embeddingInput, normalize } from "../encoders/vectors";
import type { View } from "../types";
import { viewText } from "../views";
import type { ModelClient } from "./client";

export interface EmbeddingsEncoderOptions {
  /** Inputs per request (default 64). */
  batchSize?: number;
  /** Characters per input; longer texts are cut (default 8 000, ~2k tokens). */
  maxChars?: number;
  /** Requests in flight from this encoder; the client's own limit still applies (default 2). */
  parallelBatches?: number;
  /** Known dimensions; otherwise learned from the first response (or `probe()`). */
  dims?: number;
}

export class EmbeddingsEncoder implements Encoder {
  readonly name = "dense" as const;
  readonly version: string;
  private _dims: number;
  private readonly batchSize: number;
  private readonly maxChars: number;
  private readonly parallel: number;

  constructor(
    readonly client: ModelClient,
    readonly model: string,
    opts: EmbeddingsEncoderOptions = {},
  ) {
    this.version = `endpoint:${model}`;
    this._dims = opts.dims ?? 0;
    this.batchSize = Math.max(1, opts.batchSize ?? 64);
    this.maxChars = opts.maxChars ?? 8000;
    this.parallel = Math.max(1, opts.parallelBatches ?? 2);
  }

  /** 0 until the first response (or probe) tells the dimensions. */
  get dims(): number {
    return this._dims;
  }

  /** Embeds one short text to learn the dimensions (and to fail early with a clear error). */
  async probe(): Promise<number> {
    if (!this._dims) await this.embed(["dimension probe"]);
    return this._dims;
  }

  fit(): void {}
  exportState(): unknown {
    return { model: this.model, dims: this._dims };
  }
  importState(state: unknown): void {
    const d = (state as { dims?: unknown } | null)?.dims;
    if (typeof d === "number" && d > 0 && !this._dims) this._dims = d;
  }

  async encodeTemplates(texts: string[]): Promise<EncodedVector[]> {
    return (await this.embed(texts)).map((dense) => ({ dense }));
  }

  /** All views of all documents in one batched stream of requests. */
  async encodeViews(docs: ViewInput[], _geometry?: ViewGeometry): Promise<EncodedVector[][]> {
    const flat = await this.embed(docs.flatMap(({ text, views }) => views.map((v: View) => viewText(text, v))));
    let at = 0;
    return docs.map(({ views }) => views.map(() => ({ dense: flat[at++] })));
  }

  /** Batched, order-preserving, unit-normalised embeddings. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = new Array(texts.length);
    const batches: number[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) batches.push(i);
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const start = batches[next++];
        const input = texts.slice(start, start + this.batchSize).map((t) => embeddingInput(t, this.maxChars));
        const { vectors } = await this.client.embed(this.model, input);
        vectors.forEach((v, j) => {
          if (this._dims && v.length !== this._dims)
            throw new Error(`embeddings from ${this.client.baseUrl} (model ${this.model}) have ${v.length} dimensions, expected ${this._dims}`);
          this._dims ||= v.length;
          out[start + j] = normalize(Float32Array.from(v));
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallel, batches.length) }, worker));
    return out;
  }
}

/** An encoder whose dimensions are known (probed) before it is handed to an index. */
export async function createEmbeddingsEncoder(client: ModelClient, model: string, opts: EmbeddingsEncoderOptions = {}): Promise<EmbeddingsEncoder> {
  const enc = new EmbeddingsEncoder(client, model, opts);
  await enc.probe();
  return enc;
}
