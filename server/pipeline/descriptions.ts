// Span → a description of what kind of thing fits there ("a country", "a disease or medical condition", "a year").
import type { Span, VariableType } from "./types";
import { ofNameHead, STOPWORDS } from "./spans";
import { UNKNOWN_NAME, UNKNOWN_WORD } from "./review";
import { ancestors, dominantlyProper, namesOffice, nounLemma, nounSenses, readSynset, type Synset, wordKind } from "./wordnet";
import { lastResult, memoize, recentResults } from "./memo";

export interface Described {
  description: string;
  type: VariableType;
}

// WordNet synsets (by first lemma) that make good, specific descriptions, nearest match wins.
const ANCHORS: Record<string, string> = {
  "programming language": "name of a programming language",
  "computer language": "name of a programming language",
  "operating system": "name of an operating system",
  "software": "name of a software product",
  "disease": "a disease or medical condition",
  "disorder": "a medical or psychological condition",
  "symptom": "a symptom",
  "medicine": "a medicine or drug",
  "drug": "a medicine or drug",
  "chemical element": "a chemical element",
  "compound": "a chemical compound",
  "mineral": "a mineral",
  "rock": "a type of rock",
  "body part": "a body part",
  "organ": "a body organ",
  "cell": "a type of cell",
  "tissue": "a body tissue",
  "bone": "a bone",
  "country": "a country",
  "city": "a city",
  "town": "a town",
  "national capital": "a capital city",
  "state capital": "a city",
  "provincial capital": "a city",
  "state": "a state or province",
  "province": "a state or province",
  "river": "a river",
  "lake": "a lake",
  "sea": "a sea",
  "ocean": "an ocean",
  "mountain": "a mountain",
  "mountain peak": "a mountain",
  "storm": "a storm",
  "mountain range": "a mountain range",
  "island": "an island",
  "continent": "a continent",
  "desert": "a desert",
  "region": "a region",
  "language": "a language",
  "religion": "a religion",
  "animal": "an animal",
  "mammal": "a mammal",
  "bird": "a bird",
  "fish": "a fish",
  "insect": "an insect",
  "reptile": "a reptile",
  "dog": "a dog breed",
  "plant": "a plant",
  "tree": "a tree",
  "flower": "a flower",
  "fruit": "a fruit",
  "vegetable": "a vegetable",
  "food": "a food",
  "dish": "a dish",
  "beverage": "a drink",
  "musical instrument": "a musical instrument",
  "vehicle": "a vehicle",
  "aircraft": "an aircraft",
  "ship": "a ship",
  "weapon": "a weapon",
  "engine": "an engine or machine",
  "machine": "a machine",
  "device": "a device",
  "building": "a building",
  "road": "a road",
  "structure": "a structure or building",
  "game": "a game",
  "sport": "a sport",
  "occupation": "an occupation",
  "profession": "a profession",
  "academic discipline": "a field of study",
  "science": "a science",
  "discipline": "a field of study",
  "genre": "a genre",
  "music": "a kind of music",
  "dance": "a dance",
  "currency": "a currency",
  "unit of measurement": "a unit of measurement",
  "tax": "a tax",
  "law": "a law",
  "document": "a document",
  "book": "a book",
  "film": "a film",
  "war": "a war",
  "battle": "a battle",
  "military action": "a military action",
  "company": "a company",
  "institution": "an institution",
  "organization": "an organization",
  "political party": "a political party",
  "team": "a team",
  "force": "a physical force",
  "energy": "a form of energy",
  "process": "a process",
  "natural phenomenon": "a natural phenomenon",
  "weather": "a weather phenomenon",
  "theory": "a theory",
  "event": "an event",
  "holiday": "a holiday",
  "time period": "a time period",
  "person": "a person",
  "writer": "a writer",
  "musician": "a musician",
  "singer": "a singer",
  "actor": "an actor",
  "politician": "a politician",
  "athlete": "an athlete",
  "scientist": "a scientist",
  "court": "a court",
  "legislature": "a legislature",
  "medical practitioner": "a doctor",
  "health professional": "a health professional",
  "lawyer": "a lawyer",
  "engineer": "an engineer",
  "professional": "a professional",
  "skilled worker": "a skilled worker",
  "leader": "a leader",
  "ruler": "a ruler",
  "material": "a material",
  "celestial body": "a celestial body",
  "planet": "a planet",
  "star": "a star",
  "web site": "a website",
  "address": "an address",
  "computer program": "a software program",
  "program": "a program",
  "computer file": "a file",
  "file": "a file",
  "protocol": "a protocol",
  "network": "a network",
  "database": "a database",
  "data structure": "a data structure",
  "algorithm": "an algorithm",
  "computer": "a computer",
  "component": "a component",
  "control": "a control or setting",
  "error": "an error",
  "instrument": "an instrument or tool",
  "tool": "a tool",
  "container": "a container",
  "clothing": "an item of clothing",
  "furniture": "a piece of furniture",
  "room": "a room",
  "vessel": "a vessel",
  "chemical": "a chemical",
  "acid": "an acid",
  "protein": "a protein",
  "hormone": "a hormone",
  "vitamin": "a vitamin",
  "nutrient": "a nutrient",
  "virus": "a virus",
  "bacteria": "a bacterium",
  "microorganism": "a microorganism",
  "crop": "a crop",
  "grain": "a grain",
  "body of water": "a body of water",
  "geological formation": "a geological formation",
  "planetary house": "a planet",
  "month": "a month",
  "season": "a season",
  "day": "a day",
  "meal": "a meal",
  "sound": "a sound",
  "color": "a color",
  "chromatic color": "a color",
  "shape": "a shape",
  "unit": "a unit",
  "position": "a position or role",
  "rank": "a rank",
  "religious person": "a religious figure",
  "deity": "a deity",
  "spiritual being": "a spiritual being",
  "group action": "a group activity",
  "ceremony": "a ceremony",
  "contest": "a contest or competition",
  "art": "an art form",
  "literary composition": "a literary work",
  "written communication": "a piece of writing",
  "message": "a message",
  "text": "a text",
  "symbol": "a symbol",
  "sign": "a sign",
  "statement": "a statement",
  "speech": "a speech",
  "medium": "a medium",
  "broadcasting": "a broadcasting medium",
  "publication": "a publication",
  "field": "a field of study",
  "branch of knowledge": "a field of study",
  "belief": "a belief",
  "doctrine": "a doctrine",
  "policy": "a policy",
  "plan": "a plan",
  "idea": "an idea",
  "concept": "a concept",
  "quality": "a quality",
  "property": "a property",
  "trait": "a trait",
  "magnitude": "a magnitude",
  "rate": "a rate",
  "financial gain": "a financial gain",
  "asset": "an asset",
  "fee": "a fee",
  "payment": "a payment",
  "change": "a change",
  "motion": "a motion",
  "action": "an action",
  "crime": "a crime",
  "procedure": "a procedure",
  "operation": "an operation",
  "business": "a business",
  "industry": "an industry",
  "substance": "a substance",
  "fabric": "a fabric",
  "metal": "a metal",
  "gas": "a gas",
  "emotion": "an emotion",
  "feeling": "a feeling",
  "economic system": "an economic system",
  "system": "a system",
  "activity": "an activity",
  "method": "a method",
  "technique": "a technique",
  "award": "an award",
  "title": "a title",
  "social group": "a social group",
  "people": "a people or ethnic group",
  "ethnic group": "an ethnic group",
};

