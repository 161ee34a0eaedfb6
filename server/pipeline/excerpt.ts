// <excerpt>first words<...>last words</excerpt> markers, as the paper's instantiator writes them for long copies.
import type { Excerpt } from "./types";
import { wordTokens } from "./tokens";

export type ExpandResult =
  | { ok: true; text: string; excerpts: Excerpt[]; excerptRatio: number }
  | { ok: false; reason: "excerpt-not-found" | "excerpt-ambiguous" | "excerpt-malformed"; detail: string };

const MARKER = /<excerpt>([\s\S]*?)<\/excerpt>/g;

/** Finds every occurrence of needle in hay (non-overlapping starts). */
function occurrences(hay: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/**
 * Expands each marker to the exact document span. A marker is `<excerpt>start<...>end</excerpt>` (expanded to the
 * shortest span from an occurrence of start to the next occurrence of end) or `<excerpt>verbatim</excerpt>`.
 * Exactly one span must match, otherwise the whole answer is rejected.
 */
export function expandExcerpts(answer: string, document: string): ExpandResult {
  const excerpts: Excerpt[] = [];
  let out = "";
  let last = 0;
  let m: RegExpExecArray | null;
  const re = new RegExp(MARKER.source, "g");
  while ((m = re.exec(answer))) {
    out += answer.slice(last, m.index);
    last = m.index + m[0].length;
    const body = m[1];
    const sep = body.indexOf("<...>");
    let span: Excerpt;
    if (sep < 0) {
      const needle = body.trim();
      const hits = occurrences(document, needle);
      if (!needle) return { ok: false, reason: "excerpt-malformed", detail: "empty excerpt" };
      if (hits.length === 0) return { ok: false, reason: "excerpt-not-found", detail: `"${needle.slice(0, 60)}" is not in the document` };
      if (hits.length > 1) return { ok: false, reason: "excerpt-ambiguous", detail: `"${needle.slice(0, 60)}" occurs ${hits.length} times` };
      span = { start: hits[0], end: hits[0] + needle.length };
    } else {
      const head = body.slice(0, sep).trim();
      const tail = body.slice(sep + 5).trim();
      if (!head || !tail || tail.includes("<...>")) return { ok: false, reason: "excerpt-malformed", detail: "marker needs text before and after one <...>" };
      const spans: Excerpt[] = [];
      for (const s of occurrences(document, head)) {
        const e = document.indexOf(tail, s + head.length);
        if (e >= 0) spans.push({ start: s, end: e + tail.length });
      }
      // Two starts reaching the same end are one span only if one contains the other's start; keep distinct ends.
      const distinct = spans.filter((sp, i) => !spans.some((o, j) => j !== i && o.end === sp.end && o.start > sp.start));
      if (distinct.length === 0) return { ok: false, reason: "excerpt-not-found", detail: `no span from "${head.slice(0, 40)}" to "${tail.slice(0, 40)}"` };
      if (distinct.length > 1) return { ok: false, reason: "excerpt-ambiguous", detail: `${distinct.length} spans from "${head.slice(0, 40)}" to "${tail.slice(0, 40)}"` };
      span = distinct[0];
    }
    excerpts.push(span);
    out += document.slice(span.start, span.end);
  }
  out += answer.slice(last);
  if (/<\/?excerpt>/.test(out)) return { ok: false, reason: "excerpt-malformed", detail: "unbalanced <excerpt> tags" };
  return { ok: true, text: out, excerpts, excerptRatio: excerptRatio(out, excerpts.map((e) => document.slice(e.start, e.end))) };
}

/** Share of the answer's word tokens that come from the copied pieces. */
export function excerptRatio(answer: string, copied: string[]): number {
  const total = wordTokens(answer).length;
  if (total === 0) return 0;
  const inside = copied.reduce((n, c) => n + wordTokens(c).length, 0);
  return Math.min(1, inside / total);
}

/** Writes a copied span as a marker (the inverse of expansion): short spans verbatim, long ones as start<...>end. */
export function toExcerptMarker(document: string, span: Excerpt, edgeWords = 4): string {
  const text = document.slice(span.start, span.end);
  const words = text.split(/\s+/);
  if (words.length <= edgeWords * 2 + 2) return `<excerpt>${text}</excerpt>`;
  return `<excerpt>${words.slice(0, edgeWords).join(" ")}<...>${words.slice(-edgeWords).join(" ")}</excerpt>`;
}
