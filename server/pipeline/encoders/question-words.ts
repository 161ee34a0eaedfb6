// The words questions use for what documents say otherwise (paraphrases.ts): a document that says "portrayed by" or
// lists "Kathy Bates as Maime Trotter" answers "who plays …"; one that says "premiered" answers "when did … come out".
// Added to a document's terms only: added to templates' they made every "play" template match every film page.
import { PARAPHRASES } from "../paraphrases";
import { stem } from "./text";


/**
 * Term frequency of a question word relative to the document word that stands for it. 0.3 when it came; with the kind
 * terms and lex-5, 0.7 (recall@6 whole NQ 0.4453 → 0.4525, halves 0.4773 / 0.5520 → 0.4773 / 0.5675, SQuAD 0.5960 either
 * way; 0.5 and 1.0 each lost on one set).
 */
export const QUESTION_WORD_WEIGHT = 0.7;

/** [document word, question word] pairs, stemmed, each once ("star" and "starring" are one stem). */
export const QUESTION_WORD_PAIRS: [string, string][] = [...new Set(PARAPHRASES.flatMap(([q, ds]) => ds.map((d) => `${stem(d)} ${stem(q)}`)))].map(
  (p) => p.split(" ") as [string, string],
);

/** The question word a cast-list entry stands for. */
export const CAST_WORD = "play";
/** A cast-list entry: "Kathy Bates as Maime Trotter", "Diogo Morgado – Jesus", "Jono (Chad Allen)". */
const CAST = /\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){1,3}\s+(?:as|–|-|:)\s+(?:the\s+)?\p{Lu}|\p{Lu}[\p{L}'’-]+\s+\(\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,2}\)/gu;

/** Offsets of a text's cast-list entries. */
export function castEntries(text: string): number[] {
  return [...text.matchAll(CAST)].map((m) => m.index);
}
