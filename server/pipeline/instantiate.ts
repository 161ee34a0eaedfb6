// (template, document, view) → instruction + extractive answer, or a reason why the template does not fit.
import type { Document, EngineTemplate, InstantiateResult, InstantiateSettings, Span, VariableType, View } from "./types";
import { documentSpans, splitSentences, STOPWORDS } from "./spans";
import { describedNouns, spanDescription } from "./descriptions";
import { UNKNOWN_NAME, UNKNOWN_WORD } from "./review";
import { inferType, parseTemplate } from "./template-syntax";
import { expectAnswer } from "./question";
import { excerptRatio } from "./excerpt";
import nlp from "compromise";
import { memoize } from "./memo";
import { nounLemma, wordKind } from "./wordnet";
import { ANSWER_PARAPHRASES, PARAPHRASES } from "./paraphrases";

const COMPAT: Record<VariableType, Partial<Record<VariableType, number>>> = {
  person: { person: 1, organization: 0.3, concept: 0.4 },
  place: { place: 1, concept: 0.4, organization: 0.3 },
  organization: { organization: 1, concept: 0.5, person: 0.3, place: 0.3 },
  date: { date: 1, year: 0.8 },
  year: { year: 1, date: 0.6 },
  number: { number: 1, quantity: 0.6, money: 0.3, year: 0.2 },
  quantity: { quantity: 1, number: 0.5, money: 0.4 },
  money: { money: 1 },
  work: { work: 1, concept: 0.6, event: 0.3 },
  event: { event: 1, concept: 0.5, date: 0.2 },
  code: { code: 1, concept: 0.4 },
  language: { language: 1, concept: 0.4, place: 0.2 },
  concept: { concept: 1, organization: 0.5, place: 0.5, person: 0.4, event: 0.5, work: 0.5, code: 0.5, language: 0.5 },
};

const NAME_LIKE = new Set<VariableType>(["person", "place", "organization", "work", "event", "concept", "language", "code"]);

// Runs of capitalised words longer than this are flattened tables or lists (a cast list), not one name or title.
const MAX_FILL_WORDS = 12;
const wordCount = (s: string) => s.split(/\s+/).length;
// Style guides (Wikipedia's among them) set the titles of long works in italics, lost in plain text, and those of short
// ones in quotation marks. A quoted phrase is a song or an episode, a quotation or a nickname, rarely the film or series
// asked for: for those it fits less than a capitalised name does (0.6).
const LONG_WORK = /\b(?:film|movie|television|tv|series|show|book|novel|album|game|play|musical|opera|magazine|newspaper)\b/;
const SHORT_WORK = /\b(?:song|single|episode|poem|story|chapter|article)\b/;
const QUOTED_LONG_WORK = 0.4;

/**
 * How well a span type fits a variable type; any name is a weak last resort for a name-like variable. `longWork`: the
 * variable asks for the title of a film, series, book or album.
 */
export function typeCompatibility(variable: VariableType, span: VariableType, source = "", longWork = false): number {
  if (longWork && source === "quoted") return QUOTED_LONG_WORK;
  const c = COMPAT[variable][span] ?? 0;
  if (c > 0) return c;
  return NAME_LIKE.has(variable) && NAME_LIKE.has(span) && (source === "propn-run" || source === "quoted") ? 0.15 : 0;
}

export function contentWords(s: string): string[] {
  return (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOPWORDS.has(w) && w.length > 1);
}

type Transform = { verb: { toInfinitive(w: string, model: unknown, tag: string): string }; noun: { toSingular(w: string, model: unknown): string } };
const nlpModel = nlp.model() as unknown as { one: { lexicon: Record<string, string | string[]> } };
const transform = (nlp.methods() as unknown as { two: { transform: Transform } }).two.transform;
const INFLECTED_VERB = new Set(["PastTense", "Participle", "PresentTense", "Gerund"]);

