import { describe, expect, it } from "vitest";
import { type Csr, LexicalCandidates } from "./lexical-candidates";
import { makeRng } from "./rng";
import type { SparseVector } from "./encoders/types";

/** Postings of a random bank; weights are multiples of 1/8, so every sum is exact and ties are frequent. */
function randomBank(templates: number, terms: number, rng: () => number): { postings: Csr; rows: Map<number, number>[] } {
  const rows = Array.from({ length: templates }, () => {
    const m = new Map<number, number>();
    for (let i = 0; i < 4; i++) m.set(Math.floor(rng() * terms), (1 + Math.floor(rng() * 4)) / 8);
    return m;
  });
  const ptr = new Int32Array(terms + 1);
  const col: number[] = [];
  const val: number[] = [];
  for (let term = 0; term < terms; term++) {
    rows.forEach((r, t) => {
      if (r.has(term)) {
        col.push(t);
        val.push(r.get(term)!);
      }
    });
    ptr[term + 1] = col.length;
  }
  return { postings: { ptr, col: Int32Array.from(col), val: Float32Array.from(val) }, rows };
}

function randomQuery(terms: number, rng: () => number): SparseVector {
  const idx = [...new Set(Array.from({ length: 6 }, () => Math.floor(rng() * terms)))].sort((a, b) => a - b);
  return { idx: Uint32Array.from(idx), val: Float32Array.from(idx, () => (1 + Math.floor(rng() * 4)) / 8) };
}

describe("lexical candidates", () => {
  it("are each view's top templates by partial score (ties: lower template first), document after document", () => {
    const rng = makeRng("lexical-candidates");
    const { postings, rows } = randomBank(300, 40, rng);
    const gatherer = new LexicalCandidates(postings, rows.length);
    for (let doc = 0; doc < 20; doc++) {
      const views = Array.from({ length: 3 }, () => randomQuery(40, rng));
      const take = 1 + Math.floor(rng() * 30);
      const got = gatherer.gather(views, take);
      views.forEach((q, v) => {
        const scored = rows
          .map((r, t) => ({ t, s: Array.from(q.idx).reduce((a, term, j) => a + (r.get(term) ?? 0) * q.val[j], 0) }))
          .filter((x) => x.s > 0)
          .sort((a, b) => b.s - a.s || a.t - b.t);
        expect([...got[v]].sort((a, b) => a - b)).toEqual(scored.slice(0, take).map((x) => x.t).sort((a, b) => a - b));
      });
    }
  });
});
