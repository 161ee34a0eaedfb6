// Exact and near-duplicate merging of templates, with a report of what was merged into what and why.
import { stem } from "./encoders/text";
import { familyRoots } from "./encoders/families";
import { hash32 } from "./rng";
import type { TemplateVariable } from "./types";

export interface DedupItem {
  id: string;
  text: string;
  variables: TemplateVariable[];
  /** Source queries the item already stands for (default 1). */
  support?: number;
}

/**
 * A template's support as a file gives it (a number, or digits in CSV): absent is 1; null when it is not a whole number
 * of queries from 1 to 2^31 − 1.
 */
export function parseSupport(value: unknown): number | null {
  if (value === undefined || value === null || value === "") return 1;
  const n = typeof value === "string" ? Number(value.trim()) : value;
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 2 ** 31 - 1 ? n : null;
}

export interface MergeRecord {
  /** The merged (dropped) template. */
  id: string;
  /** The kept template it was merged into. */
  into: string;
  reason: "exact" | "same-skeleton" | "near-jaccard";
  similarity: number;
}

export interface DedupResult<T extends DedupItem> {
  kept: T[];
  merged: MergeRecord[];
  /** Kept id → the source queries it now stands for: its own support plus that of everything merged into it. */
  support: Map<string, number>;
}

export interface DedupOptions {
  /** Word-shingle Jaccard at or above which two templates are near-duplicates (default 0.8). */
  jaccard?: number;
}

/** Lower-case, single spaces, no trailing punctuation, tags and descriptions normalised. */
export function normalizeTemplate(text: string): string {
  return text
    .toLowerCase()
    .replace(/<fi>\s*([\s\S]*?)\s*<\/fi>/g, (_, d: string) => `<fi>${d.replace(/\s+/g, " ")}</fi>`)
    .replace(/\s+/g, " ")
    .replace(/\s+([?.!,;:])/g, "$1")
    .replace(/[\s?.!]+$/, "")
    .trim();
}

/** Types too broad to stand for what fits: their variables keep the description in the skeleton. */
const DESCRIBED_TYPES = new Set(["concept", "code"]);

/**
 * The template with every variable replaced by its type: wording differences in descriptions do not matter. A
 * "concept" says nothing about what fits and "code" little ("name of a programming language" is not "name of a database
 * system"), so there the description stays ("what is <fi>a disease</fi>" is not "what is <fi>a social group</fi>").
 */
export function skeleton(text: string, variables: TemplateVariable[]): string {
  const type = new Map(variables.map((v) => [v.description, v.type]));
  const slot = (d: string) => {
    const t = type.get(d) ?? [...type.entries()].find(([k]) => k.toLowerCase() === d)?.[1] ?? "var";
    // One token of letters and digits only: the clean-up below would split anything else into words.
    return DESCRIBED_TYPES.has(t) ? `${t}${d.replace(/\s*#\d+$/, "").replace(/[^\p{L}\p{N}]+/gu, "")}` : t;
  };
  return normalizeTemplate(text)
    .replace(/<fi>([\s\S]*?)<\/fi>/g, (_, d: string) => ` ⟨${slot(d)}⟩ `)
    .replace(/[^\p{L}\p{N}⟨⟩\s]/gu, " ")
    .replace(/\b(?:the|a|an)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Words that do not change what a template asks: "who played <person> in <work>" = "who plays the <person> on <work>". */
const FUNCTION_WORDS = new Set(
  "a an the of in on at to for from by with into about as is are was were be been being do does did has have had this that these those it its".split(" "),
);

const familyRoot = (w: string) => familyRoots().get(w) ?? w;

/** Words that say what kind of question it is or join its parts, but not what it is about. */
const NOT_CONTENT = new Set("what who whom whose where when why how which and or vs versus & +".split(" "));

/**
 * The skeleton without function words, each word stemmed and put to its word family ("sang" / "sings" → "sing"); null
 * when no word but a question word or a conjunction is left: then the function words are all the template asks with
 * ("what did <fi>a person</fi>" is not "what is <fi>a person</fi>").
 */
export function contentSkeleton(sk: string): string | null {
  const words = sk.split(" ").filter((w) => !FUNCTION_WORDS.has(w));
  if (!words.some((w) => !w.startsWith("⟨") && !NOT_CONTENT.has(w))) return null;
  return words.map((w) => (w.startsWith("⟨") ? w : familyRoot(stem(w)))).join(" ");
}

/** Words a description's own words stand for ("the movie <fi>title of a film</fi>"). */
const ECHO_SYNONYMS: Record<string, string[]> = { movie: ["film"], show: ["television", "series"], tv: ["television"], programme: ["television", "series"], program: ["television", "series"] };

/**
 * The template without a noun (after an article) right before a variable that only names what the variable's description says:
 * "who sings the song <fi>title of a song</fi>" asks what "who sings <fi>title of a song</fi>" asks.
 */
export function withoutEchoedNouns(text: string): string {
  return text.replace(/(?<=\b(?:the|a|an)\s+)\b([\p{L}]+)\s+(<fi>([^<]*)<\/fi>)/giu, (all, word: string, tag: string, description: string) => {
    const w = stem(word.toLowerCase());
    const said = new Set(description.toLowerCase().split(/[^\p{L}]+/u).map(stem));
    return said.has(w) || (ECHO_SYNONYMS[w] ?? []).some((x) => said.has(x)) ? tag : all;
  });
}

function shingles(s: string, n = 2): Set<string> {
  const w = s.split(" ");
  const out = new Set<string>();
  if (w.length < n) out.add(s);
  for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(" "));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter || 1);
}

