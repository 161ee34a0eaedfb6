import llama3Tokenizer from "llama3-tokenizer-js";
import { memoize } from "./memo";

const encodedLength = (text: string) => llama3Tokenizer.encode(text, { bos: false, eos: false }).length;

// Llama-3's pre-tokenizer, as llama3-tokenizer-js writes it for JavaScript. BPE never merges across its pieces, so a
// text's count is the sum of its pieces' counts; pieces (words with their leading space) repeat, and counting each
// once was a fifth of the engine's time (every pair's answer is counted).
const PRETOKEN = /(?:'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;
const pieceCount = memoize(encodedLength, 500_000);

/** Exact Llama-3 token count (no BOS/EOS). Used for every output row and for budgets. */
export function countTokens(text: string): number {
  if (!text) return 0;
  // Special-token syntax takes the library's own path.
  if (text.includes("<|")) return encodedLength(text);
  let n = 0;
  let prev = 0;
  for (const m of text.matchAll(PRETOKEN)) {
    if (m.index > prev) n += pieceCount(text.slice(prev, m.index));
    n += pieceCount(m[0]);
    prev = m.index + m[0].length;
  }
  if (prev < text.length) n += pieceCount(text.slice(prev));
  return n;
}

/**
 * Cheap estimate for hot loops (ranking, pre-filtering): Llama-3's BPE averages about 4.2 characters per
 * token on English prose and roughly one token per word or punctuation mark. Never used for output rows.
 */
export function approxTokens(text: string): number {
  if (!text) return 0;
  let words = 0;
  let punct = 0;
  const re = /[A-Za-z0-9\u00C0-\u024F]+|[^\sA-Za-z0-9\u00C0-\u024F]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (/[A-Za-z0-9\u00C0-\u024F]/.test(m[0][0])) words += m[0].length > 9 ? 2 : 1;
    else punct++;
  }
  return Math.max(1, Math.round(Math.max(words + punct, text.length / 4.2)));
}

/** Word-level tokens used for excerpt ratios (the ratio is a share of tokens, so the unit only needs to be consistent). */
export function wordTokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu) ?? [];
}
