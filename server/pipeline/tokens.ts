import llama3Tokenizer from "llama3-tokenizer-js";

/** Exact Llama-3 token count (no BOS/EOS). Used for every output row and for budgets. */
export function countTokens(text: string): number {
  if (!text) return 0;
  return llama3Tokenizer.encode(text, { bos: false, eos: false }).length;
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
