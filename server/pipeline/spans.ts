// Typed specific spans of a text. Two modes:
// - fast (default; documents, views, hot path): regular expressions, capitalisation and cached lexicons only;
// - deep (queries, where text is short but often lower-case): adds wink-nlp entities and POS tags, compromise
//   people/places/organisations and rare-word noun phrases.
import nlp from "compromise";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { Span, VariableType } from "./types";
import { dominantlyProper, isProperCompound, namesInstitution, namesOffice, nounLemma, nounSenses, wordKind } from "./wordnet";
import { definedWork, techDescription } from "./descriptions";
import { memoize, recentResults } from "./memo";

export interface DetectOptions {
  deep?: boolean;
}

export interface Token {
  start: number;
  end: number;
  text: string;
  /** First token of a sentence (capitalisation says nothing there). */
  initial: boolean;
}

export const STOPWORDS = new Set(
  `a an the and or but if then else of at by for with about against between into through during before after above below to from up down in out on off over under again further once here there when where why how all any both each few more most other some such no nor not only own same so than too very can will just should now is are was were be been being have has had having do does did doing i me my we our you your he him his she her it its they them their what which who whom whose this that these those am would could ought may might must shall also as yet while because until per via many much several another is's what's who's how's`.split(
    /\s+/,
  ),
);

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";
const HONORIFICS = new Set(["mr", "mrs", "ms", "dr", "sir", "lord", "lady", "king", "queen", "prince", "princess", "saint", "st", "president", "general", "captain", "pope", "professor", "prof", "rev", "judge", "senator", "governor"]);
const CONNECTORS = new Set(["of", "de", "du", "da", "del", "della", "von", "van", "der", "den", "la", "le", "y", "&", "the", "for", "upon", "on"]);
const UNITS =
  "km|kilometres?|kilometers?|miles?|m|metres?|meters?|cm|mm|ft|feet|foot|inch(?:es)?|yards?|kg|kilograms?|g|grams?|lbs?|pounds?|tons?|tonnes?|mph|km/h|hours?|minutes?|seconds?|days?|weeks?|months?|years?|decades?|centuries|acres?|hectares?|square (?:miles|kilometres|kilometers|feet|metres|meters)|°[CF]?|degrees?|MW|GW|kW|W|watts?|volts?|V|Hz|MHz|GHz|GB|MB|KB|TB|bits?|bytes?|people|inhabitants|residents|species|students|members|employees|times";

const RE_NUMERIC: [RegExp, VariableType, string][] = [
  [new RegExp(`(?:\\b(?:${MONTHS})\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{3,4}\\b|\\b\\d{1,2}(?:st|nd|rd|th)? (?:${MONTHS})\\.?,? \\d{3,4}\\b|\\b(?:${MONTHS})\\.?,? \\d{4}\\b|\\b(?:${MONTHS}) \\d{1,2}(?:st|nd|rd|th)?\\b|\\b\\d{4}-\\d{2}-\\d{2}\\b)`, "g"), "date", "re:date"],
  // "2012-13": a season or range of years, not a year and a number.
  [/\b(?:1[0-9]{3}|20[0-9]{2})[-–]\d{2}\b(?![-–.,]?\d)/g, "date", "re:years"],
  [/\b(?:the )?\d{2,4}s\b|\b\d{1,2}(?:st|nd|rd|th) century\b|\b\d{3,4}\s?(?:BC|BCE|AD|CE)\b/g, "date", "re:period"],
  [/(?:[$£€¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|trillion|thousand|bn|m|k)\b)?|\b\d[\d,]*(?:\.\d+)?\s?(?:million|billion|trillion)?\s?(?:dollars|euros|pounds sterling|USD|EUR|GBP)\b)/g, "money", "re:money"],
  [/\b\d[\d,]*(?:\.\d+)?\s?(?:%|per ?cent\b)/g, "quantity", "re:percent"],
  [new RegExp(`\\b\\d[\\d,]*(?:\\.\\d+)?(?:\\s?(?:million|billion|thousand|hundred))?[\\s-]?(?:${UNITS})\\b`, "g"), "quantity", "re:quantity"],
  [/\b(?:1[0-9]{3}|20[0-9]{2})\b(?![.,]\d)/g, "year", "re:year"],
  [/\bv?\d+\.\d+(?:\.\d+)+\b|\bv\d+(?:\.\d+)*\b/g, "code", "re:version"],
  [/\b\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?(?:\s(?:million|billion|trillion|thousand|hundred))?\b/g, "number", "re:number"],
];

// Identifiers, file names, dotted names, calls, C++/C#/.NET style names.
const RE_CODE = /(?:(?<![^\s(])\.[A-Za-z][A-Za-z0-9]{1,}(?=\s|$|[,;:?)])|\b(?![A-Za-z]\.[A-Za-z]\b)[A-Za-z_][A-Za-z0-9_]*(?:(?:\.|::|->)[A-Za-z_][A-Za-z0-9_]*)+(?:\(\))?|\b[A-Za-z_][A-Za-z0-9_]*\(\)|\b[a-z]+[A-Z][A-Za-z0-9]*\b|\b[A-Za-z]*_[A-Za-z0-9_]+\b|\b[A-Z][A-Za-z]*(?:\+\+|#)(?=\s|$|[,;:?)])|\b[A-Za-z0-9_-]+\.(?:js|ts|py|java|cs|cpp|c|h|php|rb|go|rs|html|css|json|xml|yml|yaml|sql|sh|txt|csv|exe|dll|jar|war|apk|ini|conf|cfg|log|md|jsx|tsx|vue|swift|kt|pl|bat|ps1|zip|tar|gz|pdf|docx?|xlsx?|png|jpe?g|gif|svg|mp[34])\b)/g;
const RE_QUOTED = /"([^"\n]{2,80})"|“([^”\n]{2,80})”|'([^'\n]{3,60})'(?=[\s,.?!;:]|$)/g;

/** Abbreviations that precede a name ("Dr. Claw"): the word after their period does not start a sentence. */
const TITLE_ABBREVIATION = /\b(?:Mr|Mrs|Ms|Dr|St|Mt|Gen|Col|Lt|Sgt|Prof|Rev)$/;

const TOKEN_RE = /[\p{L}\p{N}_](?:[\p{L}\p{N}_'’&+#-]|\.(?=[\p{L}\p{N}]))*(?:\+\+|#)?/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text))) {
    let j = m.index - 1;
    while (j >= 0 && /[\s"'“‘(\[]/.test(text[j])) j--;
    const abbreviation = text[j] === "." && TITLE_ABBREVIATION.test(text.slice(Math.max(0, j - 4), j));
    const initial = j < 0 || (/[.!?:;\n•|]/.test(text[j]) && !abbreviation) || text[j] === "\u2013" || (text[j] === "-" && /\s/.test(text[j + 1] ?? ""));
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], initial });
  }
  return out;
}

/** Sentence ranges: split after . ! ? (not after initials/abbreviations) or at line breaks. */
export function splitSentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /[.!?]+["”')\]]*(?=\s+["“'(\[]?[\p{Lu}\p{N}])|\n+/gu;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const end = m.index + m[0].length;
    const before = text.slice(Math.max(start, m.index - 4), m.index);
    // "Mr." "Dr." "U.S." "St." "c. 1500" "lit. 'x'" "e.g." single initials: not a boundary.
    if (m[0][0] === "." && /(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|No|Vol|Inc|Ltd|Co|Bros|Mt|ca|c|lit|cf|al|pp|approx|Gen|Col|Lt|Sgt|Prof|Rev)|\b[A-Z]|\.[A-Za-z])$/.test(before)) continue;
    if (text.slice(start, end).trim()) out.push(trimRange(text, start, end));
    start = end;
  }
  if (text.slice(start).trim()) out.push(trimRange(text, start, text.length));
  return out;
}

