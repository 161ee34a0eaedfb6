// Lexical encoder: BM25-style saturated term weights times IDF learned from the template bank, exact sparse
// cosine. Terms common across templates ("document", "name") get little weight by themselves. Forms of one word
// family ("won", "wins", "winner") share a term, so a question's wording matches a document's. Templates and documents
// also carry kind terms (kinds.ts) and phrase terms (two adjacent content words, text.ts; a template's come with its
// kind terms), and documents the question words their wording stands for (question-words.ts).
import { viewWeights } from "../views";
import { familyRoots } from "./families";
import { documentKindTerms } from "./kinds";
import { CAST_WORD, castEntries, QUESTION_WORD_PAIRS, QUESTION_WORD_WEIGHT } from "./question-words";
import { phraseTerms, wordTokens } from "./text";
import type { EncodedVector, Encoder, SparseVector, ViewGeometry, ViewInput } from "./types";

const K1 = 1.2;
/** Below this Gaussian weight a token is outside a local view (beyond ~3σ). */
const MIN_WEIGHT = 0.01;

interface LexicalState {
  terms: string[];
  idf: number[];
  oovIdf: number;
  /** Other forms of a term's family → the term's index. */
  aliases: [string, number][];
}

export class LexicalEncoder implements Encoder {
  readonly name = "lexical" as const;
  readonly version = "lex-7";
  readonly dims = 0;
  /** Term and alias → term index. */
  private vocab = new Map<string, number>();
  private terms: string[] = [];
  private aliases: [string, number][] = [];
  private idf = new Float32Array(0);
  /** Weight of a document term no template has: it still dilutes the cosine like any rare term. */
  private oovIdf = 1;
  /** Document word term → the question word terms it stands for. */
  private questionWords = new Map<number, number[]>();

