// Query → template: every specific span becomes <fi>description</fi>; rejections say why.
import type { GenericizeResult, Span, TemplateVariable, VariableType } from "./types";
import { allLowerCase, detectSpans, endsInSubjectVerb, isCommonWord, STOPWORDS, tagTokens, tokenize } from "./spans";
import { describeSpan, titleDescription } from "./descriptions";
import { validateTemplate } from "./template-syntax";
import { expectAnswer } from "./question";
import { ancestors, nounSenses, wordKind } from "./wordnet";

const UNSAFE = /\b(?:how (?:to|do i|can i) (?:make|build) (?:a )?(?:bomb|explosive|meth|nerve gas|bioweapon)|child (?:porn|sexual abuse material)|kill (?:myself|my wife|my husband|someone|a person)|commit suicide|(?:buy|sell) (?:cocaine|heroin|meth)|hire a hitman)\b/i;

/** Reason to refuse a query before looking for specifics, or null. */
export function screenQuery(q: string): { reason: "too-short" | "not-english" | "unsafe"; detail: string } | null {
  const letters = q.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return { reason: "too-short", detail: "no words" };
  const nonLatin = letters.filter((c) => !/[A-Za-z\u00C0-\u024F]/.test(c)).length;
  if (nonLatin / letters.length > 0.3) return { reason: "not-english", detail: `${Math.round((100 * nonLatin) / letters.length)}% of letters are not Latin` };
  const words = tokenize(q).filter((t) => /\p{L}/u.test(t.text));
  if (words.length < 3 || q.trim().length < 10) return { reason: "too-short", detail: `${words.length} words` };
  const known = words.filter((w) => STOPWORDS.has(w.text.toLowerCase()) || isCommonWord(w.text)).length;
  const stop = words.filter((w) => STOPWORDS.has(w.text.toLowerCase())).length;
  if (words.length >= 4 && (known / words.length < 0.4 || (stop === 0 && known / words.length < 0.6)))
    return { reason: "not-english", detail: `only ${known} of ${words.length} words are English words` };
  if (UNSAFE.test(q)) return { reason: "unsafe", detail: "matches the unsafe-request filter" };
  return null;
}

/**
 * The question's topic noun phrase when nothing else is specific: the last noun chunk that is not the wh-phrase
 * ("what is the medical term for webbed toes" → "webbed toes").
 */
export function focusNounPhrase(q: string): Span | null {
  const { toks, pos, offs } = tagTokens(q);
  const chunks: { a: number; b: number }[] = [];
  for (let i = 0; i < toks.length; ) {
    if (!/^(?:ADJ|NOUN|PROPN|NUM)$/.test(pos[i]) || STOPWORDS.has(toks[i].toLowerCase())) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < toks.length && /^(?:ADJ|NOUN|PROPN|NUM)$/.test(pos[j + 1]) && !STOPWORDS.has(toks[j + 1].toLowerCase())) j++;
    let b = j;
    // "where does the ophthalmic nerve [exit] the skull": the verb after a subject is no part of it.
    if (endsInSubjectVerb(toks, pos, i, b)) b--;
    while (b >= i && !/^(?:NOUN|PROPN)$/.test(pos[b])) b--;
    if (b >= i) {
      const prev = toks[i - 1]?.toLowerCase();
      const prev2 = toks[i - 2]?.toLowerCase();
      const whPhrase = /^(?:what|which|whose|many|much)$/.test(prev ?? "") || (/^(?:what|which)$/.test(prev2 ?? "") && /^(?:the|a|an)$/.test(prev ?? ""));
      if (!whPhrase && i > 0) chunks.push({ a: i, b });
    }
    i = j + 1;
  }
  if (!chunks.length) return null;
  // Prefer a chunk whose head WordNet knows as a thing (not "name", "term", "kind") and that is longest; ties: last.
  const GENERIC = /^(?:name|term|word|kind|type|part|number|way|thing|example|meaning|difference|purpose|role|use|amount|percentage|time|year|place|people|person|one|lot|something|anything|called|known)$/i;
  const scored = chunks.map((c, i) => {
    const head = toks[c.b].toLowerCase();
    const senses = nounSenses(head);
    // Deeper in WordNet's hierarchy = more specific ("diabetes" over "body").
    const depth = senses.length ? ancestors(senses[0]).length : 6;
    return { c, s: (GENERIC.test(head) ? -10 : 0) + (c.b - c.a) + 0.15 * depth + i * 0.05 };
  });
  scored.sort((x, y) => y.s - x.s);
  const best = scored[0];
  if (best.s < -5) return null;
  const start = offs[best.c.a];
  const end = offs[best.c.b] + toks[best.c.b].length;
  return { start, end, text: q.slice(start, end), type: "concept", source: "focus-np" };
}

