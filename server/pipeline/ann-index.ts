// The template bank in the encoder's space, cached on disk by (template set, encoder, version).
// Dense vectors live in a usearch HNSW index. Lexical vectors are sparse: they are searched exactly through an
// inverted index (term → templates), which is both faster and exact compared with hashing them into an HNSW index.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { Index as AnnIndex } from "usearch";
import { denseDot } from "./encoders/dense";
import { createEncoder } from "./encoders/index";
import { templateKindTerms } from "./encoders/kinds";
import { templatePhraseTerms } from "./encoders/text";
import type { EncodedVector, Encoder, EncoderName, SparseVector } from "./encoders/types";
import { type Csr, LexicalCandidates } from "./lexical-candidates";
import type { EngineTemplate } from "./types";

export const INDEX_VERSION = "1";

/**
 * Template side text: its compatible document description, then the template with each variable as its description.
 * With ownWordsTwice (the lexical encoder) its own words come once more: they say what it asks, the descriptions only
 * what kind of thing fills it (recall@6 on the NQ halves 0.4665 / 0.5532 → 0.4773 / 0.5520, whole NQ 0.4453 either way
 * with MRR 0.3223 → 0.3245, SQuAD 0.5946 → 0.5960).
 * The lexical encoder also reads the template's kind terms (templateKindTerms) and phrase terms (templatePhraseTerms).
 */
export function templateSideText(t: EngineTemplate, ownWordsTwice = false): string {
  const own = ownWordsTwice ? `${t.text.replace(/<fi>[\s\S]*?<\/fi>/g, " ")}\n` : "";
  return `${t.compatibleDocumentDescription}\n${own}${t.text.replace(/<fi>([\s\S]*?)<\/fi>/g, "$1")}`;
}

export function templateSetHash(templates: EngineTemplate[]): string {
  const h = createHash("sha256");
  for (const t of templates) h.update(`${t.id}\u0000${t.version}\u0000${t.text}\u0000${t.compatibleDocumentDescription}\u0001`);
  return h.digest("hex").slice(0, 16);
}

export interface Candidate {
  /** Index into `TemplateIndex.templates`. */
  t: number;
  score: number;
}

/** Hybrid score = HYBRID_LEXICAL_WEIGHT × lexical cosine + (1 − it) × dense cosine. */
export const HYBRID_LEXICAL_WEIGHT = 0.5;

export class TemplateIndex {
  private readonly lexical: LexicalCandidates | null;
  /** The view being rescored, as a dense term → weight array (zero between rescores). */
  private readonly query: Float32Array;

  constructor(
    readonly templates: EngineTemplate[],
    readonly encoder: Encoder,
    readonly cacheKey: string,
    readonly fromCache: boolean,
    /** template → terms (lexical/hybrid) */
    private readonly rows: Csr | null,
    /** term → templates (lexical/hybrid) */
    postings: Csr | null,
    private readonly denseMatrix: Float32Array | null,
    private readonly ann: AnnIndex | null,
  ) {
    this.lexical = postings ? new LexicalCandidates(postings, templates.length) : null;
    this.query = new Float32Array(postings ? postings.ptr.length - 1 : 0);
  }

  get size(): number {
    return this.templates.length;
  }

  /** Encode documents' views in this index's space. */
  encodeViews(...args: Parameters<Encoder["encodeViews"]>): Promise<EncodedVector[][]> {
    return this.encoder.encodeViews(...args);
  }

  /** Exact score of one template against one encoded view. */
  score(t: number, v: EncodedVector): number {
    return this.scoreMany([t], v).get(t)!;
  }

  /** Exact scores of several templates against one encoded view (the view is scattered once). */
  scoreMany(ts: Iterable<number>, v: EncodedVector): Map<number, number> {
    const sparse = v.sparse && this.rows ? v.sparse : null;
    if (sparse) scatter(this.query, sparse, true);
    const out = new Map<number, number>();
    for (const t of ts) out.set(t, this.combine(sparse ? this.rowDot(t) : 0, this.denseScore(t, v)));
    if (sparse) scatter(this.query, sparse, false);
    return out;
  }

  private denseScore(t: number, v: EncodedVector): number {
    return v.dense && this.denseMatrix ? denseDot(v.dense, this.denseMatrix, t * this.encoder.dims) : 0;
  }

