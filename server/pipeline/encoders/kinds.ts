// Kind terms: pseudo-terms for the kinds of thing a text names and a question asks for, so that a template whose
// words a document does not use still meets it through its variables ("a weapon" ↔ the noun "sword", "title of a
// film" ↔ a film title the document names) and its answer type (a when-question ↔ the document's dates).
import { describedNouns, spanDescription } from "../descriptions";
import { expectAnswer } from "../question";
import { documentSpans } from "../spans";
import type { EngineTemplate } from "../types";

/** Term frequency of one of a document's kind terms relative to a word's. */
const DESCRIPTION_WEIGHT = 0.5;
const ANSWER_WEIGHT = 1;

/** Pseudo-terms cannot collide with words: wordTokens never yields "«". */
const descriptionTerm = (description: string) => `«${description.replace(/ #\d+$/, "")}»`;
const answerTerm = (type: string) => `«answer:${type}»`;
/** Any title: a question's "title of a film or television series" and a document's "title of a television series" or quoted title meet here. */
const TITLE_TERM = "«a title»";
const isTitle = (type: string, description: string) => type === "work" || description.startsWith("title of");

/** A template's kind terms: each variable's description, and each span type that would answer it. */
export function templateKindTerms(t: Pick<EngineTemplate, "text" | "variables">): string[] {
  const asked = expectAnswer(t.text.replace(/<fi>[\s\S]*?<\/fi>/g, " X "));
  const titles = t.variables.filter((v) => isTitle(v.type, v.description)).map(() => TITLE_TERM);
  return [...t.variables.map((v) => descriptionTerm(v.description)), ...titles, ...asked.types.map(answerTerm)];
}

export interface WeightedTerms {
  terms: string[];
  /** Character offset of each term (for the views' position weights). */
  offsets: number[];
  /** Term frequency each occurrence counts for. */
  weights: number[];
}

/** A document's kind terms: the description of each span and of each content word as a noun, and each span's type. */
export function documentKindTerms(text: string): WeightedTerms {
  const out: WeightedTerms = { terms: [], offsets: [], weights: [] };
  const add = (term: string, at: number, w: number) => {
    out.terms.push(term);
    out.offsets.push(at);
    out.weights.push(w);
  };
  for (const sp of documentSpans(text)) {
    const d = spanDescription(sp, text);
    add(descriptionTerm(d), sp.start, DESCRIPTION_WEIGHT);
    if (isTitle(sp.type, d)) add(TITLE_TERM, sp.start, DESCRIPTION_WEIGHT);
    add(answerTerm(sp.type), sp.start, ANSWER_WEIGHT);
  }
  for (const n of describedNouns(text)) add(descriptionTerm(n.description), n.start, DESCRIPTION_WEIGHT);
  return out;
}