/** Dictionary form from compromise's lexicon and inflection rules: "wrote", "written" → "write"; "plays" → "play". */
function lemma(w: string): string {
  const tags = nlpModel.one.lexicon[w];
  const tag = Array.isArray(tags) ? tags[0] : tags;
  let l: string | undefined;
  if (tag && INFLECTED_VERB.has(tag)) l = transform.verb.toInfinitive(w, nlpModel, tag);
  else if (tag === "Plural" || (tag === undefined && /[^s]s$/.test(w))) l = transform.noun.toSingular(w, nlpModel);
  else if (tag === undefined && /(?:ed|ing)$/.test(w)) l = transform.verb.toInfinitive(w, nlpModel, w.endsWith("ed") ? "PastTense" : "Gerund");
  return l || w;
}

/**
 * Matching key of a content word: its lemma cut to five letters, so inflections and close derivations meet
 * ("wrote"/"written"/"writer", "choreography"/"choreographed", "independent"/"independence").
 */
export const wordKey = memoize((w) => lemma(w).slice(0, 5), 200_000);

const baseDesc = (d: string) => d.replace(/ #\d+$/, "");

/** Common-noun candidates for concept variables: words and two-word phrases whose description equals the variable's. */
function nounCandidates(a: Analysis, description: string): Filler[] {
  const out: Filler[] = [];
  for (const n of documentNouns(a)) {
    if (n.description !== description) continue;
    n.fillers ??= n.phrase ? [filler(n.span), filler(n.phrase)] : [filler(n.span)];
    out.push(...n.fillers);
  }
  return out;
}

const ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(" ");
const ORDINAL_WORD = new RegExp(`\\b(?:${ORDINALS.join("|")})\\b`, "gi");

/** Ordinal words as number candidates: "the fourth season" fills "season <fi>a number</fi>" (as 4). Once per document. */
function ordinalCandidates(a: Analysis): Filler[] {
  if (a.ordinals) return a.ordinals;
  return (a.ordinals = [...a.text.matchAll(ORDINAL_WORD)].map((m) => filler({ start: m.index, end: m.index + m[0].length, text: m[0], type: "number", source: "ordinal-word" })));
}

/** "Webbed toes is …", "The superior vena cava (SVC) is a …": the phrase a document opens by defining. */
const OPENING_SUBJECT = /^(?:the\s+|an?\s+)?([^.,;:()"]{2,60}?)\s+(?:\([^)]{0,80}\)\s+)?(?:is|was|are|were)\s+(?:a|an|the|one)\b/i;

const SUBJECT_FILLS = new Set<VariableType>(["concept", "work", "event"]);

function openingSubject(a: Analysis): Span | null {
  if (a.subject !== undefined) return a.subject;
  const m = OPENING_SUBJECT.exec(a.text.slice(0, 200));
  const start = m ? m.index + m[0].indexOf(m[1]) : 0;
  return (a.subject = m && wordCount(m[1]) <= 8 ? { start, end: start + m[1].length, text: m[1], type: "concept", source: "subject" } : null);
}

/** A template's own words, lower case (its variables blanked). */
const literalText = memoize((templateText) => templateText.replace(/<fi>[\s\S]*?<\/fi>/g, " ").toLowerCase());

/** What a span puts in the instruction: its text, or an ordinal word's number. */
function fillText(sp: Span): string {
  return sp.source === "ordinal-word" ? String(ORDINALS.indexOf(sp.text.toLowerCase()) + 1) : sp.text;
}

interface DocumentNoun {
  span: Span;
  /** Its description as a bare common noun. */
  description: string;
  /** With the content word right before it (only spaces between): a two-word phrase. */
  phrase: Span | null;
  /** The span and the phrase as fillers, once a variable asks for their description. */
  fillers?: Filler[];
}

/** A word WordNet knows, but not as a noun ("completed", "worldwide", "organize"): no thing or concept by itself. */
const notANoun = memoize((w) => wordKind(w).known && nounLemma(w) === null);
/** A word that can modify the noun after it: a noun, an adjective, or a word no lexicon knows (a name). */
const modifier = memoize((w) => !notANoun(w) || wordKind(w).adjective);

/**
 * Every noun of the document with its description, once per document (each template asks again). Words known only as
 * verbs, adjectives or adverbs are left out: their description is the fallback, so they filled any "a thing or concept"
 * ("When did name worldwide become part of transaction completed").
 */
function documentNouns(a: Analysis): DocumentNoun[] {
  if (a.nouns) return a.nouns;
  let prev: { start: number; word: string } | null = null;
  a.nouns = [];
  for (const n of describedNouns(a.text)) {
    const word = n.text.toLowerCase();
    const before = prev;
    prev = { start: n.start, word };
    if (notANoun(word)) continue;
    const span: Span = { start: n.start, end: n.end, text: n.text, type: "concept", source: "noun" };
    const phrase: Span | null =
      before !== null && modifier(before.word) && /^\p{L}+\s+$/u.test(a.text.slice(before.start, n.start))
        ? { start: before.start, end: n.end, text: a.text.slice(before.start, n.end), type: "concept", source: "noun" }
        : null;
    a.nouns.push({ span, description: n.description, phrase });
  }
  return a.nouns;
}

/** A span that may fill a variable, with what scoring it reads; once per document, as each template asks again. */
interface Filler {
  span: Span;
  /** Its text lower-cased (fills already used are skipped). */
  lower: string;
  words: number;
  /** spanDescription, once asked for. */
  description?: string;
  /** spanContext, once asked for. */
  context?: SpanContext;
}

const filler = (span: Span): Filler => ({ span, lower: span.text.toLowerCase(), words: wordCount(span.text) });

interface Candidate {
  span: Span;
  score: number;
  parts: { type: number; description: number; context: number };
}

/** Template words right before and after each occurrence of a variable (for aligning with the document). */
/** Word key for aligning template and document contexts: a 5-letter prefix joins "acquire"/"acquisition". */
const key = (w: string) => w.slice(0, 5);

/** Template words around each occurrence of a variable: content words nearby, and the two words right next to it. */
function contextWords(text: string, description: string): { left: string[]; right: string[]; adjLeft: string[]; adjRight: string[] } {
  const { parts } = parseTemplate(text);
  const left: string[] = [];
  const right: string[] = [];
  const adjLeft: string[] = [];
  const adjRight: string[] = [];
  parts.forEach((p, i) => {
    if (p.kind !== "var" || p.description !== description) return;
    const l = parts[i - 1];
    const r = parts[i + 1];
    if (l?.kind === "text") {
      left.push(...contentWords(l.text).slice(-3));
      adjLeft.push(lastWords(l.text, 2));
    }
    if (r?.kind === "text") {
      right.push(...contentWords(r.text).slice(0, 3));
      adjRight.push(firstWords(r.text, 2));
    }
  });
  return { left: left.map(key), right: right.map(key), adjLeft: adjLeft.filter(Boolean), adjRight: adjRight.filter(Boolean) };
}

function lastWords(s: string, n: number): string {
  return (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(-n).join(" ");
}
function firstWords(s: string, n: number): string {
  return (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, n).join(" ");
}

function near(doc: string, pos: number, dir: -1 | 1, chars = 60): string[] {
  const s = dir < 0 ? doc.slice(Math.max(0, pos - chars), pos) : doc.slice(pos, pos + chars);
  return contentWords(s).map(key);
}

function fixArticles(s: string): string {
  return s.replace(/\b([Aa])n? (?=(\S))/g, (all, a: string, next: string) => {
    const vowel = /^[aeiouAEIOU]/.test(next) && !/^(?:uni|eu|one|use|usa?\b)/i.test(next);
    const article = vowel ? "an" : "a";
    return (a === "A" ? article[0].toUpperCase() + article.slice(1) : article) + " ";
  });
}

export function fluent(instruction: string): string {
  let s = fixArticles(instruction.replace(/\s+/g, " ").trim());
  s = s.replace(/\s+([?.!,;:])/g, "$1");
  if (s) s = s[0].toUpperCase() + s.slice(1);
  return s;
}

function viewCentre(view: View, len: number): number {
  return view.k === 0 ? len / 2 : (view.start + view.end) / 2;
}

/** Sentences, with run-on stretches (tables, lists) cut into overlapping windows of about 40 words. */
export function answerUnits(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const s of splitSentences(text)) {
    const words = [...text.slice(s.start, s.end).matchAll(/\S+/g)];
    if (words.length <= 60) {
      out.push(s);
      continue;
    }
    // Overlapping windows, so whatever sits at one window's edge is in the middle of the next.
    for (let i = 0; i < words.length; i += 20) {
      const a = s.start + words[i].index!;
      const lastW = words[Math.min(words.length, i + 40) - 1];
      out.push({ start: a, end: s.start + lastW.index! + lastW[0].length });
      if (i + 40 >= words.length) break;
    }
  }
  return out;
}

// The engine instantiates several templates on one document in a row: keep that document's analysis.
interface Analysis {
  text: string;
  spans: Span[];
  /** A filler per span, in the same order. */
  fillers: Filler[];
  units: { start: number; end: number }[];
  unitWords: Set<string>[];
  df: Map<string, number>;
  /** The fillers of the spans inside each unit. */
  unitFillers: Filler[][];
  lowerText: string;
  /** The words of lowerText, when they can stand in for scans of its slices (see documentWords). */
  words: DocumentWords | null;
  /** Span text → earliness (see below). */
  earliness: Map<string, number>;
  /** whoDefinition, once computed. */
  definition?: Definition | null;
  /** documentNouns, once computed. */
  nouns?: DocumentNoun[];
  /** ordinalCandidates, once computed. */
  ordinals?: Filler[];
  /** openingSubject, once computed. */
  subject?: Span | null;
}
let analysed: Analysis | null = null;
function analyse(text: string): Analysis {
  if (analysed?.text === text) return analysed;
  const spans = documentSpans(text);
  const units = answerUnits(text);
  const lowerText = text.toLowerCase();
  const words = documentWords(text, lowerText);
  const unitWords = units.map((u) => {
    const ws = words ? wordsIn(lowerText, words, u.start, u.end).filter((w) => w.length > 1 && !STOPWORDS.has(w)) : contentWords(text.slice(u.start, u.end));
    return new Set(ws.map(wordKey));
  });
  const df = new Map<string, number>();
  for (const ws of unitWords) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
  const fillers = spans.map(filler);
  const unitFillers = units.map((u) => fillers.filter(({ span: s }) => s.start >= u.start && s.end <= u.end));
  return (analysed = { text, spans, fillers, units, unitWords, df, unitFillers, lowerText, words, earliness: new Map() });
}

/** Start and end offsets of the document's words (runs of letters and digits) in its lower-cased text. */
interface DocumentWords {
  starts: Int32Array;
  ends: Int32Array;
}

/**
 * The words of a slice of the text, lower-cased, are those of the lower-cased text cut to the slice, so each unit's
 * words and each span's context are read from one scan of the document instead of scans of their own. That holds when lower-casing maps
 * every character to one in place: not for "İ" (two characters), surrogate pairs (a slice can split them) or "Σ"
 * (lower case depends on the next letter). Such texts get null and are scanned slice by slice.
 */
function documentWords(text: string, lowerText: string): DocumentWords | null {
  if (lowerText.length !== text.length || /[\uD800-\uDFFF\u03A3]/.test(text)) return null;
  const starts: number[] = [];
  const ends: number[] = [];
  for (const m of lowerText.matchAll(/[\p{L}\p{N}]+/gu)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  return { starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/** The words of lowerText[from, to), cut at its edges: what `/[\p{L}\p{N}]+/gu` finds in that slice. */
function wordsIn(lowerText: string, words: DocumentWords, from: number, to: number): string[] {
  const { starts, ends } = words;
  // First word ending after `from`.
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] <= from) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < starts.length && starts[i] < to; i++) out.push(lowerText.slice(Math.max(starts[i], from), Math.min(ends[i], to)));
  return out;
}

/**
 * Where a document mentions a span first, 1 at the very start down to e^-3 at the end. Seen from the whole document,
 * the thing a question is about is usually what the document opens with (its title subject), not a passing mention.
 */
function earliness(a: Analysis, sp: Span): number {
  let e = a.earliness.get(sp.text);
  if (e === undefined) {
    e = Math.exp((-3 * Math.max(0, a.lowerText.indexOf(sp.text.toLowerCase()))) / Math.max(1, a.text.length));
    a.earliness.set(sp.text, e);
  }
  return e;
}

/** Context of a span: content-word keys on each side (a few, so arrays) and the two adjacent words. */
interface SpanContext {
  l: string[];
  r: string[];
  before2: string;
  after2: string;
}

function spanContext(a: Analysis, sp: Span): SpanContext {
  const t = a.text;
  const w = a.words;
  if (!w)
    return {
      l: near(t, sp.start, -1),
      r: near(t, sp.end, 1),
      before2: lastWords(t.slice(Math.max(0, sp.start - 40), sp.start), 2),
      after2: firstWords(t.slice(sp.end, sp.end + 40), 2),
    };
  const keys = (ws: string[]) => ws.filter((x) => x.length > 1 && !STOPWORDS.has(x)).map(key);
  return {
    l: keys(wordsIn(a.lowerText, w, sp.start - 60, sp.start)),
    r: keys(wordsIn(a.lowerText, w, sp.end, sp.end + 60)),
    before2: wordsIn(a.lowerText, w, sp.start - 40, sp.start).slice(-2).join(" "),
    after2: wordsIn(a.lowerText, w, sp.end, sp.end + 40).slice(0, 2).join(" "),
  };
}

export function instantiate(template: EngineTemplate, doc: Document, view: View, settings: InstantiateSettings): InstantiateResult {
  const text = doc.text ?? "";
  if (!text.trim()) return { ok: false, reason: "empty-document", detail: "the document has no text" };
  const parsed = parseTemplate(template.text);
  const a = analyse(text);
  const len = text.length;
  const centre = viewCentre(view, len);
  const halfWidth = view.k === 0 ? len : Math.max(200, (view.end - view.start) / 2);
  const fills: Record<string, string> = {};
  const fillScores: Record<string, number> = {};
  const fillDetails: Record<string, Candidate["parts"]> = {};
  const used = new Set<string>();
  const fillSpans: Span[] = [];
  const definition = asks(template.text).kind === "who" ? whoDefinition(a) : null;
  if (definition?.person) used.add(definition.person.text.toLowerCase());
  for (const description of parsed.descriptions) {
    const type = template.variables.find((v) => v.description === description)?.type ?? inferType(description);
    const want = baseDesc(description);
    const ctx = contextWords(template.text, description);
    const longWork = type === "work" && LONG_WORK.test(want) && !SHORT_WORK.test(want);
    const pool = type === "concept" ? [...a.fillers, ...nounCandidates(a, want)] : type === "number" ? [...a.fillers, ...ordinalCandidates(a)] : a.fillers;
    let best: Candidate | null = null;
    for (const f of pool) {
      const sp = f.span;
      const tc = typeCompatibility(type, sp.type, sp.source, longWork);
      if (tc <= 0 || used.has(f.lower) || f.words > MAX_FILL_WORDS) continue;
      const d = (f.description ??= spanDescription(sp, text));
      // A lower-case query writes a name no lexicon knows as an unknown word ("daubert"); the document capitalises it.
      const descScore = d === want || (want === UNKNOWN_WORD && d === UNKNOWN_NAME) ? 1 : overlap(d, want);
      let align = 0;
      const { l, r, before2, after2 } = (f.context ??= spanContext(a, sp));
      for (const w of ctx.left) if (l.includes(w)) align += 1;
      for (const w of ctx.right) if (r.includes(w)) align += 1;
      const ctxN = Math.max(1, ctx.left.length + ctx.right.length);
      // The same words right next to it ("merger of ⟨X⟩") are the strongest sign it is the intended fill.
      const adjacent = (ctx.adjLeft.some((w) => w && before2 === w) ? 0.5 : 0) + (ctx.adjRight.some((w) => w && after2 === w) ? 0.5 : 0);
      // A local view asks about what sits near its centre; the global view about what the document opens with.
      const dist = Math.abs((sp.start + sp.end) / 2 - centre) / halfWidth;
      const place = view.k === 0 ? earliness(a, sp) : Math.exp(-dist * dist);
      // Template words near a candidate count no more than its type or description: at 1.5 × they drew fills to
      // wherever a common template word occurs (npm run eval, roundTrip.fillAccuracy).
      const score = tc + descScore + align / ctxN + adjacent + 0.5 * place;
      if (!best || score > best.score) best = { span: sp, score, parts: { type: tc, description: descScore, context: Math.min(1, align / ctxN + adjacent / 2) } };
    }
    // Nothing of the kind asked for: a concept, work or event can still be what the document defines ("Webbed toes is the common
    // name for …"), the thing a question about this document is most likely about. A weak fill (type part 0.5).
    const subject = !best && SUBJECT_FILLS.has(type) ? openingSubject(a) : null;
    if (subject && !used.has(subject.text.toLowerCase()) && !literalText(template.text).includes(subject.text.toLowerCase())) best = { span: subject, score: 0.5, parts: { type: 0.5, description: 0, context: 0 } };
    if (!best) return { ok: false, reason: "no-fill", detail: `nothing in the document fits "${description}" (${type})` };
    fills[description] = fillText(best.span);
    fillScores[description] = best.score;
    fillDetails[description] = best.parts;
    used.add(best.span.text.toLowerCase());
    fillSpans.push(best.span);
  }
  let instruction = "";
  for (const p of parsed.parts) instruction += p.kind === "text" ? p.text : fills[p.description];
  instruction = fluent(instruction);
  const answer = buildAnswer(a, instruction, fillSpans, centre, halfWidth, settings, definition);
  if (!answer) return { ok: false, reason: "no-answer", detail: "no sentence of the document relates to the instruction" };
  return { ok: true, instruction, answer: answer.text, fills, excerpts: answer.excerpts, excerptRatio: answer.ratio, fillScores, fillDetails, answerScore: answer.score };
}

// Descriptions come from a small vocabulary, so their pairwise overlaps repeat across candidates and documents.
// Kept per description, then per other description, so a lookup builds no key.
const overlapWith = memoize((a) => {
  const A = new Set(contentWords(a));
  return memoize((b) => {
    const B = contentWords(b);
    return !A.size || !B.length ? 0 : B.filter((w) => A.has(w)).length / Math.max(A.size, B.length);
  });
});
const overlap = (a: string, b: string) => overlapWith(a)(b);

const TYPED_BONUS = 0.5;
// A question word and the document words that stand for it (paraphrases.ts) match each other either way, by their key.
const PARAPHRASE_KEYS = new Map<string, Set<string>>();
const groups = new Map<string, string[]>();
for (const [q, ds] of [...PARAPHRASES, ...ANSWER_PARAPHRASES]) groups.set(q, [...(groups.get(q) ?? [q]), ...ds]);
for (const group of groups.values()) {
  const keys = group.map(wordKey);
  for (const k of keys) {
    const set = PARAPHRASE_KEYS.get(k) ?? new Set<string>();
    for (const o of keys) if (o !== k) set.add(o);
    PARAPHRASE_KEYS.set(k, set);
  }
}
const PARAPHRASE_WEIGHT = 0.7;

const CUE_BONUS = 0.3;
const NAME_TYPES = new Set<VariableType>(["person", "organization"]);

/**
 * Surface patterns that typically carry the answer, among the spans the instruction does not mention: for
 * who-questions the agent of a passive ("written by ⟨Name⟩") and, stronger, a cast-list entry naming who plays a fill
 * ("Chris Pine as Jack Frost", "Rachael MacFarlane as the voice of the Orville computer", "Robert California (James
 * Spader)"); for when-questions a full calendar date (not just a year). Fills are lower case.
 */
export function answerCue(kind: string, spans: Span[], text: string, fills: string[] = []): number {
  if (kind === "who") {
    const names = spans.filter((s) => NAME_TYPES.has(s.type) || s.source === "propn-run");
    if (names.some((s) => castEntry(s, text, fills))) return 2 * CUE_BONUS;
    return names.some((s) => /\bby\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, s.start - 12), s.start))) ? CUE_BONUS : 0;
  }
  if (kind === "when") return spans.some((s) => s.source === "re:date") ? CUE_BONUS : 0;
  return 0;
}