  fit(templateTexts: string[], kindTerms: string[][] = []): void {
    const roots = familyRoots();
    const root = (t: string) => roots.get(t) ?? t;
    const df = new Map<string, number>();
    templateTexts.forEach((text, i) => {
      for (const t of new Set([...wordTokens(text).terms.map(root), ...(kindTerms[i] ?? [])])) df.set(t, (df.get(t) ?? 0) + 1);
    });
    this.terms = [...df.keys()].sort();
    const n = templateTexts.length;
    this.idf = Float32Array.from(this.terms, (t) => Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5)));
    this.oovIdf = Math.log(1 + (n + 0.5) / 1.5);
    const ids = new Map(this.terms.map((t, i) => [t, i]));
    this.aliases = [];
    for (const [form, r] of roots) {
      const id = ids.get(r);
      if (id !== undefined) this.aliases.push([form, id]);
    }
    this.aliases.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.buildVocab();
  }

  private buildVocab(): void {
    this.vocab = new Map(this.terms.map((t, i) => [t, i]));
    for (const [form, id] of this.aliases) this.vocab.set(form, id);
    this.questionWords = new Map();
    for (const [d, q] of QUESTION_WORD_PAIRS) {
      const [di, qi] = [this.vocab.get(d), this.vocab.get(q)];
      if (di !== undefined && qi !== undefined && di !== qi) this.questionWords.set(di, [...(this.questionWords.get(di) ?? []), qi]);
    }
  }

  exportState(): LexicalState {
    return { terms: this.terms, idf: Array.from(this.idf), oovIdf: this.oovIdf, aliases: this.aliases };
  }

  importState(state: unknown): void {
    const s = state as LexicalState;
    this.terms = s.terms;
    this.idf = Float32Array.from(s.idf);
    this.oovIdf = s.oovIdf;
    this.aliases = s.aliases;
    this.buildVocab();
  }

  idfOf(termId: number): number {
    return this.idf[termId];
  }

  get vocabularySize(): number {
    return this.terms.length;
  }

  async encodeTemplates(texts: string[], kindTerms: string[][] = []): Promise<EncodedVector[]> {
    return texts.map((t, i) => ({ sparse: this.encodeTerms([...wordTokens(t).terms, ...(kindTerms[i] ?? [])], null) }));
  }

  async encodeViews(docs: ViewInput[], g: ViewGeometry): Promise<EncodedVector[][]> {
    return docs.map(({ text, views }) => {
      const words = wordTokens(text);
      const kinds = documentKindTerms(text);
      // Term ids once per document; unknown terms get ids past the vocabulary (they only count in the norm).
      const oov = new Map<string, number>();
      const V = this.terms.length;
      const idOf = (t: string) => this.vocab.get(t) ?? V + (oov.get(t) ?? oov.set(t, oov.size).get(t)!);
      const ids: number[] = [];
      const offsets: number[] = [];
      const tf: number[] = [];
      const add = (id: number, at: number, w: number) => {
        ids.push(id);
        offsets.push(at);
        tf.push(w);
      };
      words.terms.forEach((t, i) => add(idOf(t), words.offsets[i], 1));
      for (let i = 0, n = ids.length; i < n; i++) for (const q of this.questionWords.get(ids[i]) ?? []) add(q, offsets[i], QUESTION_WORD_WEIGHT);
      const cast = this.vocab.get(CAST_WORD);
      if (cast !== undefined) for (const at of castEntries(text)) add(cast, at, 1);
      kinds.terms.forEach((t, i) => add(idOf(t), kinds.offsets[i], kinds.weights[i]));
      // A phrase no template has would only dilute the norm by the document's length.
      const phrases = phraseTerms(text, words);
      phrases.terms.forEach((t, i) => {
        const id = this.vocab.get(t);
        if (id !== undefined) add(id, phrases.offsets[i], 1);
      });
      const idArr = Int32Array.from(ids);
      return views.map((v) => {
        const w = viewWeights(offsets, text.length, v, g.localViews, g.sigma);
        for (let i = 0; i < w.length; i++) w[i] *= tf[i];
        return { sparse: this.encodeIds(idArr, w) };
      });
    });
  }

  /** Saturated weighted term frequency × IDF, L2-normalised over all terms (unknown ones included). */
  encodeTerms(terms: string[], weights: Float32Array | null): SparseVector {
    const V = this.terms.length;
    const oov = new Map<string, number>();
    const ids = Int32Array.from(terms, (t) => this.vocab.get(t) ?? V + (oov.get(t) ?? oov.set(t, oov.size).get(t)!));
    return this.encodeIds(ids, weights);
  }

  /** Scratch term frequencies by term id (zero between calls). */
  private tf = new Float64Array(0);

  private encodeIds(ids: Int32Array, weights: Float32Array | null): SparseVector {
    const V = this.terms.length;
    if (this.tf.length < V + ids.length) this.tf = new Float64Array(V + ids.length);
    const tf = this.tf;
    // Ids in the order first seen: unknown terms' squares are summed in that order.
    const seen: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const w = weights ? weights[i] : 1;
      if (!(w >= MIN_WEIGHT)) continue;
      if (tf[ids[i]] === 0) seen.push(ids[i]);
      tf[ids[i]] += w;
    }
    const known: number[] = [];
    let sq = 0;
    for (const id of seen) {
      const f = tf[id];
      if (id < V) known.push(id);
      else sq += ((this.oovIdf * f * (K1 + 1)) / (f + K1)) ** 2;
    }
    const idx = Uint32Array.from(known).sort();
    const val = new Float32Array(idx.length);
    for (let i = 0; i < idx.length; i++) {
      const f = tf[idx[i]];
      val[i] = (this.idf[idx[i]] * f * (K1 + 1)) / (f + K1);
      sq += val[i] * val[i];
    }
    for (const id of seen) tf[id] = 0;
    const norm = Math.sqrt(sq) || 1;
    for (let i = 0; i < val.length; i++) val[i] /= norm;
    return { idx, val };
  }
}

export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.idx.length && j < b.idx.length) {
    if (a.idx[i] === b.idx[j]) s += a.val[i++] * b.val[j++];
    else if (a.idx[i] < b.idx[j]) i++;
    else j++;
  }
  return s;
}
