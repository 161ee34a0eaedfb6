import { describe, expect, it } from "vitest";
import { dedupTemplates, normalizeTemplate, parseSupport, skeleton, TemplateDeduper } from "./dedup";
import type { TemplateVariable } from "./types";

const v = (description: string, type: TemplateVariable["type"] = "place"): TemplateVariable => ({ description, type });
/** Templates a, b, c … with the same variables, deduplicated in that order. */
const dedupOneSlot = (variables: TemplateVariable[], texts: string[]) => dedupTemplates(texts.map((text, i) => ({ id: String.fromCharCode(97 + i), text, variables })));

describe("dedupTemplates", () => {
  it("merges exact duplicates after normalisation and reports it", () => {
    const r = dedupTemplates([
      { id: "a", text: "What is the capital of <fi>a country</fi>?", variables: [v("a country")] },
      { id: "b", text: "what is the  capital of <fi>a country</fi> ", variables: [v("a country")] },
    ]);
    expect(r.kept.map((t) => t.id)).toEqual(["a"]);
    expect(r.merged).toEqual([{ id: "b", into: "a", reason: "exact", similarity: 1 }]);
    expect(normalizeTemplate("A <fi> x  y </fi> ?")).toBe("a <fi>x y</fi>");
  });

  it("merges templates that differ only in descriptions of the same type", () => {
    const r = dedupTemplates([
      { id: "a", text: "Where is <fi>a city</fi> located?", variables: [v("a city")] },
      { id: "b", text: "Where is <fi>a town</fi> located?", variables: [v("a town")] },
      { id: "c", text: "Where is <fi>a person</fi> located?", variables: [v("a person", "person")] },
    ]);
    expect(r.kept.map((t) => t.id)).toEqual(["a", "c"]);
    expect(r.merged[0]).toMatchObject({ id: "b", into: "a", reason: "same-skeleton" });
  });

  it("merges templates that differ only in tense and function words, not in what they ask", () => {
    const pv = [v("a character", "concept"), v("title of a film or TV show", "work")];
    const r = dedupTemplates([
      { id: "a", text: "who played <fi>a character</fi> in <fi>title of a film or TV show</fi>", variables: pv },
      { id: "b", text: "who plays the <fi>a character</fi> on <fi>title of a film or TV show</fi>", variables: pv },
      { id: "c", text: "who directed <fi>a character</fi> in <fi>title of a film or TV show</fi>", variables: pv },
      { id: "d", text: "when was <fi>a character</fi> played in <fi>title of a film or TV show</fi>", variables: pv },
    ]);
    expect(r.kept.map((t) => t.id)).toEqual(["a", "c", "d"]);
    expect(r.merged).toEqual([{ id: "b", into: "a", reason: "same-skeleton", similarity: 1 }]);
  });

  it("keeps templates apart whose concept slots ask for different kinds of thing", () => {
    const r = dedupTemplates([
      { id: "a", text: "What is <fi>a disease</fi>?", variables: [v("a disease", "concept")] },
      { id: "b", text: "What is the <fi>a social group</fi>?", variables: [v("a social group", "concept")] },
      { id: "c", text: "what is the <fi>a disease</fi>", variables: [v("a disease", "concept")] },
      { id: "d", text: "What do <fi>a thing or concept #1</fi> and <fi>a thing or concept #2</fi> share?", variables: [v("a thing or concept #1", "concept"), v("a thing or concept #2", "concept")] },
      { id: "e", text: "What do <fi>a thing or concept #1</fi> and the <fi>a thing or concept #2</fi> share?", variables: [v("a thing or concept #1", "concept"), v("a thing or concept #2", "concept")] },
    ]);
    expect(r.kept.map((t) => t.id)).toEqual(["a", "b", "d"]);
    expect(r.merged.map((m) => [m.id, m.into])).toEqual([
      ["c", "a"],
      ["e", "d"],
    ]);
    // A concept's description is one token of the skeleton, so its words are no content words of the template: "what
    // did <fi>a thing or concept</fi> do?" is not "what is <fi>a thing or concept</fi>?" (both keep only "what").
    const vague = dedupOneSlot([v("a thing or concept", "concept")], ["what did <fi>a thing or concept</fi> do?", "what is <fi>a thing or concept</fi>?", "what to do in <fi>a thing or concept</fi>?", "what is <fi>a thing or concept</fi>"]);
    expect(vague.kept.map((t) => t.id)).toEqual(["a", "b", "c"]);
    expect(skeleton("What is <fi>a thing or concept</fi>?", [v("a thing or concept", "concept")])).toBe("what is ⟨conceptathingorconcept⟩");
  });

  it("keeps apart code slots of different kinds, and templates whose only words are conjunctions", () => {
    const lang = v("name of a programming language", "code");
    const db = v("name of a database system", "code");
    const lib = v("name of a software library, framework or tool", "code");
    const r = dedupTemplates([
      { id: "a", text: "<fi>name of a programming language</fi> and <fi>name of a database system</fi>", variables: [lang, db] },
      { id: "b", text: "<fi>name of a software library, framework or tool</fi> and <fi>name of a database system</fi>", variables: [lib, db] },
      { id: "c", text: "<fi>name of a programming language</fi> or <fi>name of a database system</fi>", variables: [lang, db] },
      { id: "d", text: "Connect to <fi>name of a database system</fi> from <fi>name of a programming language</fi>", variables: [db, lang] },
      { id: "e", text: "connecting to <fi>name of a database system</fi> from <fi>name of a programming language</fi>?", variables: [db, lang] },
    ]);
    expect(r.kept.map((t) => t.id)).toEqual(["a", "b", "c", "d"]);
    expect(r.merged.map((m) => [m.id, m.into])).toEqual([["e", "d"]]);
  });

  it("does not merge on function words alone: with nothing but a question word left, the auxiliaries are the question", () => {
    const r = dedupOneSlot([v("a person", "person")], ["What did <fi>a person</fi> do?", "What is <fi>a person</fi>?", "Who was <fi>a person</fi>?", "who is <fi>a person</fi>", "who was the <fi>a person</fi>"]);
    expect(r.kept.map((t) => t.id)).toEqual(["a", "b", "c", "d"]);
    expect(r.merged).toEqual([{ id: "e", into: "c", reason: "same-skeleton", similarity: 1 }]);
  });

  it("merges irregular forms of one verb ('sang' / 'sings', 'wrote' / 'write') but not different verbs", () => {
    const r = dedupOneSlot([v("title of a song", "work")], ["who sings", "who sang", "who wrote", "who writes", "who produced"].map((w) => `${w} <fi>title of a song</fi>`));
    expect(r.kept.map((t) => t.id)).toEqual(["a", "c", "e"]);
    expect(Object.fromEntries(r.support)).toEqual({ a: 2, c: 2, e: 1 });
  });

  it("merges a noun before a variable that only names what its description says ('the song <title of a song>'), nothing else", () => {
    const r = dedupOneSlot([v("title of a song", "work")], [
      "who sings <fi>title of a song</fi>",
      "who sings the song <fi>title of a song</fi>",
      "who sings the movie <fi>title of a song</fi>",
      "who sings the theme song <fi>title of a song</fi>",
    ]);
    expect(r.merged.map((m) => [m.id, m.into])).toEqual([["b", "a"]]);
    const film = dedupOneSlot([v("title of a film", "work")], ["where was <fi>title of a film</fi> filmed", "where was the movie <fi>title of a film</fi> filmed", "where did they film <fi>title of a film</fi>"]);
    expect(film.merged.map((m) => [m.id, m.into])).toEqual([["b", "a"]]);
  });

  it("counts the source queries each kept template stands for, adding the support merged items already had", () => {
    const sv = [v("title of a song", "work")];
    const r = dedupTemplates([
      { id: "a", text: "who sings <fi>title of a song</fi>", variables: sv, support: 3 },
      { id: "b", text: "who sang <fi>title of a song</fi>", variables: sv, support: 4 },
      { id: "c", text: "who sings <fi>title of a song</fi>?", variables: sv },
      { id: "d", text: "who wrote <fi>title of a song</fi>", variables: sv },
    ]);
    expect(Object.fromEntries(r.support)).toEqual({ a: 8, d: 1 });
  });

  it("grows a bank in batches: later templates join seeded and earlier ones, seeds are not checked against each other", () => {
    const sv = [v("title of a song", "work")];
    const d = new TemplateDeduper();
    d.seed({ id: "stored", text: "who sings <fi>title of a song</fi>", variables: sv, support: 5 });
    d.seed({ id: "stored-twin", text: "who sang <fi>title of a song</fi>", variables: sv });
    expect(d.add({ id: "b1", text: "Who sings <fi>title of a song</fi>?", variables: sv })).toMatchObject({ id: "b1", into: "stored", reason: "exact" });
    expect(d.add({ id: "b2", text: "who wrote <fi>title of a song</fi>", variables: sv })).toBeNull();
    expect(d.add({ id: "b3", text: "who writes <fi>title of a song</fi>", variables: sv })).toMatchObject({ into: "b2", reason: "same-skeleton" });
    expect(d.kept.map((t) => t.id)).toEqual(["stored", "stored-twin", "b2"]);
    expect(Object.fromEntries(d.support)).toEqual({ stored: 6, "stored-twin": 1, b2: 2 });
  });

  it("merges near duplicates by shingle Jaccard but keeps different questions", () => {
    const long = "how do I convert a file from <fi>format #1</fi> to <fi>format #2</fi> on my computer without losing quality or metadata";
    const r = dedupTemplates(
      [
        { id: "a", text: long, variables: [v("format #1", "concept"), v("format #2", "concept")] },
        { id: "b", text: long + " please", variables: [v("format #1", "concept"), v("format #2", "concept")] },
        { id: "c", text: "why is <fi>format #1</fi> better than <fi>format #2</fi>", variables: [v("format #1", "concept"), v("format #2", "concept")] },
      ],
      { jaccard: 0.8 },
    );
    expect(r.kept.map((t) => t.id)).toEqual(["a", "c"]);
    expect(r.merged[0].reason).toBe("near-jaccard");
    expect(r.merged[0].similarity).toBeGreaterThanOrEqual(0.8);
  });
});

describe("parseSupport", () => {
  it("reads a whole number of queries from a number or CSV digits; absent is 1; anything else is refused", () => {
    expect([undefined, null, "", 7, " 12 "].map(parseSupport)).toEqual([1, 1, 1, 7, 12]);
    expect([0, -3, 1.5, "many", 2 ** 31, true].map(parseSupport)).toEqual([null, null, null, null, null, null]);
  });
});
