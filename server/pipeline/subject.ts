// What a document says it is about ("X is a 1985 American western film …"), as WordNet categories, and whether a
// template names that kind of thing. The matcher scores such templates higher; the judge counts it as fit.
import { STOPWORDS } from "./spans";
import { ancestors, nounSenses } from "./wordnet";
import { lastResult, memoize } from "./memo";

/** "X is a 1985 American western film produced by …": the head noun of the first "is a …" phrase. */
const IS_A =
  /\b(?:is|was|are|were)\s+(?:a|an|the|one of the)\s+(?:[\w'-]+\s+){0,6}?([a-z][\w-]*)(?=\s+(?:of|in|by|from|that|which|who|whose|with|for|on|at|and|to|based|written|directed|created|produced|located|where|since|between)\b|\s*[,.;:(])/;
/** Where the opening definition of a document is looked for. */
const SUBJECT_CHARS = 400;


/**
 * WordNet synsets of what a document says it is about: the first sense of the head noun of its opening "is a …" phrase
 * and that sense's ancestors ("film" → movie, show, social event, event). Empty when there is no such phrase.
 */
export const subjectCategories = lastResult((text) => {
  const head = IS_A.exec(text.slice(0, SUBJECT_CHARS))?.[1];
  return head ? headCategories(head) : NO_SUBJECT;
});
const NO_SUBJECT: Set<number> = new Set();

/** The head noun's first sense and its ancestors. */
const headCategories = memoize((head) => {
  const cats = new Set<number>();
  const [sense] = nounSenses(head);
  if (sense) for (const s of [sense, ...ancestors(sense, 6)]) cats.add(s.offset);
  return cats;
});

const DESCRIPTION_FILLER = new Set(["a", "an", "the", "of", "and", "name", "title", "type", "kind", "some", "thing", "concept"]);
/** First WordNet senses of a description's head nouns: "title of a film or TV show" → film, TV show. */
export const descriptionCategories = memoize((description) => {
  const out: number[] = [];
  for (const part of description.toLowerCase().replace(/#\d+/g, "").split(/,| or /)) {
    const words = part.split(/\s+/).filter((w) => w && !DESCRIPTION_FILLER.has(w));
    if (words.length === 0) continue;
    const pair = words.length > 1 ? nounSenses(words.slice(-2).join(" ")) : [];
    const [sense] = pair.length ? pair : nounSenses(words[words.length - 1]);
    if (sense) out.push(sense.offset);
  }
  return out;
});

/** First WordNet noun senses of a template's own words (outside its variables): "who sang the song …" → song. */
const literalCategories = memoize((text) => {
  const words = text.replace(/<fi>[\s\S]*?<\/fi>/g, " ").toLowerCase().match(/[a-z]{3,}/g) ?? [];
  return words.filter((w) => !STOPWORDS.has(w)).flatMap((w) => descriptionCategories(w));
});

/**
 * Whether one of the template's variables (and, with `literal`, one of its own words) names a category of the
 * document's subject (see subjectCategories).
 */
export function namesSubject(template: { text: string; variables: { description: string }[] }, subject: Set<number>, literal: boolean): boolean {
  if (subject.size === 0) return false;
  const hit = (cats: number[]) => cats.some((c) => subject.has(c));
  return template.variables.some((v) => hit(descriptionCategories(v.description))) || (literal && hit(literalCategories(template.text)));
}