const HASHES = 32;
const BANDS = 8;
const ROWS = HASHES / BANDS;

function minhash(sh: Set<string>): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const s of sh) {
    const h1 = hash32(s);
    const h2 = hash32(s + "\u0001") | 1;
    for (let i = 0; i < HASHES; i++) {
      const h = (h1 + Math.imul(i, h2)) >>> 0;
      if (h < sig[i]) sig[i] = h;
    }
  }
  return sig;
}

/**
 * Keeps the first of each group, one template at a time, so a bank can be grown in batches and a new template checked
 * against everything kept before. Exact: same normalised text. Same skeleton: identical after replacing variables by
 * their types (only descriptions differ), or after also dropping function words and stemming (tense, "in"/"on"). Near:
 * shingle Jaccard of skeletons ≥ threshold, found with MinHash LSH and verified exactly, and only between templates
 * with the same variable types (so different slots are never merged).
 */
export class TemplateDeduper<T extends DedupItem> {
  readonly kept: T[] = [];
  readonly merged: MergeRecord[] = [];
  /** Kept id → the source queries it stands for: its own support plus that of everything merged into it. */
  readonly support = new Map<string, number>();
  private readonly exact = new Map<string, string>();
  private readonly skel = new Map<string, string>();
  private readonly buckets = new Map<string, number[]>();
  private readonly keptSh: Set<string>[] = [];
  private readonly keptTypes: string[] = [];

  constructor(private readonly threshold = 0.8) {}

  /** Keeps a template without checking it against the kept ones (one the bank already holds). */
  seed(it: T): void {
    const sk = skeleton(it.text, it.variables);
    const sh = shingles(sk);
    this.keep(it, normalizeTemplate(it.text), sk, contentKey(it), sh, typesKey(it), bandKeys(minhash(sh)));
  }

  /** Keeps the template, or merges it into the kept one it duplicates and returns what was merged into what. */
  add(it: T): MergeRecord | null {
    const norm = normalizeTemplate(it.text);
    const e = this.exact.get(norm);
    if (e) return this.merge(it, e, "exact", 1);
    const sk = skeleton(it.text, it.variables);
    const content = contentKey(it);
    const s = this.skel.get(sk) ?? (content !== null ? this.skel.get(content) : undefined);
    if (s) return this.merge(it, s, "same-skeleton", 1);
    const sh = shingles(sk);
    const types = typesKey(it);
    const keys = bandKeys(minhash(sh));
    let best = -1;
    let bestSim = 0;
    for (const k of keys)
      for (const j of this.buckets.get(k) ?? []) {
        if (this.keptTypes[j] !== types) continue;
        const sim = jaccard(sh, this.keptSh[j]);
        if (sim >= this.threshold && sim > bestSim) {
          best = j;
          bestSim = sim;
        }
      }
    if (best >= 0) return this.merge(it, this.kept[best].id, "near-jaccard", Math.round(bestSim * 1000) / 1000);
    this.keep(it, norm, sk, content, sh, types, keys);
    return null;
  }

  private merge(it: T, into: string, reason: MergeRecord["reason"], similarity: number): MergeRecord {
    const m = { id: it.id, into, reason, similarity };
    this.merged.push(m);
    this.support.set(into, this.support.get(into)! + (it.support ?? 1));
    return m;
  }

  private keep(it: T, norm: string, sk: string, content: string | null, sh: Set<string>, types: string, keys: string[]): void {
    const idx = this.kept.length;
    this.kept.push(it);
    this.support.set(it.id, it.support ?? 1);
    this.keptSh.push(sh);
    this.keptTypes.push(types);
    if (!this.exact.has(norm)) this.exact.set(norm, it.id);
    if (!this.skel.has(sk)) this.skel.set(sk, it.id);
    if (content !== null && !this.skel.has(content)) this.skel.set(content, it.id);
    for (const k of keys) (this.buckets.get(k) ?? this.buckets.set(k, []).get(k)!).push(idx);
  }
}

/** The content skeleton a template is kept under besides its skeleton (null: none, see contentSkeleton). */
const contentKey = (it: DedupItem) => contentSkeleton(skeleton(withoutEchoedNouns(it.text), it.variables));

/** The variable types of a template, sorted: only templates with the same ones are near-duplicate candidates. */
const typesKey = (it: DedupItem) => it.variables.map((v) => v.type).sort().join(",");

function bandKeys(sig: Uint32Array): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) keys.push(`${b}:${Array.from(sig.subarray(b * ROWS, (b + 1) * ROWS)).join(".")}`);
  return keys;
}

/** Deduplicates a list at once (see TemplateDeduper). */
export function dedupTemplates<T extends DedupItem>(items: T[], opts: DedupOptions = {}): DedupResult<T> {
  const d = new TemplateDeduper<T>(opts.jaccard ?? 0.8);
  for (const it of items) d.add(it);
  return { kept: d.kept, merged: d.merged, support: d.support };
}