// Anchor words with several meanings count only in their lexicographer file ("state" as a place, not a condition).
const ANCHOR_LEXFILE: Record<string, number> = { state: 15, province: 15, country: 15, city: 15, town: 15, region: 15, organ: 8, cell: 8, tissue: 8, bone: 8, team: 14, force: 19, field: 9, game: 4, title: 10, unit: 23, control: 4, language: 10, people: 14, compound: 27, star: 17, instrument: 6 };

const LEXFILE: Record<number, string> = {
  4: "an activity",
  5: "an animal",
  6: "an object or artifact",
  7: "a property or attribute",
  8: "a body part",
  9: "a concept or field of knowledge",
  10: "a form of communication",
  11: "an event",
  12: "a feeling",
  13: "a food or drink",
  14: "a group or organization",
  15: "a place",
  16: "a motive",
  17: "a natural object",
  18: "a person",
  19: "a natural phenomenon",
  20: "a plant",
  21: "a possession or asset",
  22: "a process",
  23: "a quantity or unit",
  24: "a relation",
  25: "a shape",
  26: "a state or condition",
  27: "a substance",
  28: "a time period",
};

const LEXFILE_TYPE: Record<number, VariableType> = { 11: "event", 14: "organization", 15: "place", 18: "person", 28: "date" };

