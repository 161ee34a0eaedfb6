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
    const out = this.top(nv, touched, Math.min(touched, take));
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

  /**
   * Each view's k best templates with a positive partial score, in one pass over the block: a size-k min-heap per view
   * (worst at its root); a score below a full heap's root is rejected with one comparison.
   */
  private top(nv: number, touched: number, k: number): number[][] {
    const { joint, slotTemplate } = this;
    if (this.heapScore.length < k * nv) [this.heapScore, this.heapTemplate] = [new Float32Array(k * nv), new Int32Array(k * nv)];
    const sizes = new Int32Array(nv);
    // The root of each view's heap once it is full; until then nothing is rejected.
    const minScore = new Float64Array(nv);
    const minTemplate = new Int32Array(nv);
    for (let s = 0; s < touched; s++) {
      const base = s * nv;
      for (let v = 0; v < nv; v++) {
        const x = joint[base + v];
        if (!(x > 0) || x < minScore[v]) continue;
        const t = slotTemplate[s];
        if (sizes[v] === k && x === minScore[v] && t > minTemplate[v]) continue;
        this.push(v * k, sizes[v], k, x, t);
        if (sizes[v] < k) sizes[v]++;
        if (sizes[v] === k) {
          minScore[v] = this.heapScore[v * k];
          minTemplate[v] = this.heapTemplate[v * k];
        }
      }
    }
    return Array.from(sizes, (size, v) => Array.from(this.heapTemplate.subarray(v * k, v * k + size)));
  }

  /** Adds (x, t) to the heap at offset o holding `size` entries: appended while not full, else in place of the root. */
  private push(o: number, size: number, k: number, x: number, t: number): void {
    const { heapScore: hs, heapTemplate: ht } = this;
    // Whether entry i of the heap is worse than (x, t).
    const worse = (i: number) => hs[o + i] < x || (hs[o + i] === x && ht[o + i] > t);
    let i: number;
    if (size < k) {
      // Sift the hole up from the end.
      for (i = size; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (worse(parent)) break;
        hs[o + i] = hs[o + parent];
        ht[o + i] = ht[o + parent];
        i = parent;
      }
    } else {
      // Sift the hole down from the root.
      for (i = 0; ; ) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const m = r < size && (hs[o + r] < hs[o + l] || (hs[o + r] === hs[o + l] && ht[o + r] > ht[o + l])) ? r : l;
        if (!worse(m)) break;
        hs[o + i] = hs[o + m];
        ht[o + i] = ht[o + m];
        i = m;
      }
    }
    hs[o + i] = x;
    ht[o + i] = t;
  }

  private reset(nTerms: number, touched: number, nv: number): void {
    for (let s = 0; s < touched; s++) this.slotOf[this.slotTemplate[s]] = -1;
    this.joint.fill(0, 0, touched * nv);
    for (let r = 0; r < nTerms; r++) this.termRow[this.termIds[r]] = -1;
    this.termWeights.fill(0, 0, nTerms * nv);
  }
}
