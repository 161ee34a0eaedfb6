// Word tokens for the lexical encoder and the views: lower-cased, stop words dropped, lightly stemmed,
// each with its character offset so views can weight it by position.

const STOP = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers herself him " +
    "himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other " +
    "our ours ourselves out over own same she should so some such than that the their theirs them themselves then there " +
    "these they this those through to too under until up very was we were what when where which while who whom why will " +
    "with would you your yours yourself yourselves also s t d ll m re ve y o"
  ).split(" "),
);

/** Light suffix stripping: plurals, -ing, -ed. Enough to join "mergers/merger", "winning/win", "formed/form". */
export function stem(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) return w.slice(0, -3) + "y";
  if (w.endsWith("sses")) return w.slice(0, -2);
  if (w.endsWith("ing") && w.length > 5) return undouble(w.slice(0, -3));
  if (w.endsWith("ed") && w.length > 4) return undouble(w.slice(0, -2));
  if (w.endsWith("es") && /(ch|sh|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) return w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  return /([bdgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}

export interface WordTokens {
  terms: string[];
  /** Character offset of each term's first letter. */
  offsets: Int32Array;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export function wordTokens(text: string): WordTokens {
  const terms: string[] = [];
  const offs: number[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    let w = m[0].toLowerCase();
    const apo = w.search(/['’]/);
    if (apo >= 0) w = w.slice(0, apo);
    if (w.length === 0 || STOP.has(w)) continue;
    terms.push(stem(w));
    offs.push(m.index);
  }
  return { terms, offsets: Int32Array.from(offs) };
}

/** Punctuation that ends a phrase: two words on either side of it are not one phrase. */
const PHRASE_BREAK = /[.,;:!?()[\]{}"“”|/]/;

/**
 * Phrase terms: each pair of adjacent content words (stop words between them skipped, punctuation not crossed), as
 * one term. A template's "death star" or "chief justice" then meets the document's phrase, not just its two words.
 */
export function phraseTerms(text: string, words: WordTokens = wordTokens(text)): WordTokens {
  const { terms, offsets } = words;
  const out: string[] = [];
  const offs: number[] = [];
  for (let i = 0; i + 1 < terms.length; i++) {
    if (PHRASE_BREAK.test(text.slice(offsets[i], offsets[i + 1]))) continue;
    out.push(`${terms[i]} ${terms[i + 1]}`);
    offs.push(offsets[i]);
  }
  return { terms: out, offsets: Int32Array.from(offs) };
}

/** A template's phrase terms, from its own words only: a variable's fill is unknown, so no phrase spans it. */
export function templatePhraseTerms(templateText: string): string[] {
  return templateText.split(/<fi>[\s\S]*?<\/fi>/).flatMap((part) => phraseTerms(part).terms);
}