  private combine(lex: number, den: number): number {
    if (this.encoder.name === "lexical") return lex;
    if (this.encoder.name === "dense") return den;
    return HYBRID_LEXICAL_WEIGHT * lex + (1 - HYBRID_LEXICAL_WEIGHT) * den;
  }

  /** The k best templates for one view, best first, exactly rescored. */
  search(v: EncodedVector, k: number): Candidate[] {
    return this.searchViews([v], k)[0];
  }

  /** search() for all views of a document; lexical candidates are gathered in one pass over the postings. */
  searchViews(vs: EncodedVector[], k: number): Candidate[][] {
    if (this.templates.length === 0 || k <= 0) return vs.map(() => []);
    // Over-fetch, since skipped common terms can reorder the head once rescored exactly.
    const lexical = this.lexical && vs.every((v) => v.sparse) ? this.lexical.gather(vs.map((v) => v.sparse!), k * 2) : null;
    return vs.map((v, i) => this.rescore(v, lexical ? lexical[i] : [], k));
  }

  private rescore(v: EncodedVector, lexical: number[], k: number): Candidate[] {
    const n = this.templates.length;
    let ids: Iterable<number> = lexical;
    if (v.dense && this.ann) {
      const union = new Set(lexical);
      const m = this.ann.search(v.dense, Math.min(k, n), 0);
      for (const key of m.keys) union.add(Number(key));
      ids = union;
    }
    const sparse = v.sparse && this.rows ? v.sparse : null;
    if (sparse) scatter(this.query, sparse, true);
    const out: Candidate[] = [];
    for (const t of ids) out.push({ t, score: this.combine(sparse ? this.rowDot(t) : 0, this.denseScore(t, v)) });
    if (sparse) scatter(this.query, sparse, false);
    out.sort((a, b) => b.score - a.score || a.t - b.t);
    return out.slice(0, k);
  }

  /** A template row's dot product with the view scattered into `query` (rows hold their terms in order). */
  private rowDot(t: number): number {
    const { ptr, col, val } = this.rows!;
    const q = this.query;
    let s = 0;
    for (let i = ptr[t], end = ptr[t + 1]; i < end; i++) {
      const w = q[col[i]];
      if (w !== 0) s += val[i] * w;
    }
    return s;
  }
}

/** Writes a sparse vector's weights into a dense array, or zeroes them again. */
function scatter(dense: Float32Array, v: SparseVector, on: boolean): void {
  for (let j = 0; j < v.idx.length; j++) dense[v.idx[j]] = on ? v.val[j] : 0;
}

function buildCsr(nRows: number, nCols: number, vectors: SparseVector[]): { rows: Csr; postings: Csr } {
  const ptr = new Int32Array(nRows + 1);
  let nnz = 0;
  vectors.forEach((v, i) => {
    nnz += v.idx.length;
    ptr[i + 1] = nnz;
  });
  const col = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  vectors.forEach((v, i) => {
    col.set(v.idx, ptr[i]);
    val.set(v.val, ptr[i]);
  });
  const pptr = new Int32Array(nCols + 1);
  for (let i = 0; i < nnz; i++) pptr[col[i] + 1]++;
  for (let c = 0; c < nCols; c++) pptr[c + 1] += pptr[c];
  const fill = pptr.slice(0, nCols);
  const pcol = new Int32Array(nnz);
  const pval = new Float32Array(nnz);
  for (let r = 0; r < nRows; r++)
    for (let i = ptr[r]; i < ptr[r + 1]; i++) {
      const at = fill[col[i]]++;
      pcol[at] = r;
      pval[at] = val[i];
    }
  return { rows: { ptr, col, val }, postings: { ptr: pptr, col: pcol, val: pval } };
}

export interface OpenIndexOptions {
  templates: EngineTemplate[];
  encoder: EncoderName;
  /** Where the index is cached; nothing is written outside it. Omit to build in memory only. */
  cacheDir?: string;
  /** Replaces the built-in dense model (dense and hybrid encoders); its version keys the cache. */
  denseEncoder?: Encoder;
}

const f32 = (b: Buffer) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const i32 = (b: Buffer) => new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const buf = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

