// What a question asks for: its wh-word and the kind of answer that would satisfy it.
import type { VariableType } from "./types";

export interface AnswerExpectation {
  /** "when", "who", "how-many", ... or "other". */
  kind: string;
  /** Span types that would answer it (empty: any). */
  types: VariableType[];
  /** Words for the compatible document description ("a date", "a number"). */
  phrase: string;
}

const RULES: [RegExp, AnswerExpectation][] = [
  [/\bhow (?:many|much)\b(?! (?:money|does .* cost))/i, { kind: "how-many", types: ["number", "quantity", "money", "year"], phrase: "the number or amount asked for" }],
  [/\bhow much\b/i, { kind: "how-much", types: ["money", "quantity", "number"], phrase: "the amount asked for" }],
  [/\bhow (?:long|old|far|big|tall|high|large|deep|fast)\b/i, { kind: "how-measure", types: ["quantity", "number", "year", "date"], phrase: "the measurement asked for" }],
  [/\b(?:what|which) (?:year|decade|century|date|month|day|time|period)\b|\bwhen\b|\bwhat time\b/i, { kind: "when", types: ["date", "year"], phrase: "when it happened" }],
  [/\bwho(?:m|se)?\b|\b(?:what|which) (?:person|people|man|woman|king|queen|president|actor|singer|author|writer|player|team|company|group|band)\b/i, { kind: "who", types: ["person", "organization"], phrase: "the person or group involved" }],
  [/\bwhere\b|\b(?:what|which) (?:country|city|state|place|region|town|continent|river|location|area)\b/i, { kind: "where", types: ["place"], phrase: "the place involved" }],
  [/\bwhy\b/i, { kind: "why", types: [], phrase: "the reason or cause" }],
  [/^\s*how\b/i, { kind: "how", types: [], phrase: "how it is done or works" }],
  [/\b(?:what|which)\b/i, { kind: "what", types: [], phrase: "the fact asked about" }],
];

export function expectAnswer(question: string): AnswerExpectation {
  for (const [re, e] of RULES) if (re.test(question)) return e;
  return { kind: "other", types: [], phrase: "the information asked for" };
}