// Frames of lower-cased search queries whose slots are titles or names that capitals would otherwise reveal.
// Each slot is [group index, type, description]; a description of null means "title of a <the cue word>".
// A slot ends before a word that follows titles in such queries ("X season 2", "X filmed", "X by Y"), before a
// preposition left at the end ("who did he write [hamlet] for") or at the end.
const END_WORDS = String.raw`(?:season|series|episode|part)(?! of\b)|come out|came out|coming out|come from|came from|comes from|come back|coming back|comes back|air|aired|start|started|end|ended|premiere|premiered|release|released|take place|takes place|took place|filmed|shot|written|recorded|sung|produced|directed|published|based|mean|meaning|cast|characters|lyrics|theme song|soundtrack`;
const END = String.raw`(?=\s+(?:${END_WORDS}|(?:about|for|with|to|from)(?=\s*[?.!]?\s*$)|by(?! (?:me|you|him|her|us|them|my|your)\b)|who (?:wrote|sang|sings|sung|directed) it)\b|\s*[?.!]?\s*$)`;
// A slot that is only the words that end a title ("of the opera [take place]") is no title.
const ONLY_END_WORDS = new RegExp(String.raw`^(?:${END_WORDS})$`, "i");
const WORKS = "song|single|album|movie|film|show|tv show|series|tv series|book|novel|poem|play|musical|video game|game|episode|sitcom|opera|painting|soundtrack|documentary|cartoon|anime|manga|comic";
const MEDIA = String.raw`(?:the (?:(?:movie|film|show|tv show|series|tv series|book|novel|play|musical|video game|sitcom|cartoon|anime) )?)?`;
// Words a slot cannot start with: the lazy match would otherwise take "in the movie X" as a title.
const NOT_TITLE_START = /^(?:in|on|of|from|for|by|at|with|that|which|was|is|are|were|has|have|had|do|does|did|and|or|most|least|many|much)\b/i;
// "in [a season of] longmire", "the new [episodes of] supernatural": the words before a title that say which part of it.
const PART_OF = /^(?:(?:a|the|each|every|new|next|last|latest) )*(?:seasons?|episodes?) of (?:the )?/i;
const ORDINAL = String.raw`(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|new|latest|next|original|\d+(?:st|nd|rd|th))`;
const ROLES = "cast|characters?|narrator|host|hosts|presenter|moderator|anchor|announcer|mascot|creator|author|writer|director|producer|singer|original singer|theme song|villain|main character|girl|guy|boy|lady|woman|man|kid|dog|cat|actors?|actress|judges|setting|ending|plot|lyrics|soundtrack|music|theme|songs?";
// A weak frame also fits names of events, places and people ("where did the battle of X take place"): its slot yields
// to a typed name the detector found there ("any": to any span the detector found there).
// "who is X in Y" asks about a character of a work, unless X ranks ("the largest city in Y", "the first man on Y").
const RANKING = /\b(?:\w+est|most|least|first|last|only|number|many|much|population|capital)\b/i;
/** Several words, one of them unknown to the lexicons or a function word inside ("house of cards", "wuthering heights"). */
function titleLike(text: string): boolean {
  const words = text.toLowerCase().split(/\s+/);
  return words.length >= 2 && words.some((w, i) => (i > 0 && STOPWORDS.has(w)) || (!STOPWORDS.has(w) && !isCommonWord(w)));
}

// Words of questions about the plot or cast of a work: a trailing "in X" or "on X" then names the work.
const CHARACTER_CUE = /\b(?:plays?|played|playing|character|characters|actor|actress|cast|episode|dies|die|died|kills?|killed|end up|ends up|(?:live|lives|lived) with|marry|marries|married|daughter|son|mom|dad|mother|father|wife|husband|girlfriend|boyfriend|brother|sister)\b/i;