function trimRange(text: string, start: number, end: number) {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/**
 * A search query typed without capitals ("who plays kevin in house of cards"). A sentence that starts with a capital
 * but has no other ("What is consumed in combustion?") is edited text without names, where these guesses misfire.
 */
export function allLowerCase(text: string): boolean {
  return !/[A-Z]/.test(text);
}

let lexicon: Record<string, string | string[]> | null = null;
let orgWords: Set<string> | null = null;
let placeWords: Set<string> | null = null;
function compromiseModel() {
  if (!lexicon) {
    const m = (nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> }; two: { orgWords: Record<string, unknown>; placeWords: Record<string, unknown> } } }).model();
    lexicon = m.one.lexicon;
    orgWords = new Set(Object.keys(m.two.orgWords));
    placeWords = new Set([...Object.keys(m.two.placeWords), "river", "mountain", "mount", "ocean", "sea", "city", "county", "province", "kingdom", "republic", "state", "states", "valley", "park", "street", "road", "avenue", "square", "bridge", "castle", "palace", "tower", "airport", "station", "district", "region", "peninsula"]);
  }
  return { lexicon, orgWords: orgWords!, placeWords: placeWords! };
}

function lexTags(word: string): string[] {
  const v = compromiseModel().lexicon[word.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Words that open a sentence without being part of the name after them ("Later Smith was …"). */
const NOT_IN_NAMES = /\b(?:Adverb|Conjunction|Preposition|Determiner|Pronoun|Verb|PastTense|Modal|Adjective|Comparative|Superlative)\b/;
const NAME_TAGS = /^(?:FirstName|MaleName|FemaleName|LastName|Person)$/;
const PLACE_TAGS = /^(?:City|Country|Region|Place|Address)$/;
const ORG_TAGS = /^(?:Organization|SportsTeam|Company|School)$/;

/** Whether a word is a common word (so a capital at sentence start or in a title says nothing). */
export const isCommonWord = memoize(computeIsCommon, 200_000);
const cachedWordKind = memoize(wordKind, 200_000);

function computeIsCommon(word: string): boolean {
  const w = word.toLowerCase().replace(/['’]s$/, "");
  if (STOPWORDS.has(w)) return true;
  const tags = lexTags(w);
  if (tags.some((t) => NAME_TAGS.test(t) || PLACE_TAGS.test(t) || ORG_TAGS.test(t) || t === "ProperNoun")) return false;
  if (tags.length) return true;
  return cachedWordKind(w).common;
}

// Head words of "X of Y" names, by the kind of thing they name.
const EVENT_OF_HEADS = /^(?:battle|siege|treaty|war|wars|day|festival|council|congress)$/;
const ORG_OF_HEADS = /^(?:university|bank|house|church|museum|department|ministry|order|institute|college|school|academy|league|society|federation|union)$/;
const PLACE_OF_HEADS = /^(?:kingdom|republic|isle|isles|bay|gulf|cape|lake|mount|city|county|state|province|district|port|fort|strait|straits|sea|river|island|islands|empire)$/;
// Titles and ranks also head names and titles of works ("lord of the rings", "prince of persia", "game of thrones").
const TITLE_OF_HEADS = /^(?:lord|lady|prince|princess|duke|king|queen|game|book|hall|tower|bridge|statue|temple)$/;

/**
 * The head word of an "X of Y" name, lower case: the word before "of" ("bank of america"), or the second word when it
 * heads organisations or events ("state bank of india", "second battle of saratoga"; not "capital city of canada").
 */
export function ofNameHead(lower: string[]): string | null {
  const of = lower.indexOf("of");
  if (of === 1 && lower.length > 2) return lower[0];
  if (of === 2 && lower.length > 3 && (ORG_OF_HEADS.test(lower[1]) || EVENT_OF_HEADS.test(lower[1]))) return lower[1];
  return null;
}

/** Whether a word heads names of the form "X of Y" ("battle of hastings", "university of michigan"). */
function namesWithOf(word: string): boolean {
  const w = word.toLowerCase();
  return EVENT_OF_HEADS.test(w) || ORG_OF_HEADS.test(w) || PLACE_OF_HEADS.test(w) || TITLE_OF_HEADS.test(w);
}

/** Type of a proper-noun run from cues: honorifics, organisation/place head words, lexicons. */
export const classifyName = memoize(nameClass);

function nameClass(run: string): VariableType {
  const { orgWords, placeWords } = compromiseModel();
  const words = run.replace(/['’]s$/, "").split(/\s+/);
  const lower = words.map((w) => w.toLowerCase().replace(/\.$/, ""));
  const last = lower[lower.length - 1];
  let t: VariableType = "concept";
  const whole = lexTags(lower.join(" "));
  const head = lower.length > 2 && lower[1] === "for" && FOR_NAME_HEADS.test(lower[0]) ? lower[0] : ofNameHead(lower);
  if (HONORIFICS.has(lower[0]) && words.length > 1) t = "person";
  else if (head && EVENT_OF_HEADS.test(head)) t = "event";
  else if (head && ORG_OF_HEADS.test(head)) t = "organization";
  else if (head && PLACE_OF_HEADS.test(head)) t = "place";
  else if (/\b(?:war|battle|revolution|olympics|championships?|cup|election|crisis|treaty|festival|bowl|games|expo|conference|summit|massacre|riot|strike|act|classic|tournament|marathon|parade|contest)\b/.test(last)) t = "event";
  else if (whole.some((x) => ORG_TAGS.test(x)) || orgWords.has(last) || /^(?:inc|ltd|plc|corp|llc|gmbh|ag|sa|co)$/.test(last)) t = "organization";
  else if (whole.some((x) => PLACE_TAGS.test(x)) || placeWords.has(last)) t = "place";
  // "sydney australia", "austin texas": a name, then the place it is in (not "air france": "air" is a common word).
  else if (words.length <= 3 && lexTags(last).some((x) => PLACE_TAGS.test(x)) && !isCommonWord(lower[0])) t = "place";
  else if (whole.some((x) => NAME_TAGS.test(x))) t = "person";
  else if (words.length >= 2 && words.length <= 4 && isFirstName(lower[0])) t = "person";
  else if (words.length >= 2 && lexTags(last).includes("LastName")) t = "person";
  else if (whole.some((x) => /Demonym|Language/.test(x))) t = "language";
  else if (words.length === 1 && lexTags(lower[0]).some((x) => /^(?:Month|WeekDay)$/.test(x))) t = "date";
  return t;
}

function isCap(w: string): boolean {
  return /^[\p{Lu}]/u.test(w) || /^[\p{Ll}]+[\p{Lu}]/u.test(w);
}

/**
 * Words the text writes capitalised inside a sentence and never in lower case ("Chandler", the "Great" of "Great
 * Britain"): at a sentence start too they begin a name, though they are also common words.
 */
function capitalisedOnly(tokens: Token[]): Set<string> {
  const lower = new Set<string>();
  const inner = new Set<string>();
  for (const t of tokens) {
    if (!/^\p{L}+$/u.test(t.text)) continue;
    if (/^\p{Ll}+$/u.test(t.text)) lower.add(t.text);
    else if (!t.initial && /^\p{Lu}\p{Ll}+$/u.test(t.text)) inner.add(t.text);
  }
  const out = new Set<string>();
  for (const w of inner) if (!lower.has(w.toLowerCase()) && !STOPWORDS.has(w.toLowerCase())) out.add(w);
  return out;
}

/** Whether two words are one name WordNet or compromise's lexicon knows ("great britain", "new zealand"). */
function knownWhole(a: string, b: string): boolean {
  return isProperCompound([a, b]) || lexTags(`${a} ${b}`.toLowerCase()).some((x) => PLACE_TAGS.test(x) || ORG_TAGS.test(x));
}

/** Runs of capitalised words (with inner connectors like "of"), sentence-initial common words excluded. */
function properNounRuns(text: string, tokens: Token[]): Span[] {
  // Title Case or ALL CAPS text (most common words capitalised): capitals carry no signal, keep only words that are
  // not common words.
  // Lower-case content words are nearly always common words: count them without lexicon look-ups first.
  const words = tokens.filter((t) => /^\p{L}+$/u.test(t.text) && !STOPWORDS.has(t.text.toLowerCase()));
  const caps = words.filter((t) => isCap(t.text));
  let titleCase = false;
  if (caps.length >= 3 && words.length - caps.length <= Math.floor(caps.length / 5)) {
    const capCommon = caps.filter((t) => isCommonWord(t.text)).length;
    const lowerCommon = words.filter((t) => !isCap(t.text) && isCommonWord(t.text)).length;
    titleCase = capCommon >= 3 && lowerCommon <= Math.floor(capCommon / 5);
  }
  // Built on first need: most texts never ask.
  let named: Set<string> | null = null;
  const capitalisedElsewhere = (w: string) => !titleCase && (named ??= capitalisedOnly(tokens)).has(w);
  const out: Span[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    const capital = isCap(t.text) && /\p{L}/u.test(t.text);
    const strong = capital && (!(t.initial || titleCase) || !isCommonWord(t.text) || techDescription(t.text) !== null || capitalisedElsewhere(t.text));
    if (!strong) {
      i++;
      continue;
    }
    let j = i + 1;
    let end = i;
    while (j < tokens.length) {
      const u = tokens[j];
      const gap = text.slice(tokens[j - 1].end, u.start);
      if (!/^[\s]*$|^\s*-\s*$|^\.\s*$/.test(gap) || u.initial) break;
      if (isCap(u.text) && (!titleCase || !isCommonWord(u.text) || (j === end + 1 && !STOPWORDS.has(u.text.toLowerCase())))) {
        end = j;
        j++;
      } else if (CONNECTORS.has(u.text.toLowerCase()) && j + 1 < tokens.length && isCap(tokens[j + 1].text)) j++;
      else break;
    }
    let start = t.start;
    // A sentence's first word the strong test left out belongs to the name after it when that name is what the sentence
    // defines ("Gravity Falls is an American … series", "Game of Thrones is …"; the capital of a first word alone says
    // nothing), or when WordNet or the lexicon knows the two words as one name ("Great Britain competed …").
    let k = i - 1;
    const defines = /^\s+(?:is|was|are|were)\s/.test(text.slice(tokens[end].end, tokens[end].end + 6));
    if (defines) while (k > 0 && i - k <= 2 && CONNECTORS.has(tokens[k].text) && !tokens[k].initial) k--;
    const first = tokens[k];
    if (k >= 0 && first.initial && isCap(first.text) && /^\p{L}+$/u.test(first.text)) {
      const tags = lexTags(first.text);
      // An unknown word ending in -ly is likely an adverb; a known one says what it is ("Family" is a noun).
      const opensDefined = defines && !STOPWORDS.has(first.text.toLowerCase()) && !NOT_IN_NAMES.test(tags.join(" ")) && (tags.length > 0 || !/ly$/i.test(first.text)) && /^[ a-z]*$/.test(text.slice(first.end, t.start));
      if (opensDefined || (k === i - 1 && /^ $/.test(text.slice(first.end, t.start)) && knownWhole(first.text, t.text))) start = first.start;
    }
    // "Mr. Randolph": keep the honorific.
    if (i > 0 && HONORIFICS.has(tokens[i - 1].text.toLowerCase()) && isCap(tokens[i - 1].text)) start = tokens[i - 1].start;
    let stop = tokens[end].end;
    let runText = text.slice(start, stop).replace(/['’]s$/, "");
    // "Robert Parish Parish in 2005": a flattened infobox runs the caption's surname into the name above it.
    const repeated = /^(\p{L}[\s\S]* (\p{L}+)) \2$/u.exec(runText);
    if (repeated) runText = repeated[1];
    stop = start + runText.length;
    // "President of India", "Chief Justice of the United States": a post is no name; what it is of is.
    const post = /^((?:\p{L}+ ){0,2}\p{L}+) of (?:the )?(?=\p{Lu})/u.exec(runText);
    if (post && isPost(post[1].split(" "))) {
      const name = runText.slice(post[0].length);
      out.push({ start: start + post[0].length, end: stop, text: name, type: nameClass(name), source: "propn-run" });
    } else if (!/^\d/.test(runText) && !STOPWORDS.has(runText.toLowerCase())) out.push(...splitCastRun(text, start, runText));
    i = end + 1;
  }
  return out;
}

const FIRST_NAME = /^(?:FirstName|MaleName|FemaleName)$/;
/** A first name in compromise's lexicon ("kevin", "mark"). */
function isFirstName(word: string): boolean {
  return lexTags(word).some((t) => FIRST_NAME.test(t));
}

/**
 * A flattened cast list ("Kathy Bates as Maime Trotter Glenn Close as Nonnie Hopkins") runs each character into the
 * next actor: a run between two "as" is split before the actor's first name (the last first name after its first
 * word; else its last two words), so each actor and each character is a name of its own.
 */
function splitCastRun(text: string, start: number, runText: string): Span[] {
  const span = (s: number, t: string): Span => ({ start: s, end: s + t.length, text: t, type: classifyName(t), source: "propn-run" });
  const castBefore = /\bas\s+$/.test(text.slice(Math.max(0, start - 4), start));
  const castAfter = /^\s+as\s+\p{Lu}/u.test(text.slice(start + runText.length, start + runText.length + 6));
  if (!castBefore || !castAfter) return [span(start, runText)];
  const words = [...runText.matchAll(/\S+/g)];
  if (words.length < 3) return [span(start, runText)];
  let cut = -1;
  for (let k = words.length - 2; k >= 1; k--)
    if (isFirstName(words[k][0])) {
      cut = k;
      break;
    }
  if (cut < 0) cut = words.length - 2;
  const character = runText.slice(0, words[cut].index).trimEnd();
  const actor = runText.slice(words[cut].index);
  return [span(start, character), span(start + words[cut].index!, actor)];
}

function regexSpans(text: string, re: RegExp, type: VariableType, source: string, group = 0): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let s = m.index;
    let str = m[0];
    if (group) {
      const g = m.slice(1).find((x) => x !== undefined) ?? "";
      s = m.index + m[0].indexOf(g);
      str = g;
    }
    if (str.trim()) out.push({ start: s, end: s + str.length, text: str, type, source });
  }
  return out;
}

// "the cfp national championship last year": a time said relative to now ends a name; it stays words of the question.
const RELATIVE_TIME = /^(?:last|this|next|every) (?:year|season|week|month|night|time|weekend|summer|winter|spring|fall|autumn)$/i;

// Lower priority first: a higher-priority span wins an overlap, then the longer one.
const PRIORITY: Record<string, number> = { "name:model": 5, "focus-np": 0, "re:number": 1, "rare-np": 3, "wordnet-name": 3, "compromise": 3, "propn-run": 3, "wink": 4, "re:year": 5, "re:version": 6, code: 6, "re:quantity": 7, "re:percent": 7, "re:money": 8, "re:period": 8, "re:date": 9, "re:years": 9, quoted: 10, "defined-title": 10 };
function priority(s: Span): number {
  // A name holds its numbers ("the 101 freeway", "world war 2").
  if ((s.source === "name:head" || s.source === "wordnet-name") && /\d/.test(s.text)) return PRIORITY["name:model"];
  return PRIORITY[s.source] ?? PRIORITY[s.source.split(":")[0]] ?? 3;
}

/** Keeps the best non-overlapping spans, in text order. */
export function resolveOverlaps(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => priority(b) - priority(a) || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Span[] = [];
  const free = (s: Span) => !kept.some((k) => s.start < k.end && k.start < s.end);
  for (const s of sorted) {
    if (free(s)) kept.push(s);
    else if (s.source === "propn-run") {
      let at = s.end;
      for (const k of kept) if (s.start < k.end && k.start < s.end) at = Math.min(at, k.start);
      const cut = runBefore(s, at);
      if (cut && free(cut)) kept.push(cut);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * What is left of a capitalised run before a span that won an overlap with it: "Canada on March" loses "March 16,
 * 2018" to the date and keeps "Canada". Null when nothing capitalised is left.
 */
function runBefore(s: Span, at: number): Span | null {
  if (at <= s.start) return null;
  // Only where the run reached the span across a connector: a name the span is part of ("Stormy Monday") is dropped.
  const words = s.text.slice(0, at - s.start).split(/\s+/).filter(Boolean);
  if (!words.length || !CONNECTORS.has(words[words.length - 1].toLowerCase())) return null;
  while (words.length && CONNECTORS.has(words[words.length - 1].toLowerCase())) words.pop();
  const text = words.join(" ");
  // startsWith: the words were joined by other spaces than one.
  if (!text || STOPWORDS.has(text.toLowerCase()) || !s.text.startsWith(text)) return null;
  return { start: s.start, end: s.start + text.length, text, type: nameClass(text), source: s.source };
}

let wink: ReturnType<typeof winkNLP> | null = null;
function winkInstance() {
  return (wink ??= winkNLP(model));
}

type Parse = { doc: ReturnType<ReturnType<typeof winkNLP>["readDoc"]>; toks: string[]; pos: string[]; offs: number[] };
let lastParse: { text: string; parse: Parse } | null = null;
/** wink-nlp tokens, POS tags and character offsets of a text; the last one is kept, as the deep passes share it. */
export function tagTokens(text: string): Parse {
  if (lastParse?.text === text) return lastParse.parse;
  const w = winkInstance();
  const doc = w.readDoc(text);
  const toks = doc.tokens().out() as string[];
  const pos = doc.tokens().out(w.its.pos) as string[];
  // wink spans are token indices; map them to character offsets by searching forward.
  const offs: number[] = [];
  let cursor = 0;
  for (const t of toks) {
    const at = text.indexOf(t, cursor);
    offs.push(at < 0 ? cursor : at);
    if (at >= 0) cursor = at + t.length;
  }
  lastParse = { text, parse: { doc, toks, pos, offs } };
  return lastParse.parse;
}

const LEADING_ORDINAL = /^(?:first|second|third|last|next|latest|final|original|time|name|most|least|many|much)$/i;

const WINK_TYPES: Record<string, VariableType> = { DATE: "date", TIME: "date", CARDINAL: "number", MONEY: "money", PERCENT: "quantity", DURATION: "quantity" };

/**
 * "who does eric [end] up with", "how many points did robert parish [score]": the subject after "did"/"does" needs a
 * verb after it; with none later in the question, the chunk's last word is that verb, though wink tagged it a noun.
 */
export function endsInSubjectVerb(toks: string[], pos: string[], a: number, b: number): boolean {
  const lower = (i: number) => toks[i]?.toLowerCase() ?? "";
  const aux = lower(a - 1) === "the" ? a - 2 : a - 1;
  if (b <= a || !/^(?:when|where|how|why|who|what|which)$/.test(lower(0)) || !DO_AUX.test(lower(aux))) return false;
  const verbAfter = pos.slice(b + 1).some((p) => p === "VERB" || p === "AUX");
  return !verbAfter && nounLemma(lower(b)) === lower(b) && wordKind(lower(b)).nonNoun;
}

const ROMAN: Record<number, string> = { 1: "i", 2: "ii", 3: "iii", 4: "iv", 5: "v", 6: "vi", 7: "vii", 8: "viii" };

/** wink-nlp entities plus noun phrases (from its POS tags) holding a word that no lexicon knows as a common word. */
function deepSpans(text: string): Span[] {
  const its = winkInstance().its;
  const { doc, toks, pos, offs } = tagTokens(text);
  const out: Span[] = [];
  const ents = doc.entities().out(its.detail) as unknown as { type: string }[];
  const entSpans = doc.entities().out(its.span) as unknown as [number, number][];
  ents.forEach((ent, k) => {
    const type = WINK_TYPES[ent.type];
    if (!type) return;
    const [a, b] = entSpans[k];
    const start = offs[a];
    const end = offs[b] + toks[b].length;
    const str = text.slice(start, end);
    // A lone number word ("one", "two") in a question is rarely the specific part.
    if (!/\d/.test(str) && !new RegExp(`\\b(?:${MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b`, "i").test(str)) return;
    out.push({ start, end, text: str, type: /^\d{4}$/.test(str) ? "year" : type, source: `wink:${ent.type}` });
  });
  // Noun-phrase chunks: (ADJ|NOUN|PROPN|NUM)+ ending in NOUN/PROPN.
  let i = 0;
  while (i < toks.length) {
    if (!/^(?:ADJ|NOUN|PROPN)$/.test(pos[i])) {
      i++;
      continue;
    }
    let j = i;
    while (
      j + 1 < toks.length &&
      !RELATIVE_TIME.test(`${toks[j + 1]} ${toks[j + 2] ?? ""}`) &&
      (/^(?:ADJ|NOUN|PROPN|NUM)$/.test(pos[j + 1]) || (toks[j + 1] === "of" && j + 2 < toks.length && pos[j + 2] === "PROPN"))
    )
      j++;
    let end = j;
    if (endsInSubjectVerb(toks, pos, i, end)) end--;
    while (end >= i && !/^(?:NOUN|PROPN)$/.test(pos[end])) end--;
    if (end >= i) {
      const words = toks.slice(i, end + 1);
      const lowerCased = !/[A-Z]/.test(text.slice(1));
      const rare = words.some((x) => /\p{L}/u.test(x) && x.length > 2 && (!isCommonWord(x) || (lowerCased && !STOPWORDS.has(x) && dominantlyProper(x))));
      // "which came first [battlestar galactica]", "the last time [australia]": a leading ordinal is not part of the name.
      let a = i;
      while (a < end && LEADING_ORDINAL.test(toks[a])) a++;
      if (a === i && i + 1 < end && whVerbAt(toks, i + 1)) a = i + 2;
      if (a > i && toks[a] === "of") a++;
      // "the president of india": the name is what follows the post, which stays a word of the question.
      const of = toks.indexOf("of", a);
      if (of > a && of < end && namesOffice(toks[of - 1])) a = of + 1;
      // "the population of india", "the border of texas": so is what follows a common word naming a relation, unless
      // the word heads names ("battle of hastings", "university of michigan") or WordNet knows the whole.
      // "the national religion of madagascar", "the state tree of new york": several common words before "of" too.
      else if (of > a && of < end && toks.slice(a, of).every((w) => isCommonWord(w)) && !namesWithOf(toks[of - 1]) && !nounSenses(toks.slice(a, end + 1).join(" ")).length) a = of + 1;
      end = withoutTrailingAttribute(toks, pos, a, end);
      if (rare) {
        const str = text.slice(offs[a], offs[end] + toks[end].length);
        out.push({ start: offs[a], end: offs[a] + str.length, text: str, type: classifyName(titleCaseWords(str)), source: "rare-np" });
      }
    }
    i = j + 1;
  }
  // Lower-case multi-word names WordNet knows ("world series", "soviet union"), longest first.
  if (!/[A-Z]/.test(text.slice(1))) {
    const words = tokenize(text);
    for (let i = 0; i < words.length; i++)
      for (let n = Math.min(4, words.length - i); n >= 2; n--) {
        const seq = words.slice(i, i + n);
        const last = seq[n - 1].text.toLowerCase();
        // "world war i": a roman numeral may end a name though "i" is a stopword.
        if (STOPWORDS.has(seq[0].text.toLowerCase()) || (STOPWORDS.has(last) && last !== "i")) continue;
        // "world war 2" is WordNet's "world war ii".
        if (isProperCompound(seq.map((t) => t.text)) || (n > 2 && ROMAN[Number(last)] && isProperCompound([...seq.slice(0, -1).map((t) => t.text), ROMAN[Number(last)]]))) {
          // "king of england": as in proper-noun runs, the post stays a word of the question and what it is the post of is the name.
          const from = n > 2 && seq[1].text.toLowerCase() === "of" && namesOffice(seq[0].text) ? 2 : 0;
          const str = text.slice(seq[from].start, seq[n - 1].end);
          out.push({ start: seq[from].start, end: seq[n - 1].end, text: str, type: classifyName(titleCaseWords(str)), source: "wordnet-name" });
          i += n - 1;
          break;
        }
      }
  }
  if (allLowerCase(text)) out.push(...lowerCaseNames(text, toks, pos, offs), ...bareSubjects(text, toks, pos, offs));
  const c = nlp(text);
  const add = (list: { text: string; offset: { start: number; length: number } }[], type: VariableType) => {
    for (const x of list) {
      let s = x.offset.start;
      let str = text.slice(s, s + x.offset.length).replace(/[\s,.;:?!]+$/, "").replace(/['’]s$/, "");
      const lead = str.match(/^(?:the|a|an)\s+/i);
      if (lead) {
        s += lead[0].length;
        str = str.slice(lead[0].length);
      }
      // "what empire did [maria theresa] rule": compromise takes the verb after a question's subject into the name.
      const ta = offs.indexOf(s);
      const tb = offs.findIndex((o, k) => o + toks[k].length === s + str.length);
      if (ta >= 0 && tb > ta && endsInSubjectVerb(toks, pos, ta, tb)) str = text.slice(s, offs[tb - 1] + toks[tb - 1].length);
      // compromise takes a post for a person ("first president"); it is not a name.
      const words = str.split(/\s+/);
      const rest = words.slice(words.findIndex((w) => !LEADING_ORDINAL.test(w)));
      const post = type === "person" && isPost(rest);
      // "the first man", "the first driver": an ordinal and common nouns say which person, they do not name one.
      const described = type === "person" && rest.length < words.length && rest.every((w) => isCommonWord(w) && !isFirstName(w));
      if (str && !post && !described && !STOPWORDS.has(str.toLowerCase())) out.push({ start: s, end: s + str.length, text: str, type, source: `compromise:${type}` });
    }
  };
  type J = { text: string; offset: { start: number; length: number } }[];
  add(c.people().json({ offset: true }) as J, "person");
  add(c.places().json({ offset: true }) as J, "place");
  add(c.organizations().json({ offset: true }) as J, "organization");
  return out;
}

/**
 * "what countries [border] germany", "what movies [star] adam sandler": after "what"/"which" (and a number) a plural
 * noun is the question's own, and a common word after it that can be the plain form of a verb is the question's verb,
 * though wink may tag it a noun; a name is what follows it.
 */
function whVerbAt(toks: string[], k: number): boolean {
  const wh = (j: number) => /^(?:what|which)$/i.test(toks[j] ?? "");
  const nounAfterWh = wh(k - 2) || (/^\d+$/.test(toks[k - 2] ?? "") && wh(k - 3));
  // A plural noun and a verb's plain form agree ("countries border"); "what power sources overtook …" is one noun phrase.
  const noun = toks[k - 1]?.toLowerCase() ?? "";
  const lemma = nounLemma(noun);
  const plural = lemma !== null && lemma !== noun && /[^s]$/i.test(toks[k] ?? "");
  return nounAfterWh && plural && isCommonWord(toks[k - 1]) && isCommonWord(toks[k]) && wordKind(toks[k]).nonNoun;
}

/** Two or more words that read as a whole name: the last is no common word, nor the first unless it is a first name. */
function wholeName(words: string[]): boolean {
  const nameLike = (w: string) => w.length > 2 && /^\p{L}+$/u.test(w) && !isCommonWord(w);
  return words.length >= 2 && nameLike(words[words.length - 1]) && (nameLike(words[0]) || isFirstName(words[0]));
}

/** Words after a whole name that can be what a query asks about it ("real name", "nationality"), not part of it. */
function attributeWord(toks: string[], pos: string[], i: number): boolean {
  return /^(?:NOUN|ADJ)$/.test(pos[i]) && isCommonWord(toks[i]) && !NAME_HEAD_NOUNS.test(toks[i]) && !NAME_HEADS.test(toks[i]) && !teamNicknameSet().has(toks[i]);
}

/**
 * "ronnie radke real name", "steve nash nationality": a noun phrase that is a whole name and then common words ends
 * before them. Names that end in a common word keep it: "madison square garden" (its last name word is common), "golden
 * state warriors" (a team's nickname), "wagner act" (a word that heads names).
 */
function withoutTrailingAttribute(toks: string[], pos: string[], a: number, end: number): number {
  if (pos[end] !== "NOUN") return end;
  let e = end;
  while (e > a + 1 && attributeWord(toks, pos, e)) e--;
  return e < end && wholeName(toks.slice(a, e + 1)) ? e : end;
}

let teamNicknames: Set<string> | null = null;
/** Last words of the sports teams compromise knows ("new england patriots" → "patriots"). */
function teamNicknameSet(): Set<string> {
  if (teamNicknames) return teamNicknames;
  const set = new Set<string>();
  for (const [k, v] of Object.entries(compromiseModel().lexicon)) {
    const words = k.split(" ");
    if (words.length > 1 && (Array.isArray(v) ? v : [v]).includes("SportsTeam")) set.add(words[words.length - 1]);
  }
  return (teamNicknames = set);
}

const SPORTS_CUE = /\b(?:super ?bowl|nfl|nba|mlb|nhl|mls|afc|nfc|playoffs?|world series|stanley cup|championships?|season|games?|play|played|plays|won|win|wins|beat|draft(?:ed)?|coach|quarterback|pitcher|stadium|score|scored|football|baseball|basketball|hockey|soccer|team|league)\b/;
const OFFICE_MODIFIERS = /^(?:chief|vice|prime|deputy|foreign|home|attorney|lieutenant|assistant|associate|senior|grand|high|lord)$/i;

/** Whether words name a post and nothing else ("president", "Chief Justice", "vice president"). */
function isPost(words: string[]): boolean {
  return words.length > 0 && words.every((w) => OFFICE_MODIFIERS.test(w) || namesOffice(w));
}

function unknownWord(w: string): boolean {
  return /^\p{L}{3,}$/u.test(w) && !STOPWORDS.has(w) && !lexTags(w).length && !wordKind(w).known;
}

/**
 * Lower-case queries: first names that are not also common words, with the surname after them ("kevin spacey"), and
 * team nicknames in a sports question ("when did the brewers go to the world series").
 */
function lowerCaseNames(text: string, toks: string[], pos: string[], offs: number[]): Span[] {
  const out: Span[] = [];
  const sports = SPORTS_CUE.test(text);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (STOPWORDS.has(t)) continue;
    if (t === "us" && toks[i - 1] === "the") {
      out.push({ start: offs[i], end: offs[i] + 2, text: t, type: "place", source: "name:us" });
      continue;
    }
    if (t.length === 2 && /^[a-z]{2}$/.test(t) && !isCommonWord(t)) {
      // Two letters that are no English word: an abbreviation ("un", "nl", "cw").
      out.push({ start: offs[i], end: offs[i] + 2, text: t, type: "concept", source: "name:abbreviation" });
      continue;
    }
    if (t.length < 3) continue;
    if (/^\p{L}+$/u.test(t) && /^(?!1\d{3}$|20\d{2}$)\d{1,4}$/.test(toks[i + 1] ?? "") && !isCommonWord(t) && !lexTags(t).length) {
      // An unknown word and a number (not a year) name a model or product ("xbox 360").
      const end = offs[i + 1] + toks[i + 1].length;
      out.push({ start: offs[i], end, text: text.slice(offs[i], end), type: "concept", source: "name:model" });
    } else if (isFirstName(t) && unknownWord(toks[i + 1] ?? "") && (pos[i] !== "VERB" || DO_AUX.test(toks[i - 1] ?? ""))) {
      // A first name that is also a common word, before a word no lexicon knows, is a person ("did [mark harmon] star").
      const end = offs[i + 1] + toks[i + 1].length;
      out.push({ start: offs[i], end, text: text.slice(offs[i], end), type: "person", source: "name:first" });
      i++;
    } else if (isFirstName(t) && !wordKind(t).common) {
      const next = toks[i + 1];
      // An adjective is a surname only when compromise's lexicon does not know it ("kevin spacey", not "trenton important").
      const nominal = /^(?:NOUN|PROPN)$/.test(pos[i + 1]) || (pos[i + 1] === "ADJ" && next !== undefined && !lexTags(next).length);
      const surname = next !== undefined && nominal && !STOPWORDS.has(next) && /^\p{L}+$/u.test(next) && !endsInSubjectVerb(toks, pos, i, i + 1);
      const end = surname ? offs[i + 1] + next.length : offs[i] + t.length;
      out.push({ start: offs[i], end, text: text.slice(offs[i], end), type: "person", source: "name:first" });
    } else if (sports && teamNicknameSet().has(t)) {
      out.push({ start: offs[i], end: offs[i] + t.length, text: t, type: "organization", source: "name:team" });
    } else if (toks[i + 1] === "of" && toks[i + 2] === "the" && toks[i + 3] === "year" && (AWARD_KINDS.test(t) || nounSenses(t).some((x) => x.lexFile === 18))) {
      // "rookie of the year", "nba coach of the year": an award, with the league or body before it.
      const a = nameModifiersStart(toks, pos, i);
      const end = offs[i + 3] + 4;
      out.push({ start: offs[a], end, text: text.slice(offs[a], end), type: "concept", source: "name:award" });
      i += 3;
    } else if (OF_NAME_HEADS.test(t) && toks[i - 1] === "the" && (toks[i + 1] === "of" || (toks[i + 1] === "for" && FOR_NAME_HEADS.test(t)))) {
      // "the festival of the dead", "the battle of the sexes": a naming head and the nouns after "of".
      let j = i + 2;
      if (/^(?:the|a|an)$/.test(toks[j] ?? "")) j++;
      let end = -1;
      let k = j;
      for (; k < Math.min(j + 3, toks.length) && /^(?:NOUN|PROPN|ADJ)$/.test(pos[k]) && /^\p{L}+$/u.test(toks[k]) && !STOPWORDS.has(toks[k]); k++)
        if (pos[k] !== "ADJ") end = k;
      // "of the dead": an adjective after "the" stands for a noun.
      if (end < 0 && k === j + 1 && toks[j - 1] === "the") end = j;
      // "the institute for the study [of war]": one more "of" and its noun belong to the name.
      if (end >= 0 && k === end + 1 && toks[k] === "of" && /^(?:NOUN|PROPN)$/.test(pos[k + 1] ?? "") && !/^(?:NOUN|PROPN)$/.test(pos[k + 2] ?? "")) {
        end = k + 1;
        k += 2;
      }
      // A longer run of nouns is something else ("the battle of operation market garden" is found otherwise).
      if (end >= 0 && !/^(?:NOUN|PROPN)$/.test(pos[k] ?? "")) {
        const str = text.slice(offs[i], offs[end] + toks[end].length);
        out.push({ start: offs[i], end: offs[i] + str.length, text: str, type: classifyName(titleCaseWords(str)), source: "name:head-of" });
      }
    } else if (NAME_HEAD_NOUNS.test(t) && (/^(?:NOUN|PROPN)$/.test(pos[i]) || (/^(?:VERB|ADJ)$/.test(pos[i]) && /^(?:NOUN|PROPN)$/.test(pos[i - 1] ?? "")))) {
      // wink reads "the human rights act come into force" with "act" as a verb, "the john deere classic" with
      // "classic" as an adjective; after a noun it is the head.
      const a = nameModifiersStart(toks, pos, i);
      if (a < i && !/^(?:a|an)$/.test(toks[a - 1] ?? "")) {
        const str = text.slice(offs[a], offs[i] + t.length);
        out.push({ start: offs[a], end: offs[i] + t.length, text: str, type: classifyName(titleCaseWords(str)), source: "name:head" });
      }
    } else if ((/^(?:NOUN|PROPN)$/.test(pos[i]) || (pos[i] === "ADJ" && NATIONALITY.test(t))) && !NOT_NAME_WORDS.has(t) && dominantlyProper(t)) {
      // Words whose first sense is a name ("english", "bible", "christmas") are capitalised in edited text.
      out.push({ start: offs[i], end: offs[i] + t.length, text: t, type: classifyName(titleCaseWords(t)), source: "name:proper" });
    } else if (toks[i - 1] === "the" && !/^(?:NOUN|PROPN)$/.test(pos[i + 1] ?? "") && !NOT_NAME_WORDS.has(t) && namesInstitution(t)) {
      out.push({ start: offs[i], end: offs[i] + t.length, text: t, type: classifyName(titleCaseWords(t)), source: "name:the" });
    }
  }
  return out;
}

const WH = /^(?:when|where|how|why|who|what)$/;
const DO_AUX = /^(?:did|does|do|will|has|had|can|could|would)$/;
const GENERIC_BARE = /^(?:man|god|life|time|death|nature|history|society|mankind|humanity|everyone|someone|anyone|everything|something|anything)$/;

/**
 * Lower-case queries: a singular noun with no article before it, as the subject of a question, is a name ("when does
 * [monk] find out …", "when did [countrywide] merge …"), since a common count noun would need "the" or "a". Only words
 * WordNet also knows as a name or not as a noun at all: mass nouns go bare too ("when did slavery end").
 */
function bareSubjects(text: string, toks: string[], pos: string[], offs: number[]): Span[] {
  const out: Span[] = [];
  for (let i = 2; i + 1 < toks.length; i++) {
    const t = toks[i];
    if (!DO_AUX.test(toks[i - 1]) || !(WH.test(toks[i - 2]) || (i >= 3 && WH.test(toks[i - 3]) && pos[i - 2] !== "PRON"))) continue;
    const verbNext = pos[i + 1] === "VERB" || (pos[i + 1] === "AUX" && /^(?:have|be|get)$/.test(toks[i + 1]));
    // wink reads a name before a verb as a verb too ("when did jack have a son").
    const misread = pos[i] === "VERB" && verbNext;
    if (!(/^(?:NOUN|PROPN|ADJ)$/.test(pos[i]) || misread) || !verbNext || !/^\p{L}{3,}$/u.test(t) || STOPWORDS.has(t) || GENERIC_BARE.test(t)) continue;
    const lemma = nounLemma(t);
    if (lemma !== null && lemma !== t) continue;
    const firstName = isFirstName(t);
    if (!(wordKind(t).proper || firstName || (lemma === null && !misread))) continue;
    const person = firstName || nounSenses(t).some((x) => x.lexFile === 18);
    out.push({ start: offs[i], end: offs[i] + t.length, text: t, type: person ? "person" : "concept", source: "name:bare" });
  }
  // "where is [wall drug] located": a bare noun phrase of several words asked where it is, is a place's name.
  // A base-form verb cannot follow "is": wink's VERB there is a noun ("where is [wall] drug located").
  const nounAt = (j: number) => /^(?:NOUN|PROPN|ADJ)$/.test(pos[j]) || (j === 2 && pos[j] === "VERB" && !/(?:ing|ed)$/.test(toks[j]) && nounLemma(toks[j]) !== null);
  if (toks[0] === "where" && /^(?:is|was)$/.test(toks[1]) && nounAt(2)) {
    let j = 2;
    while (j < toks.length && nounAt(j) && /^\p{L}+$/u.test(toks[j]) && !STOPWORDS.has(toks[j])) j++;
    if (j - 2 >= 2 && j - 2 <= 4 && /^(?:located|situated)$/.test(toks[j] ?? "") && !wordKind(toks.slice(2, j).join("_")).known) {
      const end = offs[j - 1] + toks[j - 1].length;
      out.push({ start: offs[2], end, text: text.slice(offs[2], end), type: "place", source: "name:bare" });
    }
  }
  return out;
}

// Head nouns of names of the form "the <head> of <common words>" ("the book of life", "the sisters of charity").
const OF_NAME_HEADS = /^(?:institute|battle|siege|festival|feast|book|gospel|temple|order|land|lord|isle|statue|treaty|sisters|brothers|society|league|council|kingdom|republic|empire|planet|gates|tomb|ministry|institute|museum|cathedral|abbey)$/;

const AWARD_KINDS = /^(?:album|record|song|car|horse|team|goal|play|comeback)$/;

// Naming heads of bodies named for their purpose ("the institute for the study of war", "the society for …").
const FOR_NAME_HEADS = /^(?:institute|society|league|council|ministry|order|museum|temple)$/;

// Adjectives of nations and languages ("english", "carthaginian", "greek"); other adjectives are seldom names.
const NATIONALITY = /(?:ish|ese|ian|an|ic|ch|in|ek|ew|i)$/;

// Head nouns of names made of common words ("the hatch act", "the man booker prize", "sesame street").
const NAME_HEAD_NOUNS = /^(?:act|league|clause|amendment|treaty|accord|doctrine|festival|contest|classic|prize|award|trophy|cup|bowl|tournament|marathon|parade|massacre|airlines|airways|bridge|tunnel|dam|canal|street|avenue|boulevard|highway|freeway|expressway|stadium|arena|museum|zoo|falls|canyon|comics|records|studios)$/;

/** First token of the modifiers before a head noun: nouns, adjectives and short numbers, no generic words. */
function nameModifiersStart(toks: string[], pos: string[], head: number): number {
  let a = head;
  while (a > 0) {
    const t = toks[a - 1];
    // wink reads a noun right after an auxiliary as a verb ("where does [porter] airlines fly").
    const misreadVerb = pos[a - 1] === "VERB" && a === head && pos[a - 2] === "AUX" && pos[head + 1] === "VERB" && nounLemma(t) !== null;
    const ok = ((/^(?:NOUN|PROPN|ADJ)$/.test(pos[a - 1]) || misreadVerb) && /^\p{L}[\p{L}-]*$/u.test(t)) || /^\d{1,3}$/.test(t);
    const superlative = pos[a - 1] === "ADJ" && /[^w]est$/.test(t);
    // "the privileges and immunities clause": "and" between two modifiers.
    if (t === "and" && a < head && a >= 2 && /^(?:NOUN|PROPN)$/.test(pos[a - 2]) && !NOT_NAME_WORDS.has(toks[a - 2])) {
      a--;
      continue;
    }
    if (!ok || superlative || STOPWORDS.has(t) || NOT_NAME_WORDS.has(t)) break;
    a--;
  }
  return a;
}

// Nouns that end a name in a lower-case query rather than belong to it ("<name> season 2", "<name> lyrics").
const NOT_NAME_WORDS = new Set(
  "first last new next current original same whole entire main real official famous old other best top biggest largest highest most only latest final former early late full season seasons episode episodes cast lyrics song songs album movie movies film films book books show shows game player players fans population flag capital map name names time times date day days year years age height size history meaning definition type kind part number members member president king queen leader character characters actor actress singer author writer director owner founder coach captain star stars team teams city state country river island wife husband son daughter father mother brother sister family house home world today now tonight rest feature".split(" "),
);
const NAME_SOURCE = /^(?:rare-np|wordnet-name|compromise|name:|propn-run)/;

/**
 * Lower-case queries: a name found inside a noun phrase takes the whole phrase ("college baseball [world series]",
 * "[ford] fusion", "[xbox] 360"), since without capitals nothing else marks where the name begins and ends.
 */
function extendNames(text: string, spans: Span[]): Span[] {
  const { toks, pos, offs } = tagTokens(text);
  const free = (i: number, self: Span) => !spans.some((s) => s !== self && offs[i] < s.end && s.start < offs[i] + toks[i].length);
  const nominal = (i: number, adj: boolean) => {
    const t = toks[i].toLowerCase();
    return new RegExp(`^(?:NOUN|PROPN${adj ? "|ADJ" : ""})$`).test(pos[i]) && !STOPWORDS.has(t) && !NOT_NAME_WORDS.has(t) && /^\p{L}[\p{L}-]*$/u.test(t);
  };
  return spans.map((s) => {
    if (!NAME_SOURCE.test(s.source) || s.type === "date" || s.type === "year") return s;
    let a = toks.findIndex((_, i) => offs[i] === s.start);
    let b = toks.findIndex((t, i) => offs[i] + t.length === s.end);
    if (a < 0 || b < 0) return s;
    while (a > 0 && nominal(a - 1, true) && free(a - 1, s) && !whVerbAt(toks, a - 1)) a--;
    // Only to the right of names of things, and only over words that cannot be verbs ("[ford] fusion", not "[antietam] take place").
    const rightward = s.type === "concept" || s.type === "organization" || s.type === "person";
    const whole = wholeName(toks.slice(a, b + 1));
    for (let n = 0; n < 2 && rightward && b + 1 < toks.length && nominal(b + 1, false) && !wordKind(toks[b + 1]).nonNoun && !(whole && attributeWord(toks, pos, b + 1)) && free(b + 1, s); n++) b++;
    if (b + 1 < toks.length && /^\d{1,3}$/.test(toks[b + 1]) && free(b + 1, s)) b++;
    const start = offs[a];
    const end = offs[b] + toks[b].length;
    if (start === s.start && end === s.end) return s;
    const str = text.slice(start, end);
    return { ...s, start, end, text: str, type: s.type === "concept" ? classifyName(titleCaseWords(str)) : s.type };
  });
}

function titleCaseWords(s: string): string {
  return s.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase());
}

// Head nouns that begin names of the form "<head> of <name>" ("battle of hastings", "university of texas").
const NAME_HEADS = /^(?:battle|siege|treaty|war|wars|university|bank|house|kingdom|republic|isle|isles|bay|gulf|cape|lake|mount|church|day|city|county|state|museum|statue|book|gospel|epistle|council|congress|department|ministry|order|institute|college|school|academy|province|district|port|fort|straits?|sea|river|island|islands|empire|federation|union|league|society|festival|tower|palace|cathedral|abbey|temple)$/i;

/** Lower-case text: "battle of" + a name found by the deep pass belongs to the name. */
function extendNameHeads(text: string, spans: Span[]): Span[] {
  if (/[A-Z]/.test(text.slice(1))) return spans;
  return spans.map((s) => {
    if (!/^(?:rare-np|wordnet-name|compromise|name:)/.test(s.source)) return s;
    const m = /(?:^|\s)((\p{L}+) of (?:the )?)$/u.exec(text.slice(0, s.start));
    if (!m || !NAME_HEADS.test(m[2])) return s;
    const start = s.start - m[1].length;
    const str = text.slice(start, s.end);
    return { ...s, start, text: str, type: classifyName(titleCaseWords(str)) };
  });
}

const GENDERED = /^(?:men|women|girls|boys)$/;

/**
 * Lower-case queries: a name's possessive that a naming head ends is one name ("[nathan's hot dog eating contest]"),
 * and so is a body's sport for men or women ("the most [ncaa women's basketball championships]").
 */
function extendPossessives(text: string, spans: Span[]): Span[] {
  const { toks, pos, offs } = tagTokens(text);
  return spans.map((s) => {
    if (!NAME_SOURCE.test(s.source) || s.type === "date" || s.type === "year") return s;
    const b = toks.findIndex((t, i) => offs[i] + t.length === s.end);
    if (b < 0 || !/^['’]s$/.test(toks[b + 1] ?? "")) return s;
    let e = -1;
    for (let k = b + 2; k < Math.min(b + 6, toks.length); k++) {
      const t = toks[k];
      const word = /^\p{L}+$/u.test(t) && !STOPWORDS.has(t) && (/^(?:NOUN|PROPN|ADJ)$/.test(pos[k]) || /ing$/.test(t));
      if (!word || NOT_NAME_WORDS.has(t)) break;
      const sport = GENDERED.test(toks[b]) && (k === b + 2 ? nounSenses(t)[0]?.lexFile === 4 : e === k - 1 && /^(?:championships?|tournament|league|cup)$/.test(t));
      if (NAME_HEAD_NOUNS.test(t) || sport) e = k;
    }
    if (e < 0) return s;
    const end = offs[e] + toks[e].length;
    const str = text.slice(s.start, end);
    return { ...s, end, text: str, type: classifyName(titleCaseWords(str)) };
  });
}

/** "the [oscar for best actor]": a category named after an award belongs to the award's name. */
function extendAwardCategories(text: string, spans: Span[]): Span[] {
  return spans.map((s) => {
    if (!NAME_SOURCE.test(s.source)) return s;
    const m = /^ for best(?: (?!(?:in|of|at|on|for|the|and|or|when|who|what|which|to|from|by)\b)\p{L}+){1,3}/u.exec(text.slice(s.end));
    if (!m) return s;
    const end = s.end + m[0].length;
    return { ...s, end, text: text.slice(s.start, end), type: "concept", source: "name:award" };
  });
}

// A sentence that opens with a title and defines it ("To Kill a Mockingbird is a novel by …", "Pale Rider is a 1985
// American western film …") names one work: capitalisation alone cuts such a title at its sentence-initial and small
// words ("Kill", "Mockingbird", "Rider").
const TITLE_WORD = "[\\p{Lu}\\d][\\p{L}\\d'’.&!?-]*";
const SMALL_WORD = "(?:a|an|the|of|and|in|on|to|for|at|from|with|my|your|me|you|i|it|be|so|do|not|no|up|as|by|or|its|our|their|his|her|we|us)";
const OPENING_TITLE = new RegExp(`${TITLE_WORD}(?:\\s+(?:${SMALL_WORD}\\s+)*${TITLE_WORD}){0,9}`, "uy");
const NOT_A_TITLE = /^(?:it|he|she|they|this|that|these|those|there|the|its|his|her|their|what|which|who|whose|where|when|why|how)$/i;

function definedTitleSpans(text: string): Span[] {
  const out: Span[] = [];
  for (const sentence of splitSentences(text)) {
    OPENING_TITLE.lastIndex = sentence.start;
    const t = OPENING_TITLE.exec(text);
    if (!t || NOT_A_TITLE.test(t[0])) continue;
    const end = t.index + t[0].length;
    if (definedWork(text.slice(end, end + 160))) out.push({ start: t.index, end, text: t[0], type: "work", source: "defined-title" });
  }
  return out;
}

const NUMERIC_TYPES = new Set<VariableType>(["year", "date", "number", "quantity", "money"]);

/** Two names joined by a bare hyphen are one ("tim berner-lee" was "tim berner" and "lee"); number ranges stay two. */
function joinHyphenated(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out.at(-1);
    if (prev && text.slice(prev.end, s.start) === "-" && !NUMERIC_TYPES.has(prev.type) && !NUMERIC_TYPES.has(s.type))
      out[out.length - 1] = { ...prev, end: s.end, text: text.slice(prev.start, s.end) };
    else out.push(s);
  }
  return out;
}

/** The typed specific spans of a text, non-overlapping, in order. */
export function detectSpans(text: string, opts: DetectOptions = {}): Span[] {
  if (!text) return [];
  const tokens = tokenize(text);
  const all: Span[] = [];
  for (const [re, type, source] of RE_NUMERIC) all.push(...regexSpans(text, re, type, source));
  all.push(...regexSpans(text, RE_CODE, "code", "code"));
  all.push(...regexSpans(text, RE_QUOTED, "work", "quoted", 1));
  all.push(...definedTitleSpans(text));
  all.push(...properNounRuns(text, tokens));
  if (opts.deep) {
    // Month names are capitalised in edited text only; a lower-case query writes "august 2 1776".
    if (allLowerCase(text)) all.push(...regexSpans(text, new RegExp(RE_NUMERIC[0][0].source, "gi"), "date", "re:date"));
    all.push(...extendNameHeads(text, deepSpans(text)));
  }
  const kept = joinHyphenated(text, resolveOverlaps(all.filter((s) => s.text.length > 0)));
  return opts.deep && allLowerCase(text) ? resolveOverlaps(extendAwardCategories(text, extendPossessives(text, extendNames(text, kept)))) : kept;
}

/**
 * detectSpans over pieces of about CHUNK characters cut after a sentence end: its cost grows faster than linearly with
 * the text (3 s for 225k characters in one piece), and a span never crosses a sentence end.
 */
const CHUNK = 4000;
/** Kept for a batch of documents (the engine's default batch is 256). */
export const documentSpans = recentResults(chunkedSpans, 256);

function chunkedSpans(text: string): Span[] {
  if (text.length <= CHUNK) return detectSpans(text);
  const out: Span[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + CHUNK);
    if (end < text.length) {
      const cut = text.slice(start + CHUNK / 2, end).search(/[.!?]\s(?![\s\S]*[.!?]\s)/);
      end = cut >= 0 ? start + CHUNK / 2 + cut + 1 : end;
    }
    for (const sp of detectSpans(text.slice(start, end))) out.push({ ...sp, start: sp.start + start, end: sp.end + start });
    start = end;
  }
  return out;
}