/** "⟨name⟩ as … ⟨fill⟩" within the same phrase, or "⟨fill⟩ (⟨name⟩)". */
function castEntry(name: Span, text: string, fills: string[]): boolean {
  const as = /^\s+as\s+([^,;.()]{0,60})/.exec(text.slice(name.end, name.end + 70));
  if (as && fills.some((f) => as[1].toLowerCase().includes(f))) return true;
  const before = text.slice(Math.max(0, name.start - 62), name.start).toLowerCase();
  return fills.some((f) => before.endsWith(`${f} (`));
}

function paraphrased(w: string, words: Set<string>): boolean {
  const alt = PARAPHRASE_KEYS.get(w);
  if (alt) for (const o of alt) if (words.has(o)) return true;
  return false;
}

/** What a template asks for (its wh-word), read once per template. */
const asks = memoize((templateText) => expectAnswer(templateText.replace(/<fi>[\s\S]*?<\/fi>/g, " X ")));

/** Added to the score of the sentence holding a who-question's answering definition (see whoDefinition). */
const DEFINITION_BONUS = 1.5;

/** A document's opening "X (born …) is a …" sentence, which answers a who-question about it. */
interface Definition {
  /** The person the document is about, when it is one: the answer unless the instruction already names them. */
  person: Span | null;
}

