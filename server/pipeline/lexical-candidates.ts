// Lexical candidate gathering: the approximate top templates of each view of a document, read from the inverted index
// (term → templates) in one pass over the postings for all views. The caller rescores them exactly.
import type { SparseVector } from "./encoders/types";

/** Compressed sparse rows: row r's entries are col/val[ptr[r] .. ptr[r + 1]). */
export interface Csr {
  ptr: Int32Array;
  col: Int32Array;
  val: Float32Array;
}

/**
 * Terms in more than this share of a large bank (and more than MIN_SKIPPED_POSTINGS templates) are skipped: their IDF is
 * low and their postings dominate the cost. Candidates are then rescored exactly.
 */
const MAX_POSTING_SHARE = 0.01;
const MIN_SKIPPED_POSTINGS = 500;

/**
 * Scratch state reused across documents (one instance per index, one document at a time). The templates a document
 * touches get consecutive slots, so partial scores live in a small dense block instead of one row per template of the
 * bank: the random accesses of the postings pass hit a 4-byte slot table, and everything after it is sequential.
 */
export class LexicalCandidates {
  /** Template → its slot for the current document, −1 when untouched. */
  private readonly slotOf: Int32Array;
  /** Slot → template. */
  private readonly slotTemplate: Int32Array;
  /** Slot × view partial scores. */
  private joint = new Float32Array(0);
  /** Term → its row in `termWeights` for the current document, −1 when absent. */
  private readonly termRow: Int32Array;
  /** Term row × view weights. */
  private termWeights = new Float32Array(0);
  /** Term row → term. */
  private readonly termIds: Int32Array;
  private heapScore = new Float32Array(0);
  private heapTemplate = new Int32Array(0);
  private readonly maxPostings: number;

  constructor(
    private readonly postings: Csr,
    templates: number,
  ) {
    const terms = postings.ptr.length - 1;
    this.slotOf = new Int32Array(templates).fill(-1);
    this.slotTemplate = new Int32Array(templates);
    this.termRow = new Int32Array(terms).fill(-1);
    this.termIds = new Int32Array(terms);
    this.maxPostings = Math.max(MIN_SKIPPED_POSTINGS, templates * MAX_POSTING_SHARE);
  }

  /**
   * For each view, the (up to) `take` templates with the highest partial score (ties: lower template first), in no
   * particular order; `take` is capped at the number of templates the document touches.
   */
  gather(qs: SparseVector[], take: number): number[][] {
    const nv = qs.length;
    if (this.joint.length < this.slotOf.length * nv) this.joint = new Float32Array(this.slotOf.length * nv);
    const nTerms = this.collectTerms(qs);
    const touched = this.accumulate(nTerms, nv);
    const k = Math.min(touched, take);
    if (this.heapScore.length < k) [this.heapScore, this.heapTemplate] = [new Float32Array(k), new Int32Array(k)];
    const out = qs.map((_, v) => this.top(v, nv, touched, k));
    this.reset(nTerms, touched, nv);
    return out;
  }

  /** Rows of `termWeights` for each distinct term of the views, in first-seen order (view by view); returns their count. */
  private collectTerms(qs: SparseVector[]): number {
    const nv = qs.length;
    const { termRow, termIds } = this;
    const cap = qs.reduce((a, q) => a + q.idx.length, 0) * nv;
    if (this.termWeights.length < cap) this.termWeights = new Float32Array(cap);
    const w = this.termWeights;
    let n = 0;
    qs.forEach((q, v) => {
      for (let j = 0; j < q.idx.length; j++) {
        const term = q.idx[j];
        let row = termRow[term];
        if (row < 0) {
          row = termRow[term] = n;
          termIds[n++] = term;
        }
        w[row * nv + v] = q.val[j];
      }
    });
    return n;
  }

  /** Adds each term's postings to the partial scores of every view; returns the number of templates touched. */
  private accumulate(nTerms: number, nv: number): number {
    const { ptr, col, val } = this.postings;
    const { slotOf, slotTemplate, joint, termIds, maxPostings } = this;
    const w = this.termWeights;
    let touched = 0;
    for (let r = 0; r < nTerms; r++) {
      const term = termIds[r];
      const start = ptr[term];
      const end = ptr[term + 1];
      if (end - start > maxPostings) continue;
      const wr = r * nv;
      for (let i = start; i < end; i++) {
        const t = col[i];
        let s = slotOf[t];
        if (s < 0) {
          s = slotOf[t] = touched;
          slotTemplate[touched++] = t;
        }
        const x = val[i];
        const base = s * nv;
        for (let v = 0; v < nv; v++) joint[base + v] += w[wr + v] * x;
      }
    }
    return touched;
  }

  /** The k best templates of view v with a positive partial score: a size-k min-heap (worst at the root). */
  private top(v: number, nv: number, touched: number, k: number): number[] {
    const { joint, slotTemplate, heapScore: hs, heapTemplate: ht } = this;
    const worse = (a: number, b: number) => hs[a] < hs[b] || (hs[a] === hs[b] && ht[a] > ht[b]);
    const swap = (a: number, b: number) => {
      [hs[a], hs[b]] = [hs[b], hs[a]];
      [ht[a], ht[b]] = [ht[b], ht[a]];
    };
    let size = 0;
    // The root (worst kept) while the heap is full; until then nothing is rejected.
    let minScore = -Infinity;
    let minTemplate = -1;
    for (let s = 0; s < touched; s++) {
      const x = joint[s * nv + v];
      if (!(x > 0) || x < minScore) continue;
      const t = slotTemplate[s];
      if (x === minScore && t > minTemplate) continue;
      if (size < k) {
        hs[size] = x;
        ht[size] = t;
        for (let i = size++; i > 0; ) {
          const parent = (i - 1) >> 1;
          if (!worse(i, parent)) break;
          swap(i, parent);
          i = parent;
        }
        if (size < k) continue;
      } else {
        hs[0] = x;
        ht[0] = t;
        for (let i = 0; ; ) {
          const l = 2 * i + 1;
          const m = l + 1 < size && worse(l + 1, l) ? l + 1 : l;
          if (l >= size || !worse(m, i)) break;
          swap(i, m);
          i = m;
        }
      }
      minScore = hs[0];
      minTemplate = ht[0];
    }
    return Array.from(ht.subarray(0, size));
  }

  private reset(nTerms: number, touched: number, nv: number): void {
    for (let s = 0; s < touched; s++) this.slotOf[this.slotTemplate[s]] = -1;
    this.joint.fill(0, 0, touched * nv);
    for (let r = 0; r < nTerms; r++) this.termRow[this.termIds[r]] = -1;
    this.termWeights.fill(0, 0, nTerms * nv);
  }
}