// Names of programming languages, platforms and tools: capitalisation or WordNet rarely identifies them.
const TECH: [RegExp, string][] = [
  [/^(?:java|javascript|typescript|python|c\+\+|c#|c|php|ruby|perl|go|golang|rust|scala|kotlin|swift|objective-c|haskell|lua|r|matlab|fortran|cobol|vb\.net|vba|visual basic|delphi|pascal|groovy|bash|powershell|sql|t-sql|pl\/sql|html|html5|css|css3|xml|xslt|xpath|json|yaml|latex|actionscript|coffeescript|erlang|elixir|clojure|f#|dart|assembly)$/i, "name of a programming language"],
  [/^(?:mysql|postgresql|postgres|sqlite|oracle|sql server|mongodb|redis|cassandra|couchdb|mariadb|access|db2|elasticsearch)$/i, "name of a database system"],
  [/^(?:windows|linux|ubuntu|debian|fedora|centos|mac ?os(?: x)?|os x|osx|ios|android|unix|freebsd|solaris)$/i, "name of an operating system"],
  [/^(?:jquery|react|angular|angularjs|vue|django|flask|rails|ruby on rails|spring|hibernate|struts|\.net|asp\.net|node\.js|node|express|laravel|symfony|drupal|wordpress|joomla|magento|qt|gtk|wpf|winforms|swing|linq|entity framework|boost|numpy|pandas|tensorflow|bootstrap|ajax|dojo|prototype|mootools|extjs|backbone|cocoa|opengl|directx|unity|hadoop|spark|scrapy|sharepoint|excel|visual studio|eclipse|netbeans|xcode|emacs|vim|git|svn|maven|ant|gradle|apache|nginx|iis|tomcat|jboss|docker|kubernetes|matplotlib|oracle|haskell|cakephp|codeigniter|zend|grails|silverlight|flash|flex|air|wcf|ado\.net|mvc|jsp|servlet|jsf|gwt|tomcat)$/i, "name of a software library, framework or tool"],
];

/** The whole name or, for multi-word names ("Apache Tomcat", "Visual Studio 2008"), any of its words. Names recur: kept per text. */
export const techDescription = memoize((text): string | null => {
  const t = text.trim();
  for (const [re, d] of TECH) if (re.test(t)) return d;
  const words = t.split(/\s+/);
  if (words.length > 1) for (const w of words) for (const [re, d] of TECH) if (w.length > 2 && re.test(w)) return d;
  return null;
});

const SKIP = new Set(["entity", "physical entity", "abstraction", "object", "whole", "thing", "matter", "artifact", "attribute", "relation", "psychological feature", "group", "measure", "state", "causal agent", "living thing", "organism", "location", "act", "communication"]);

// Synsets whose other words name something else: "area, country" is a region of indefinite boundary, not a nation.
const NOT_ANCHORED = new Set(["area"]);

/** The first anchor (ANCHORS) on a synset's chain of hypernyms, itself included with `self`. */
function anchorDescription(s: Synset, self: boolean): string | null {
  for (const a of self ? [s, ...ancestors(s)] : ancestors(s)) {
    if (NOT_ANCHORED.has(a.words[0].toLowerCase())) continue;
    for (const w of a.words) {
      const key = w.toLowerCase();
      const d = Object.hasOwn(ANCHORS, key) ? ANCHORS[key] : undefined;
      if (d && (ANCHOR_LEXFILE[key] === undefined || ANCHOR_LEXFILE[key] === a.lexFile)) return d;
    }
  }
  return null;
}

function synsetDescription(s: Synset, self = false): { description: string; lexFile: number } | null {
  const anchor = anchorDescription(s, self);
  if (anchor) return { description: anchor, lexFile: s.lexFile };
  const chain = self ? [s, ...ancestors(s)] : ancestors(s);
  const lf = LEXFILE[s.lexFile];
  if (lf) return { description: lf, lexFile: s.lexFile };
  const first = chain.find((a) => !SKIP.has(a.words[0].toLowerCase()));
  return first ? { description: withArticle(first.words[0].toLowerCase()), lexFile: s.lexFile } : null;
}

// Words and names recur across spans and documents: their WordNet descriptions are looked up once each.
/** synsetDescription of a word's first common-noun sense, else its first sense (itself included): "fang" is a tooth first. */
const firstSenseDescription = memoize((word) => {
  const senses = nounSenses(word);
  const sense = senses.find((s) => !/^\p{Lu}/u.test(s.words[0])) ?? senses[0];
  return sense ? synsetDescription(sense, true) : null;
});

/**
 * A name's senses that WordNet knows as names ("Kenya": an instance of a country). Only for a form WordNet lists itself:
 * a name has no plural, so "fangs" is teeth, not the Fang language.
 */
const nameSenses = memoize((name) =>
  nounLemma(name) === name.toLowerCase().replace(/\s+/g, "_") ? nounSenses(name).filter((s) => s.instanceOf.length > 0 || /[A-Z]/.test(s.words[0][0] ?? "")) : [],
);
/** synsetDescription of a name's first such sense. */
const instanceDescription = memoize((name) => {
  const [inst] = nameSenses(name);
  return inst ? synsetDescription(inst) : null;
});

/** The description of a span WordNet knows as a name: of several senses, the one the words around it name. */
function nameDescription(name: string, span: Span, context: string): { description: string; lexFile: number } | null {
  const senses = nameSenses(name);
  if (senses.length < 2) return instanceDescription(name);
  const s = nearestSense(senses, span, context);
  return s ? synsetDescription(s) : null;
}

/**
 * Lower-case words only ("manhattan new york"): the longest name WordNet knows that ends them (not "York", a royal
 * house). Capitals mark a whole name, often a company's ("Credit Suisse", "Sky Italia"), so those keep
 * theirs, and so does a name of the form "X of Y".
 */
function lastNameDescription(text: string, span: Span, context: string): { description: string; lexFile: number } | null {
  if (/\p{Lu}/u.test(text) || (span.type !== "concept" && span.type !== "place")) return null;
  const words = text.split(/\s+/);
  // "sydney australia", "austin texas": a place, then the larger place it is in.
  if (span.type === "place" && words.length === 2) {
    const first = nameDescription(words[0], span, context);
    if (first && LEXFILE_TYPE[first.lexFile] === "place") return first;
  }
  for (let i = 1; i < words.length; i++) {
    if (/^(?:of|and|&)$/i.test(words[i - 1]) || /^(?:of|and|&)$/i.test(words[i])) return null;
    const tail = words.slice(i);
    if (tail.length === 1 && wordKind(tail[0]).common) return null;
    const d = nameDescription(tail.join(" "), span, context);
    if (d) return d;
  }
  return null;
}

export function withArticle(np: string): string {
  return (/^[aeiou]/i.test(np) && !/^(?:uni|eu|one|use)/i.test(np) ? "an " : "a ") + np;
}

const WORK_CUES = /\b(song|single|album|film|movie|book|novel|poem|play|show|series|tv series|television series|sitcom|musical|opera|painting|game|video game|episode|comic|manga|anime|story|soundtrack|documentary|magazine|newspaper)\s*$/i;
const ROLE_CUES = /\b(actor|actress|singer|author|writer|player|president|king|queen|character|director|composer|poet|artist|band|rapper|founder|ceo|coach|emperor|minister|governor|senator|scientist|painter|architect)\s*$/i;

const TITLE_CUES = /\b(drama|sitcom|series|miniseries|show|programme|program|soap opera|adaptation|film|movie|novel|album|single|song|musical|opera|episode|documentary)\s*$/i;
/** Cue words in the words the genericizer writes descriptions with. */
const TITLE_KIND: Record<string, string> = {
  drama: "television series",
  sitcom: "television series",
  series: "television series",
  miniseries: "television series",
  show: "television series",
  programme: "television series",
  program: "television series",
  "soap opera": "television series",
  adaptation: "film or television series",
  movie: "film",
  "tv show": "television series",
  "tv series": "television series",
  "web series": "television series",
  "television show": "television series",
  "talk show": "television series",
  "game show": "television series",
  "reality show": "television series",
  single: "song",
};

// A definition right after a title says what kind of work it is: "\"Don't Stand So Close to Me\" is a hit single by",
// "To Kill a Mockingbird is a novel by", "Halloween (2018) is an upcoming American slasher film directed by". The kind
// word is the definition's head: modifiers come before it (a conjunction or preposition among them, as in "an American
// actor and film producer", means it belongs to something else) and a participle, preposition or punctuation after it.
// Not a bare "series" or "show": "a Test cricket series", "an air show".
const DEFINED_KINDS = "television series|tv series|web series|miniseries|soap opera|sitcom|drama|television show|tv show|talk show|game show|reality show|video game|board game|game|comic strip|comic|short story|story|documentary|soundtrack|album|single|song|film|movie|novel|book|poem|play|musical|opera|painting|magazine|newspaper|episode|manga|anime";
const DEFINED_WORK = new RegExp(
  `^["”’']?\\s*(?:\\([^)]{0,60}\\)\\s*)?,?\\s+(?:is|was)\\s+(?:an?|the)\\s+((?:(?!(?:and|or|of|by|in|for|with|from|who|which|that)\\b)[\\p{L}\\d'’-]+\\s+){0,5}?)(${DEFINED_KINDS})(?=\\s+(?:\\p{L}+ed|written|by|from|of|in|on|at|that|which|starring|based|about|for|set|with|and|to)\\b|\\s*[,.;:(–-]|\\s*$)`,
  "iu",
);

/** The kind of work the text right after a title defines it as ("is a 1956 book by" → "book"), or null. */
export function definedWork(after: string): string | null {
  return DEFINED_WORK.exec(after)?.[2] ?? null;
}

/** "title of a film" for any word naming the kind of work ("movie", "tv show" and "sitcom" name one of a few kinds). */
export function titleDescription(kind: string): string {
  const k = kind.toLowerCase().replace(/\s+/g, " ").trim();
  const named = TITLE_KIND[k] ?? k;
  return `title of ${/^[aeiou]/.test(named) ? "an" : "a"} ${named}`;
}

/** Describes a span, using the text around it (in a query: "the song X", "president X"). */
export function describeSpan(span: Span, context = ""): Described {
  const text = span.text.trim();
  const before = context
    .slice(Math.max(0, span.start - 40), span.start)
    .replace(/["“'‘(\s]+$/, "")
    .replace(/\s*\b(?:the|a|an)$/i, "")
    .trim();
  if (span.source.startsWith("frame:")) return { description: span.source.slice(6), type: span.type };
  const role = castRole(span, context);
  if (role) return { description: role, type: "person" };
  // A capitalised name right after "drama", "adaptation", "sitcom" … is that work's title, whatever its head noun
  // means ("the medical drama Grey's Anatomy" is not a science).
  const titleCue = span.source === "propn-run" && span.type === "concept" ? before.match(TITLE_CUES) : null;
  if (titleCue) return { description: titleDescription(titleCue[1]), type: "work" };
  const definedAs = span.type === "work" || span.source === "propn-run" ? definedWork(context.slice(span.end, span.end + 120)) : null;
  if (definedAs) return { description: titleDescription(definedAs), type: "work" };
  if (span.source === "name:award") return { description: "an award", type: "concept" };
  // "ww1", "WWII": the world wars by their common abbreviations (WordNet knows only the full names).
  if (/^ww ?(?:1|2|i{1,2}|one|two)$/i.test(text)) return { description: "a war", type: "event" };
  // A team's nickname in a sports question ("when did the brewers go to …"), as a club's name is described.
  if (span.source === "name:team") return { description: "a sports club or team", type: "organization" };
  const tech = techDescription(text);
  if (tech && (span.type === "code" || span.type === "concept" || span.type === "language" || span.type === "organization")) return { description: tech, type: "code" };
  switch (span.type) {
    case "year":
      return { description: "a year", type: "year" };
    case "date":
      if (/century/i.test(text)) return { description: "a century", type: "date" };
      if (/^\d{4}[-–]\d{2}$/.test(text)) return { description: "a range of years", type: "date" };
      if (/\d0s\b/.test(text)) return { description: "a decade", type: "date" };
      if (/^\p{L}+$/u.test(text)) return { description: "a month or day", type: "date" };
      if (/^\p{L}+\.?,? \d{4}$/u.test(text)) return { description: "a month and year", type: "date" };
      return { description: "a date", type: "date" };
    case "money":
      return { description: "an amount of money", type: "money" };
    case "quantity":
      return { description: quantityDescription(text), type: "quantity" };
    case "number":
      return { description: /\d(?:st|nd|rd|th)$/i.test(text) ? "an ordinal number" : "a number", type: "number" };
    case "code":
      return { description: codeDescription(span), type: "code" };
    case "work": {
      const cue = before.match(WORK_CUES);
      return { description: cue ? titleDescription(cue[1]) : span.source === "quoted" ? "a quoted title or phrase" : "title of a creative work", type: "work" };
    }
    case "person": {
      const cue = before.match(ROLE_CUES);
      if (cue) return { description: withArticle(cue[1].toLowerCase()), type: "person" };
      // "the governor of virginia": after a post's "of", a first name that is also a place is the place.
      const office = /\b(\p{L}+) of$/iu.exec(before)?.[1];
      const place = /\b(?:in|at|near|from|to)$/i.test(before) || (office !== undefined && namesOffice(office)) ? placeName(text) : null;
      if (place) return place;
      return { description: "a person", type: "person" };
    }
    case "language":
      return { description: /(?:ish|ese|ian|ic|ch|an)$/i.test(text) ? "a nationality or language" : "a language", type: "language" };
    default:
      return nameOrNounDescription(span, before, context);
  }
}

// "his role as Dr. George O'Malley", "He played MI5 Officer Tom Quinn", "portrayed John Birt": a character follows.
const ROLE_BEFORE = /\b(?:(?:role|roles|part)\s+(?:of|as)|plays|played|playing|portrays|portrayed|portraying|voices|voiced|voicing)\s+(?:the\s+)?$/i;
// "Macfadyen portrayed …", "Knight starred as …": an actor comes first.
const ACTOR_AFTER = /^\s+(?:(?:also|later|first|then)\s+)?(?:portrays|portrayed|voices|voiced|(?:stars|starred|appears|appeared|was cast|is cast)\s+as)\b/i;

/** A cast list or credit says who plays whom: "Kathy Bates as Maime Trotter" names an actor, then a character. */
function castRole(span: Span, context: string): string | null {
  if (span.source !== "propn-run" && span.type !== "person") return null;
  if (/^\s+as\s+(?:the\s+)?\p{Lu}/u.test(context.slice(span.end, span.end + 10))) return "an actor";
  const before = context.slice(Math.max(0, span.start - 30), span.start);
  if (/\p{Lu}[\p{L}.'’-]*\s+as\s+(?:the\s+)?$/u.test(before) || ROLE_BEFORE.test(before)) return "a character";
  if (ACTOR_AFTER.test(context.slice(span.end, span.end + 30))) return "an actor";
  return null;
}

// The last resorts of nameOrNounDescription (UNKNOWN_NAME, UNKNOWN_WORD) live in review.ts, which the pages read too.

const spanDescriptions = new WeakMap<Span, string>();

/**
 * describeSpan's description of one of a document's spans, once per span object: the matcher's kind terms and
 * instantiate describe the same spans of a document (documentSpans keeps them for a batch).
 */
export function spanDescription(span: Span, context: string): string {
  let d = spanDescriptions.get(span);
  if (d === undefined) spanDescriptions.set(span, (d = describeSpan(span, context).description));
  return d;
}

/** Description of a word taken as a bare common noun ("sword" → "a weapon"); words repeat across documents. */
export const nounDescription = memoize((w) => describeSpan({ start: 0, end: w.length, text: w, type: "concept", source: "focus-np" }).description);

export interface DescribedNoun {
  start: number;
  end: number;
  text: string;
  /** Its description as a bare common noun (nounDescription). */
  description: string;
}

/** Every content word of a text with its nounDescription, once per document: the matcher's kind terms and instantiate's noun candidates. */
export const describedNouns = recentResults((text) => {
  const out: DescribedNoun[] = [];
  const re = /\p{L}[\p{L}'-]+/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const w = m[0].toLowerCase();
    if (w.length > 2 && !STOPWORDS.has(w)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0], description: nounDescription(w) });
  }
  return out;
}, 256);

function quantityDescription(text: string): string {
  const t = text.toLowerCase();
  if (/%|per ?cent/.test(t)) return "a percentage";
  if (/\b(?:km|kilomet|miles?|metres?|meters?|cm|mm|ft|feet|foot|inch|yards?)\b/.test(t)) return "a distance or length";
  if (/\b(?:kg|kilogram|grams?|lbs?|pounds|tons?|tonnes?)\b/.test(t)) return "a weight";
  if (/\b(?:hours?|minutes?|seconds?|days?|weeks?|months?|years?|decades?|centuries)\b/.test(t)) return "a length of time";
  if (/°|degrees?/.test(t)) return "a temperature or angle";
  if (/acres?|hectares?|square/.test(t)) return "an area";
  if (/mph|km\/h/.test(t)) return "a speed";
  if (/\b(?:mw|gw|kw|w|watts?|volts?|v|hz|mhz|ghz)\b/.test(t)) return "a physical measurement";
  if (/\b(?:gb|mb|kb|tb|bits?|bytes?)\b/.test(t)) return "an amount of data";
  if (/people|inhabitants|residents|students|members|employees/.test(t)) return "a number of people";
  return "a quantity";
}

function codeDescription(span: Span): string {
  const t = span.text;
  if (span.source === "re:version") return "a version number";
  if (/\.[A-Za-z0-9]{1,5}$/.test(t) && !/\(\)$/.test(t) && /^[\w-]+\.[a-z0-9]+$/i.test(t)) return "a file name";
  if (/\(\)$/.test(t)) return "name of a function or method";
  if (/^\./.test(t)) return "a file extension or framework name";
  if (/\.|::|->/.test(t)) return "a qualified name of a class, method or property";
  return "a code identifier";
}

const ORG_HEADS: [RegExp, string][] = [
  [/\b(?:university|college|institute|school|academy)$/i, "a university or school"],
  [/\b(?:museum|gallery|library)$/i, "a museum or gallery"],
  [/\b(?:party)$/i, "a political party"],
  [/\b(?:inc|ltd|plc|corp|corporation|company|co|group|llc|limited|holdings|industries|airlines|airways|bank)$/i, "a company"],
  [/\b(?:church|cathedral|abbey|temple|mosque)$/i, "a place of worship"],
  [/\b(?:fc|united|city|rovers|club|team)$/i, "a sports club or team"],
  [/\b(?:band|orchestra|choir)$/i, "a band or musical group"],
  [/\b(?:council|committee|commission|agency|department|ministry|office|bureau|authority|board|parliament|court|senate|congress)$/i, "a government body"],
  [/\b(?:army|navy|force|forces|regiment|corps)$/i, "a military organization"],
  [/\b(?:hospital|clinic)$/i, "a hospital"],
];

/** Proper names: WordNet instance hypernyms ("Kenya" → a country), head words, cues; common nouns: their hypernyms. */
const TECH_CONTEXT = /\b(?:code|error|exception|function|method|class|file|server|database|query|install|compile|compiler|library|framework|api|plugin|app|application|script|debug|debugging|browser|page|form|button|xml|json|html|css|sql|url|http|string|array|variable|thread|memory|windows|linux|java|python|php|javascript|c#|\.net|ajax|jquery|programmatically|implement|implementing|deploy|config|configuration|project|solution|visual studio|eclipse)\b/i;

// Spans of one document are described in a row, each with the whole document as context: test it once.
const isTechContext = lastResult((context) => TECH_CONTEXT.test(context));


/**
 * Of a name's senses, the first whose kinds the words around it name ("what type of planet is neptune": the planet, not
 * the god); else its first sense.
 */
function nearestSense(senses: Synset[], span: Span, context: string): Synset | undefined {
  if (senses.length < 2 || !context) return senses[0];
  const own = new Set(span.text.toLowerCase().split(/\s+/));
  const near = new Set((context.slice(Math.max(0, span.start - 60), span.end + 60).toLowerCase().match(/\p{L}{3,}/gu) ?? []).filter((w) => !own.has(w)));
  const named = (s: Synset) => [s, ...ancestors(s, 6)].flatMap((a) => a.words).some((w) => near.has(w.toLowerCase()));
  return senses.find((s) => s.instanceOf.some((o) => named(readSynset(o)))) ?? senses[0];
}

/**
 * After "in", "near", "from", a first name that is also a place is the place ("the mines in victoria", "near
 * charlotte"): its first place sense in WordNet (names of places there are instances in lexicographer file 15).
 */
function placeName(text: string): Described | null {
  const sense = nounSenses(text.replace(/^st\.? /i, "saint ")).find((s) => s.lexFile === 15 && s.instanceOf.length > 0);
  const d = sense && synsetDescription(sense);
  return d ? { description: d.description, type: "place" } : null;
}

/**
 * "hurricane katrina", "typhoon haiyan": a kind of phenomenon, then a name WordNet does not know as a word. The kind word says
 * what it is; the head noun would describe the name ("matthew" → a religious figure).
 */
function leadingKind(text: string): Described | null {
  const words = text.toLowerCase().split(/\s+/);
  if (words.length < 2 || wordKind(words[0]).nonNoun || words.slice(1).some((w) => wordKind(w).common)) return null;
  const sense = nounSenses(words[0])[0];
  // Phenomena only (WordNet lexicographer file 19), and only nouns: kind words of places and objects ("main", "uk") and
  // adjectives ("current") open other phrases too.
  const d = sense?.lexFile === 19 ? anchorDescription(sense, true) : null;
  return d ? { description: d, type: LEXFILE_TYPE[sense.lexFile] ?? "concept" } : null;
}

function nameOrNounDescription(span: Span, before: string, context = ""): Described {
  const text = span.text.trim().replace(/^(?:the|a|an)\s+/i, "");
  const proper = /\p{Lu}/u.test(text[0] ?? "") || span.type !== "concept" || span.source === "propn-run" || span.source.startsWith("compromise");
  if (span.type === "organization") {
    for (const [re, d] of ORG_HEADS) if (re.test(text)) return { description: d, type: "organization" };
  }
  if (proper && span.source === "propn-run" && isTechContext(context) && !nounSenses(text).some((x) => x.instanceOf.length > 0))
    return { description: "name of a software product or technology", type: "code" };
  // Whole name first (instances: "Kenya", "Newcastle"), then the head noun.
  // "state of texas", "battle of hastings": the head noun says what kind of thing it is.
  const asName = (d: { description: string; lexFile: number }): Described => ({ description: d.description, type: span.type !== "concept" ? span.type : (LEXFILE_TYPE[d.lexFile] ?? "concept") });
  const lowerText = text.toLowerCase();
  const ofHead = /^(\p{L}+) for /u.exec(lowerText)?.[1] ?? ofNameHead(lowerText.split(/\s+/));
  if (ofHead && span.type === "organization") {
    for (const [re, d] of ORG_HEADS) if (re.test(ofHead)) return { description: d, type: "organization" };
  }
  // A topic noun phrase is a common noun phrase by construction: "song" is a song, not the Song dynasty. A name WordNet
  // knows whole says what it is before its head word does ("the republic of zambia" is a country, not a republic).
  const commonTopic = span.source === "focus-np" && !dominantlyProper(text);
  const inst = span.type === "event" || commonTopic ? null : nameDescription(text, span, context);
  if (inst) return asName(inst);
  if (ofHead && span.type !== "organization" && (span.type !== "concept" || span.source === "name:head-of")) {
    const d = firstSenseDescription(ofHead);
    if (d && !d.description.startsWith("a person")) return { description: d.description, type: span.type };
  }
  const kind = span.type === "concept" ? leadingKind(text) : null;
  if (kind) return kind;
  const tail = lastNameDescription(text, span, context);
  if (tail) return asName(tail);
  if (span.type === "place") return { description: "a place", type: "place" };
  if (span.type === "organization") return { description: "an organization", type: "organization" };
  if (span.type === "event") {
    const head = text.split(/\s+/).pop()!.toLowerCase();
    const lemma = nounLemma(head) ?? head;
    if (/^(?:war|battle|revolution|election|crisis|treaty|contest|festival|parade|tournament|marathon|championship|massacre|summit|conference)$/.test(lemma)) return { description: withArticle(lemma), type: "event" };
    return { description: "an event", type: "event" };
  }
  const cue = before.match(WORK_CUES);
  if (cue) return { description: titleDescription(cue[1]), type: "work" };
  const words = text.split(/\s+/);
  const head = words[words.length - 1];
  // "the abenaki indians", "the mayan tribe": a people named by what its members are called.
  if (words.length > 1 && /^(?:indians|tribes?|peoples?|natives|aborigines|clans?)$/i.test(head)) return { description: "a people or ethnic group", type: "concept" };
  if (!proper || words.length > 1) {
    const d = firstSenseDescription(head);
    if (d) return { description: d.description.replace(/^(a|an) /, proper ? "a name of $1 " : "$1 ").replace(/^a name of (a|an) /, "name of $1 "), type: proper ? (LEXFILE_TYPE[d.lexFile] ?? "concept") : "concept" };
  }
  if (proper) {
    if (/^[\p{Lu}\d&.-]{2,7}$/u.test(text) && /\p{Lu}{2}/u.test(text)) return { description: "an acronym or abbreviation", type: "concept" };
    if (/\p{Ll}\p{Lu}|\d/u.test(text) || isTechContext(context)) return { description: "name of a software product or technology", type: "code" };
    return { description: UNKNOWN_NAME, type: "concept" };
  }
  // Unknown to every lexicon: usually a name or a technical term; the words after it often say which.
  const after = context.slice(span.end, span.end + 40).toLowerCase();
  if (/^\s*(?:(?:was|is|has|had|been|first|ever|\w+ly)\s+){0,2}(?:born|die|died|married|sings?|sang|wrote|plays?|played|starred|been in|graduated|live|lived)\b/.test(after))
    return { description: "a person", type: "person" };
  if (isTechContext(context)) return { description: "a technical term", type: "concept" };
  return { description: UNKNOWN_WORD, type: "concept" };
}