/**
 * For a who-question, the document's opening definition when it names who: the person the document is about
 * ("Thomas James Kenny (born 1962) is an American actor") or the maker of the thing it is about ("… is a 1975 song by
 * Tavares"). On the public NQ passages a person a document opens with answers its who-questions 87% of the time
 * (67 of 77 where the question does not name them).
 */
function whoDefinition(a: Analysis): Definition | null {
  if (a.definition !== undefined) return a.definition;
  return (a.definition = openingDefinition(a));
}

function openingDefinition(a: Analysis): Definition | null {
  const sp = a.spans.find((s) => s.start <= 2);
  if (!sp) return null;
  const rest = a.text.slice(sp.end, sp.end + 300);
  const def = /^[^.]{0,160}?\b(?:is|was|are|were)\s+(?:a|an|the|one)\b[^.]*/.exec(rest);
  if (!def) return null;
  if (sp.type === "person") return { person: sp };
  return /\b(?:by|from)\s+(?:the\s+)?(?:[\w'&-]+,?\s+){0,8}?\p{Lu}/u.test(def[0]) ? { person: null } : null;
}

function buildAnswer(
  a: Analysis,
  instruction: string,
  fillSpans: Span[],
  centre: number,
  halfWidth: number,
  settings: InstantiateSettings,
  definition: Definition | null,
): { text: string; excerpts: { start: number; end: number }[]; ratio: number; score: number } | null {
  const { text, units, unitWords, df } = a;
  if (!units.length) return null;
  // The template's own words say what is asked; the fills only locate it (and may be wrong), so they count as
  // presence (fillsHere below), not as words to match: matching their words too pulls the answer to wherever a wrong
  // fill is mentioned.
  const fillWordSet = new Set(fillSpans.flatMap((f) => contentWords(f.text)).map(wordKey));
  const qWords = [...new Set(contentWords(instruction).map(wordKey))].filter((w) => !fillWordSet.has(w));
  const idf = (w: string) => Math.log(1 + units.length / (df.get(w) ?? 0.5));
  const qNorm = qWords.reduce((s, w) => s + idf(w), 0) || 1;
  const exp = expectAnswer(instruction);
  const fillTexts = new Set(fillSpans.map((s) => s.text.toLowerCase()));
  const fillList = [...fillTexts];
  const instructionLower = instruction.toLowerCase();
  const definitionAnswers = definition !== null && !(definition.person && instructionLower.includes(definition.person.text.toLowerCase()));
  const defined: boolean[] = [];
  const typedUnits: boolean[] = [];
  const strictlyTyped: boolean[] = [];
  const fillShare = units.map((u) => {
    const unitText = a.lowerText.slice(u.start, u.end);
    return fillList.length ? fillList.filter((f) => unitText.includes(f)).length / fillList.length : 0;
  });
  const opensWithPronoun = (i: number) => /^(?:he|she|it|they|his|her|its|their)\b/i.test(text.slice(units[i].start, units[i].start + 6));
  const scores = units.map((u, i) => {
    const lex = qWords.reduce((s, w) => s + (unitWords[i].has(w) ? idf(w) : paraphrased(w, unitWords[i]) ? PARAPHRASE_WEIGHT * idf(w) : 0), 0) / qNorm;
    // A sentence opening with a pronoun is about what the sentence before it names ("It was recorded by …").
    const fillsHere = i > 0 && opensWithPronoun(i) ? Math.max(fillShare[i], fillShare[i - 1]) : fillShare[i];
    // A span of the expected answer type that the instruction does not already mention.
    const inside = a.unitFillers[i].filter((f) => !instructionLower.includes(f.lower)).map((f) => f.span);
    strictlyTyped[i] = inside.some((s) => exp.types.includes(s.type));
    typedUnits[i] = strictlyTyped[i] || (exp.kind === "who" && inside.some((s) => s.source === "propn-run"));
    const typed = exp.types.length ? (typedUnits[i] ? TYPED_BONUS : -0.15) : 0;
    const dist = Math.abs((u.start + u.end) / 2 - centre) / halfWidth;
    const cue = answerCue(exp.kind, inside, text, fillList);
    // Documents state their main facts early: a slight preference for earlier units breaks near-ties.
    // The definition opens the document: it is in the first unit.
    defined[i] = definitionAnswers && i === 0;
    const definesAnswer = defined[i] ? DEFINITION_BONUS : 0;
    return definesAnswer + lex + 0.3 * fillsHere + typed + cue + 0.05 * Math.exp(-dist * dist) + 0.08 * (1 - i / units.length);
  });
  let best = 0;
  for (let i = 1; i < units.length; i++) if (scores[i] > scores[best]) best = i;
  if (scores[best] <= 0.05) return null;
  const picked = [best];
  const words = (u: { start: number; end: number }) => text.slice(u.start, u.end).split(/\s+/).length;
  // A sentence opening with a pronoun does not stand alone: the sentence that introduces its referent comes first.
  // "He is best known for ..." does not say who: when the expected answer type is missing, that is the nearest earlier
  // sentence with that type; otherwise the sentence right before.
  if (settings.maxAnswerSentences > 1 && best > 0 && opensWithPronoun(best)) {
    let ref = best - 1;
    if (exp.types.length && !typedUnits[best])
      for (let i = best - 1; i >= 0; i--)
        if (strictlyTyped[i]) {
          ref = i;
          break;
        }
    if (units[ref].end <= units[best].start) picked.unshift(ref);
  }
  if (!defined[best]) {
    // Very short sentences rarely stand alone: add the next one when it is also on topic.
    if (settings.maxAnswerSentences > 1 && words(units[best]) < 12 && best + 1 < units.length && scores[best + 1] > 0.1) picked.push(best + 1);
  } else if (picked.length < settings.maxAnswerSentences) {
    // The definition says who; the sentence that best matches the question says what they are known for in it.
    let next = -1;
    for (let i = 0; i < units.length; i++) if (!picked.includes(i) && (next < 0 || scores[i] > scores[next])) next = i;
    if (next >= 0 && scores[next] >= 0.9) {
      picked.push(next);
      picked.sort((x, y) => x - y);
    }
  }
  const excerpts = picked.map((i) => units[i]);
  const answerText = excerpts.map((e) => text.slice(e.start, e.end)).join(" ");
  const ratio = excerptRatio(answerText, excerpts.map((e) => text.slice(e.start, e.end)));
  if (ratio < settings.minExcerptRatio) return null;
  return { text: answerText, excerpts, ratio, score: scores[best] };
}