// usearch's ESM entry hangs when imported inside a worker thread (tsx, Node 20); its CommonJS entry loads fine.
const usearch = createRequire(import.meta.url)("usearch") as typeof import("usearch");

function newAnn(dims: number): AnnIndex {
  return new usearch.Index({
    dimensions: dims,
    metric: usearch.MetricKind.Cos,
    quantization: usearch.ScalarKind.F32,
    connectivity: 16,
    expansion_add: 128,
    expansion_search: 96,
    multi: false,
  });
}

/** Load the index for (templates, encoder) from `cacheDir`, or build it and save it there. */
export async function openTemplateIndex(opts: OpenIndexOptions): Promise<TemplateIndex> {
  const encoder = createEncoder(opts.encoder, opts.denseEncoder);
  const { templates } = opts;
  const key = `${encoder.name}-${encoder.version}-v${INDEX_VERSION}-${templateSetHash(templates)}`;
  const dir = opts.cacheDir ? path.join(opts.cacheDir, key) : null;
  const lexical = encoder.name !== "dense";
  const dense = encoder.name !== "lexical";

  if (dir && existsSync(path.join(dir, "meta.json"))) {
    const meta = JSON.parse(readFileSync(path.join(dir, "meta.json"), "utf8")) as { state: unknown; vocab: number };
    encoder.importState(meta.state);
    let rows: Csr | null = null;
    let postings: Csr | null = null;
    if (lexical) {
      const r = (n: string) => readFileSync(path.join(dir, n));
      rows = { ptr: i32(r("rows.ptr")), col: i32(r("rows.col")), val: f32(r("rows.val")) };
      postings = { ptr: i32(r("post.ptr")), col: i32(r("post.col")), val: f32(r("post.val")) };
    }
    let matrix: Float32Array | null = null;
    let ann: AnnIndex | null = null;
    if (dense) {
      matrix = f32(readFileSync(path.join(dir, "dense.f32")));
      ann = newAnn(encoder.dims);
      ann.load(path.join(dir, "dense.usearch"));
    }
    return new TemplateIndex(templates, encoder, key, true, rows, postings, matrix, ann);
  }

  const texts = templates.map((t) => templateSideText(t, encoder.name === "lexical"));
  const kinds = templates.map((t) => [...templateKindTerms(t), ...templatePhraseTerms(t.text)]);
  encoder.fit(texts, kinds);
  const vectors = await encoder.encodeTemplates(texts, kinds);
  let rows: Csr | null = null;
  let postings: Csr | null = null;
  const vocab = lexical ? ((encoder.exportState() as { terms: string[] }).terms.length) : 0;
  if (lexical) ({ rows, postings } = buildCsr(templates.length, vocab, vectors.map((v) => v.sparse!)));
  let matrix: Float32Array | null = null;
  let ann: AnnIndex | null = null;
  if (dense) {
    matrix = new Float32Array(templates.length * encoder.dims);
    vectors.forEach((v, i) => matrix!.set(v.dense!, i * encoder.dims));
    ann = newAnn(encoder.dims);
    if (templates.length > 0)
      ann.add(
        BigUint64Array.from(templates, (_, i) => BigInt(i)),
        vectors.map((v) => v.dense!),
        0,
      );
  }

  if (dir) {
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    mkdirSync(tmp, { recursive: true });
    const w = (n: string, b: Buffer | string) => writeFileSync(path.join(tmp, n), b);
    if (rows && postings) {
      w("rows.ptr", buf(rows.ptr));
      w("rows.col", buf(rows.col));
      w("rows.val", buf(rows.val));
      w("post.ptr", buf(postings.ptr));
      w("post.col", buf(postings.col));
      w("post.val", buf(postings.val));
    }
    if (matrix && ann) {
      w("dense.f32", buf(matrix));
      ann.save(path.join(tmp, "dense.usearch"));
    }
    w("meta.json", JSON.stringify({ key, templates: templates.length, vocab, state: encoder.exportState() }));
    try {
      renameSync(tmp, dir);
    } catch {
      // Another thread or process saved the same index first: theirs is identical.
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return new TemplateIndex(templates, encoder, key, false, rows, postings, matrix, ann);
}