// Participles that follow "is" in a passive rather than a character's name ("what type of rock is found in …").
const PARTICIPLE = /^(?:\w+ed|found|made|seen|known|done|given|shown|grown|born|worn|spoken|written|taken|eaten|drawn|thrown|held|built|kept|sold|told|used|called|set|put|shot|hit|run|read|cut|spread)\b/i;

function topicFirst(text: string): boolean {
  const words = text.toLowerCase().split(" ");
  if (words.some((w) => STOPWORDS.has(w) || /^(?:is|are|was|were|do|does|did)$/.test(w))) return false;
  if (wordKind(words.join("_")).known || wordKind(words.slice(1).join("_")).known) return false;
  // Every word can be a noun or adjective ("one tree hill"); a verb says it is a clause ("tell me who").
  return words.every((w) => nounSenses(w).length > 0 || !wordKind(w).nonNoun);
}

/** A word that can head a noun phrase: a WordNet noun or a word no lexicon knows ("popular", "common" cannot). */
function nounish(word: string): boolean {
  const w = word.toLowerCase().replace(/['’]s$/, "");
  return !/^(?:common|popular|native|famous|found|available|legal|illegal|dominant|important|used|present)$/.test(w) && (nounSenses(w).length > 0 || !isCommonWord(w));
}

/** A slot between an ordinal and a kind of work ("the last [game of thrones] book") names a series, not a sort of work ("the first [animated] movie"). */
function seriesTitle(text: string): boolean {
  const words = text.toLowerCase().split(/\s+/);
  if (wordKind(words.join("_")).known || STOPWORDS.has(words[0]) || STOPWORDS.has(words[words.length - 1]) || /^(?:season|seasons|series|episodes?|part|volume|chapter)$/.test(words[0])) return false;
  return titleLike(text) || (words.length >= 2 && nounSenses(words[words.length - 1]).length > 0 && nounish(words[words.length - 1]));
}

// "the new [star wars] movie", "the latest [walking dead] season": what a work is the next one of.
const SERIES_OF: [string, VariableType, string][] = [
  ["book|novel", "work", "title of a book series"],
  ["movie|film", "work", "title of a film series"],
  ["video game|game", "work", "title of a video game series"],
  ["season|episode", "work", "title of a television series"],
  // "the new [drake] album"; a song's name before "song" is often its own title ("the original [jamboree in the hills] song").
  ["album", "person", "a singer or band"],
];

// alongside: the frame's slot does not keep the frames after it from looking at the rest of the query.
const FRAMES: { re: RegExp; slots: [number, VariableType, string | null][]; titleSlot?: boolean; weak?: boolean | "any"; guard?: (m: RegExpExecArray) => boolean; alongside?: boolean }[] = [
  // "one tree hill who tried to kill dan": a search that names its topic first, then asks about it. Not a compound
  // WordNet knows ("blood pressure what is normal").
  { re: /^((?:\p{L}+ ){1,3}\p{L}+) (?:who|what|when|where|why|how|which) /u, slots: [[1, "work", "title of a film, television series or book"]], weak: "any", guard: (m) => topicFirst(m[1]), alongside: true },
  // "what kind of dog is X on Y": X is a character of the work Y.
  { re: new RegExp(String.raw`\bwhat (?:type|kind|breed|species|sort|colou?r) of (?:\w+ )?(?:is|was|are|were) (?:the )?(.+?) (?:in|on) ${MEDIA}(.+?)${END}`, "i"), slots: [[1, "person", "a character"], [2, "work", "title of a film, television series or book"]], titleSlot: true, guard: (m) => !PARTICIPLE.test(m[1]) && nounish(m[1].split(/\s+/).pop()!) },
  { re: new RegExp(String.raw`\b(?:who|that|actor|actress) (?:plays|played|voices|voiced|portrays|portrayed|(?:is|was|does|did|plays|played) the voice of) (?:the )?(.+?) (?:in|on) ${MEDIA}(.+?)${END}`, "i"), slots: [[1, "person", "a character"], [2, "work", "title of a film or television series"]], titleSlot: true },
  { re: new RegExp(String.raw`\b(?:who|what character|which character) (?:does|did|is|was) (?:the )?(.+?) (?:play|playing|voice|voicing|play as) (?:in|on) ${MEDIA}(.+?)${END}`, "i"), slots: [[1, "person", "an actor"], [2, "work", "title of a film or television series"]], titleSlot: true },
  ...SERIES_OF.map(([kinds, type, description]) => ({
    re: new RegExp(String.raw`\bthe ${ORDINAL} (\S+(?: \S+){0,4}?) (?:${kinds})\b`, "i"),
    slots: [[1, type, description]] as [number, VariableType, string][],
    weak: true,
    guard: (m: RegExpExecArray) => seriesTitle(m[1]),
  })),
  { re: new RegExp(String.raw`\b(?:in|on|of|from|for) the (${WORKS}) (.+?)${END}`, "i"), slots: [[2, "work", null]] },
  { re: new RegExp(String.raw`\b(?:the|his|her|their) (${WORKS}) (.+?)${END}`, "i"), slots: [[2, "work", null]] },
  // "the netflix show X", "the new movie X": one word may stand between "the" and the kind of work.
  { re: new RegExp(String.raw`\bthe (?!(?:first|last|next|second|third|best|same|whole|other|only)\b)[a-z]+ (song|album|movie|film|show|book|novel|sitcom|musical|poem) (.+?)${END}`, "i"), slots: [[2, "work", null]] },
  { re: new RegExp(String.raw`\b(?:the )?(?:phrase|slogan|quote|quotation|saying|motto|expression|catchphrase) (.+?)${END}`, "i"), slots: [[1, "work", "a quotation"]] },
  // "where did the name X come from", "what does the word X mean": X is the name or word asked about.
  { re: /\bthe (?:(?:last|first|family|middle) )?(?:name|surname|word|term) (.+?) (?:come from|came from|originate|originated|derive|derived|stand for|mean|means|meant)\b/i, slots: [[1, "concept", "a word or name"]], titleSlot: true, weak: "any" },
  // "ek veer ki ardaas veera meaning in english": the words before "meaning in <language>" are the phrase asked about.
  { re: /^(?:what is |what's |whats )?(?:the )?(.+?) (?:meaning|mean|means) in (?:english|hindi|urdu|tamil|telugu|bengali|punjabi|marathi|spanish|french|german|italian|latin|greek|hebrew|arabic|japanese|chinese|korean|russian|portuguese|hawaiian|irish|sanskrit|tagalog)\s*[?.!]?\s*$/i, slots: [[1, "concept", "a word or phrase"]], titleSlot: true },
  // "what album is X by Y on": a song and its artist.
  { re: /\bwhat (?:album|record|cd|movie|film) (?:is|was) (?:the song )?(.+?) by (.+?) (?:on|in|from)\s*[?.!]?\s*$/i, slots: [[1, "work", "title of a song"], [2, "person", "a singer, band or author"]] },
  // "what are the lyrics to hello", "who wrote the lyrics to imagine": whatever the lyrics are of is a song, one common word included.
  { re: new RegExp(String.raw`\b(?:lyrics|chords) (?:to|of|for) (?:the song )?(.+?)${END}`, "i"), slots: [[1, "work", "title of a song"]], titleSlot: true },
  { re: new RegExp(String.raw`\bwho (?:said|says|coined) (.+?)${END}`, "i"), slots: [[1, "work", "a quotation"]] },
  { re: new RegExp(String.raw`\bwho (?:sings|sang|sung|wrote|performed|recorded|composed|did) (?:the song|the theme song (?:to|for|of)) (.+?)${END}`, "i"), slots: [[1, "work", "title of a song"]] },
  { re: new RegExp(String.raw`\b(?:when|where|why|how) (?:did|does|do|was|is|will) (?:.+?) (?:write|sing|release|record|direct|produce|publish|compose|paint|perform|film) (?:the (?:song|album|book|novel|movie|film|poem) )?(.+?)${END}`, "i"), slots: [[1, "work", "title of a song, book or film"]] },
  { re: new RegExp(String.raw`\bwho (?:(?:has|have) )?(?:sings|sang|sung|performed|performs|recorded) (.+?)${END}`, "i"), slots: [[1, "work", "title of a song"]] },
  { re: new RegExp(String.raw`\bwho (?:wrote|writes|composed) (?:the )?(.+?)${END}`, "i"), slots: [[1, "work", "title of a song or written work"]] },
  { re: new RegExp(String.raw`\bwho (?:directed|narrates|narrated|hosts|hosted|starred in|stars in) ${MEDIA}(.+?)${END}`, "i"), slots: [[1, "work", "title of a film or television series"]] },
  { re: new RegExp(String.raw`\bwho produced ${MEDIA}(.+?)${END}`, "i"), slots: [[1, "work", "title of a song, album or film"]] },
  { re: new RegExp(String.raw`\b(?:season|episode|series) \d+ of (?:the )?(.+?)${END}`, "i"), slots: [[1, "work", "title of a television series"]], titleSlot: true },
  { re: new RegExp(String.raw`\b${ORDINAL} (?:season|series|episode) of (?:the )?(.+?)${END}`, "i"), slots: [[1, "work", "title of a television series"]] },
  { re: new RegExp(String.raw`\bhow many (?:seasons|episodes|series|books|movies|films) (?:of|in|are (?:there )?in|are there of|does|did|has) (?:the )?(.+?)(?: have| has| had)?${END}`, "i"), slots: [[1, "work", "title of a television series"]] },
  { re: new RegExp(String.raw`\b(?:when|what time|where) (?:does|did|do|will|is|was) (?:the )?(.+?) (?:season|episode|series) \d+`, "i"), slots: [[1, "work", "title of a television series"]], titleSlot: true },
  // "who won project runway all stars season 1": a contest show and its season.
  { re: /\bwho (?:won|wins|win|left|was eliminated (?:from|on)|got eliminated (?:from|on)|was voted off) (?:the )?(.+?) (?:season|series) \d+/i, slots: [[1, "work", "title of a television series"]], titleSlot: true },
  { re: new RegExp(String.raw`\bwhat episode of (?:the )?(.+?)${END}`, "i"), slots: [[1, "work", "title of a television series"]] },
  // "who was the voice of kitt", "voice of obi wan in the clone wars": whom a voice belongs to is a character.
  { re: new RegExp(String.raw`\bvoice (?:of|for) (?:the )?(.+?)(?: (?:in|on) ${MEDIA}(.+?))?${END}`, "i"), slots: [[1, "person", "a character"], [2, "work", "title of a film, television series or video game"]], weak: true },
  { re: new RegExp(String.raw`\b(?:(?:original|first|acoustic|live) version|cover|remix|recording) of (?:the song )?(.+?)${END}`, "i"), slots: [[1, "work", "title of a song"]], weak: true },
  { re: new RegExp(String.raw`\b(?:the )?(?:${ROLES}) (?:of|in|on|from|for) (?:the )?(.+?)${END}`, "i"), slots: [[1, "work", "title of a film, television series or book"]], weak: true },
  { re: new RegExp(String.raw`\b(?:where|when) (?:was|were|is|are|did|does|do) (?:the (?:movie|film|show|tv show|series|music video) )?(.+?) (?:filmed|shot|set|written|recorded|published|banned|take place|taking place)\b`, "i"), slots: [[1, "work", "title of a film, television series or book"]], weak: true },
  { re: new RegExp(String.raw`\bwhere (?:did|do|does) they (?:film|shoot|record) ${MEDIA}(.+?)${END}`, "i"), slots: [[1, "work", "title of a film or television series"]] },
  { re: new RegExp(String.raw`\bwhat (?:genre|channel|network) (?:is|was|does|did) (?:the )?(.+?)(?= on\b| air\b| come on\b|\s*[?.!]?\s*$)`, "i"), slots: [[1, "work", "title of a film, television series or book"]] },
  { re: new RegExp(String.raw`\b(?:when|what year|what date) (?:does|did|do|will|is|was) (?:the (?:new )?)?(?:(movie|film|show|album|book|game|series) )?(.+?) (?:come out|came out|coming out|air|release|released|premiere|come back|coming back|comes back|return|returning|get renewed|renewed)\b`, "i"), slots: [[2, "work", "title of a film, television series or book"]] },
  // Wars, laws and programmes start and end too ("when did the soviet union end"): only title-like slots.
  { re: new RegExp(String.raw`\b(?:when|what year|what date) (?:does|did|do|will|is|was) (?:the (?:new )?)?(?:(movie|film|show|album|book|game|series) )?(.+?) (?:start|starts|end|ends|begin|begins)\b`, "i"), slots: [[2, "work", "title of a film, television series or book"]], weak: "any", guard: (m) => titleLike(m[2]) },
  { re: new RegExp(String.raw`^(?!(?:who|what|when|where|which|why|is|are|was|were|did|does|do)\b)(?:the )?(.+?) (?:cast|characters|theme song|release date|trailer|soundtrack|lyrics|ending|episode (?:where|when|in which)\b.*|who (?:wrote|sang|sings|sung|directed) it)\s*[?.!]?\s*$`, "i"), slots: [[1, "work", "title of a film, television series or book"]] },
  { re: new RegExp(String.raw`\b(?:who|what|which \w+) (?:is|was|are|were) (?:the )?(\S+(?: \S+){0,3}?) (?:in|on) ${MEDIA}(.+?)${END}`, "i"), slots: [[2, "work", "title of a film, television series or book"]], weak: true, guard: (m) => !RANKING.test(m[1]) && titleLike(m[2]) },
  { re: new RegExp(String.raw`^.*\s(?:in|on) ${MEDIA}(.+?)${END}`, "i"), slots: [[1, "work", "title of a film, television series or book"]], titleSlot: true, weak: "any", guard: (m) => CHARACTER_CUE.test(m[0]) && !/\brole\b/.test(m[0]) },
  { re: new RegExp(String.raw`\b(?:appear|appears|appeared|die|dies|died|leave|leaves|left|join|joins|joined|return|returns|come back|get married|got married|meet|met|start|started) (?:in|on) ${MEDIA}(.+?)${END}`, "i"), slots: [[1, "work", "title of a film or television series"]], weak: true },
  // "on gilligan's island", "in schindler's list": a name's something that ends the query after "in"/"on" is a title.
  { re: /\b(?:in|on) ((\p{L}+)['’]s \p{L}+)\s*[?.!]?\s*$/iu, slots: [[1, "work", "title of a film, television series or book"]], titleSlot: true, guard: (m) => !isCommonWord(m[2]) },
];

const NAME_THEN_CLAUSE = /^\s+(?:in|on|at|for|from|if|when|called|named|located|during|before|after|since)\b/i;
const NAME_TYPES = new Set<VariableType>(["event", "place", "organization", "person"]);
// "X by Y" after a title: Y is its artist or author.
const BY_ARTIST = new RegExp(String.raw`^ by (?:the )?(.+?)(?=\s+(?:come out|came out|released|recorded|written|mean|about|lyrics)\b|\s*[?.!]?\s*$)`, "i");

/** Slots of lower-cased queries found by frames ("who sings X", "who plays X in Y", "season N of X"). */
/**
 * A clause after "in" or "on" that ends the query is a title: a preposition takes a noun phrase, so a verb with its
 * object ("jinx in [meet the parents]") or a wh-question ("the girl in [what do you mean]") there names a work.
 */
export function clauseTitle(q: string): Span | null {
  const { toks, pos } = tagTokens(q);
  let n = toks.length;
  while (n > 0 && pos[n - 1] === "PUNCT") n--;
  for (let k = 1; k + 3 <= n; k++) {
    if (!/^(?:in|on)$/.test(toks[k]) || pos[k] !== "ADP") continue;
    const a = toks[k + 1];
    const question = /^(?:what|who|where|why|how)$/.test(a) && pos[k + 1] === "PRON" && /^(?:AUX|PRON)$/.test(pos[k + 2]) && pos.slice(k + 2, n).includes("VERB");
    const verbPhrase = pos[k + 1] === "VERB" && !/(?:ing|ed)$/.test(a) && /^(?:DET|PRON)$/.test(pos[k + 2]);
    if (!question && !verbPhrase) continue;
    const start = q.indexOf(a, k === 0 ? 0 : q.indexOf(` ${toks[k]} `) + 1);
    const end = q.replace(/[\s?.!]+$/, "").length;
    if (start < 0 || start >= end) return null;
    return { start, end, text: q.slice(start, end), type: "work", source: "frame:title of a film, television series, book or song" };
  }
  return null;
}

export function frameSpans(q: string, detected: Span[] = detectSpans(q, { deep: true })): Span[] {
  if (!allLowerCase(q)) return [];
  const out: Span[] = [];
  const clause = clauseTitle(q);
  for (const f of FRAMES) {
    const m = f.re.exec(q);
    if (!m || (f.guard && !f.guard(m))) continue;
    const before = out.length;
    for (const [g, type, description] of f.slots) {
      const part = type === "work" ? PART_OF.exec(m[g] ?? "") : null;
      const text = part ? m[g].slice(part[0].length) : m[g];
      if (!text || text.split(/\s+/).length > 12 || NOT_TITLE_START.test(text) || ONLY_END_WORDS.test(text) || !/\p{L}/u.test(text)) continue;
      const at = q.indexOf(text, m.index);
      if ([clause, ...out].some((c) => c && at < c.end && c.start < at + text.length)) continue;
      // A query that named its work first asks about that one work.
      if (f.weak && type === "work" && out.some((o) => o.type === "work")) continue;
      const words = text.toLowerCase().split(/\s+/);
      // A slot made only of function words or a single common word is not a title.
      if (words.every((w) => STOPWORDS.has(w) || /^\d/.test(w))) continue;
      // A single common word is a title only where the frame leaves no doubt ("who plays X on friends").
      // So is one after "a season of", and one that ends the query right after the kind of work, unless the two make a compound ("the movie
      // [glory]", not "the movie theater").
      const kind = description === null ? m[1].toLowerCase() : "";
      const lastWordTitle = kind !== "" && !/\s/.test(kind) && /^\s*[?.!]?\s*$/.test(q.slice(at + text.length)) && !wordKind(`${kind}_${words[0]}`).known && nounSenses(words[0]).length > 0;
      if (words.length === 1 && isCommonWord(words[0]) && type === "work" && !f.titleSlot && !lastWordTitle && !part) continue;
      const named = detected.filter((s) => f.weak === "any" || (NAME_TYPES.has(s.type) && s.source !== "name:head"));
      const covered = named.reduce((n, s) => n + Math.max(0, Math.min(s.end, at + text.length) - Math.max(s.start, at)), 0);
      if (f.weak && covered >= 0.6 * text.length) continue;
      // "the currency in [turkey] called", "[germany] in 2010": a name, then what the question says about it.
      const lead = named.find((s) => s.start === at && s.end < at + text.length);
      if (f.weak && lead && NAME_THEN_CLAUSE.test(q.slice(lead.end, at + text.length))) continue;
      out.push({ start: at, end: at + text.length, text, type, source: `frame:${description ?? titleDescription(m[1])}` });
      const by = type === "work" && f.slots.length === 1 ? BY_ARTIST.exec(q.slice(at + text.length)) : null;
      if (by) {
        const s = at + text.length + by[0].length - by[1].length;
        out.push({ start: s, end: s + by[1].length, text: by[1], type: "person", source: "frame:a singer, band or author" });
      }
    }
    if (out.length > before && !f.alongside) break;
  }
  if (clause) out.push(clause);
  return out.sort((x, y) => x.start - y.start);
}

const NO_COORD: VariableType[] = ["number", "year", "date", "money", "quantity", "code"];
/**
 * Lower-case queries: "which came first [battlestar galactica] or star wars" compares two of a kind, so the words after
 * "or" that end the query name the same kind of thing as the name before it.
 */
function coordinated(q: string, spans: Span[]): Span | null {
  const last = spans[spans.length - 1];
  if (NO_COORD.includes(last.type)) return null;
  const m = /^ (?:or|vs\.?|versus) (?:the )?((\p{L}[\p{L}'’-]*)(?: \p{L}[\p{L}'’-]*){0,3})\s*[?.!]?\s*$/u.exec(q.slice(last.end));
  if (!m || m[1].split(" ").some((w) => STOPWORDS.has(w))) return null;
  const start = q.length - m[0].length + m[0].indexOf(m[1], 3);
  return { start, end: start + m[1].length, text: m[1], type: last.type, source: "coordinated" };
}

function sentenceCase(q: string): string {
  return q.replace(/\s+/g, " ").trim();
}

/** Keeps variables distinct: two different spans never share a description. */
function numberDescriptions(items: { span: Span; description: string; type: VariableType }[]) {
  const byDesc = new Map<string, string[]>();
  for (const it of items) {
    const key = it.span.text.toLowerCase();
    const texts = byDesc.get(it.description) ?? [];
    if (!texts.includes(key)) texts.push(key);
    byDesc.set(it.description, texts);
  }
  for (const it of items) {
    const texts = byDesc.get(it.description)!;
    if (texts.length > 1) it.description = `${it.description} #${texts.indexOf(it.span.text.toLowerCase()) + 1}`;
  }
}

/**
 * The kind of document that can fill the template and answer it: its topic words and the kind of answer. The
 * variables' descriptions are left out on purpose: the matcher already reads them from the template text, and
 * repeating generic words ("a person", "a name") in every description made lexical matching worse (npm run eval).
 */
export function compatibleDocumentDescription(template: string): string {
  const literal = template.replace(/<fi>[^<]*<\/fi>/g, " ");
  const topic = tokenize(literal)
    .map((t) => t.text.toLowerCase())
    .filter((w) => !STOPWORDS.has(w) && /\p{L}/u.test(w) && w.length > 2);
  const uniq = [...new Set(topic)];
  const exp = expectAnswer(template);
  return `A text ${uniq.length ? `about ${uniq.join(", ")}` : "on a specific subject"}, giving ${exp.phrase}.`;
}

export function genericize(query: string): GenericizeResult {
  const q = sentenceCase(query);
  const screen = screenQuery(q);
  if (screen) return { ok: false, ...screen };
  const detected = detectSpans(q, { deep: true });
  const frames = frameSpans(q, detected);
  let spans = [...frames, ...detected.filter((s) => !frames.some((f) => s.start < f.end && f.start < s.end))]
    .sort((a, b) => a.start - b.start)
    .filter((s) => s.end - s.start < q.replace(/[?.!\s]+$/, "").length * 0.9);
  // Nothing but a language in a lower-case query ("what is the meaning of X in english"): add the topic too.
  if (!spans.length || (allLowerCase(q) && spans.every((s) => describeSpan(s, q).description === "a language"))) {
    const focus = focusNounPhrase(q);
    const distinct = focus && (!spans.length || (describeSpan(focus, q).description !== "a language" && !spans.some((s) => focus.start < s.end && s.start < focus.end)));
    if (distinct) spans = [...spans, focus].sort((a, b) => a.start - b.start);
  }
  if (!spans.length) return { ok: false, reason: "nothing-specific", detail: "no entity, number, name or topic noun phrase found" };
  const coord = allLowerCase(q) ? coordinated(q, spans) : null;
  if (coord) spans = [...spans, coord];
  const items = spans.map((span) => ({ span, ...describeSpan(span, q) }));
  // The second of "A or B" is the same kind of thing as the first.
  if (coord) Object.assign(items[items.length - 1], { description: items[items.length - 2].description, type: items[items.length - 2].type });
  // The same text twice is one shared variable, so it keeps one description.
  const firstDesc = new Map<string, { description: string; type: VariableType }>();
  for (const it of items) {
    const k = it.span.text.toLowerCase();
    const f = firstDesc.get(k);
    if (f) Object.assign(it, f);
    else firstDesc.set(k, { description: it.description, type: it.type });
  }
  numberDescriptions(items);
  let template = "";
  let last = 0;
  for (const it of items) {
    template += q.slice(last, it.span.start) + `<fi>${it.description}</fi>`;
    last = it.span.end;
  }
  template += q.slice(last);
  const variables: TemplateVariable[] = [];
  for (const it of items) if (!variables.some((v) => v.description === it.description)) variables.push({ description: it.description, type: it.type });
  const v = validateTemplate(template, variables);
  if (!v.ok) return { ok: false, reason: "invalid-template", detail: v.errors.map((e) => e.message).join("; ") };
  return { ok: true, template, variables, compatibleDocumentDescription: compatibleDocumentDescription(template), spans };
}
