import { describe, expect, it } from "vitest";
import { computeViews } from "../views";
import { denseDot, DenseEncoder } from "./dense";
import { familyRoots } from "./families";
import { documentKindTerms, templateKindTerms } from "./kinds";
import { LexicalEncoder, sparseDot } from "./lexical";
import { castEntries } from "./question-words";
import { phraseTerms, stem, templatePhraseTerms, wordTokens } from "./text";

const g = { localViews: 5, sigma: 0.05 };
const templates = [
  "A text about a medical condition and its symptoms and treatment",
  "A text about a sports team winning a championship final",
  "A text about installing a software library with a package manager",
];

describe("text", () => {
  it("drops stop words, stems lightly and keeps offsets", () => {
    const t = wordTokens("The Teams were winning matches");
    expect(t.terms).toEqual(["team", "win", "match"]);
    expect([...t.offsets]).toEqual([4, 15, 23]);
    expect(stem("studies")).toBe("study");
    expect(stem("class")).toBe("class");
    expect(stem("stopped")).toBe("stop");
  });

  it("phrases join adjacent content words across stop words but not across punctuation", () => {
    expect(phraseTerms("the Chief of the Naval Staff, Lagos").terms).toEqual(["chief naval", "naval staff"]);
    expect(phraseTerms("Ring of Fire. Hawaii").terms).toEqual(["ring fire"]);
    expect(phraseTerms("one").terms).toEqual([]);
  });
});

describe("phrase terms", () => {
  it("of two templates with the same words, the one whose words form the document's phrase scores higher", async () => {
    const bank = [
      { text: "who built the death star in <fi>title of a film</fi>", variables: [{ description: "title of a film", type: "work" }] },
      { text: "who built the star of death in <fi>title of a film</fi>", variables: [{ description: "title of a film", type: "work" }] },
    ];
    const enc = new LexicalEncoder();
    const phrases = bank.map((t) => templatePhraseTerms(t.text));
    expect(phrases[0]).toContain("death star");
    expect(phrases[1]).not.toContain("death star");
    // No phrase spans a variable: its fill is unknown.
    expect(phrases[0]).not.toContain("star title");
    // As openTemplateIndex gives them to the encoder: with the kind terms.
    const kinds = bank.map((t, i) => [...templateKindTerms(t as Parameters<typeof templateKindTerms>[0]), ...phrases[i]]);
    const texts = bank.map((t) => t.text.replace(/<\/?fi>/g, " "));
    enc.fit(texts, kinds);
    const [built, saw] = await enc.encodeTemplates(texts, kinds);
    const text = "The Death Star was built by the Galactic Empire in Star Wars, a film; many died on it.";
    const [[whole]] = await enc.encodeViews([{ text, views: computeViews(text.length, 0, 0.05).slice(0, 1) }], g);
    expect(sparseDot(whole.sparse!, built.sparse!)).toBeGreaterThan(sparseDot(whole.sparse!, saw.sparse!));
  });
});

describe("lexical encoder", () => {
  const enc = new LexicalEncoder();
  enc.fit(templates);

  it("vectors are unit length and a text is most similar to itself", async () => {
    const [a, b] = await enc.encodeTemplates(templates.slice(0, 2));
    expect(sparseDot(a.sparse!, a.sparse!)).toBeCloseTo(1, 5);
    expect(sparseDot(a.sparse!, b.sparse!)).toBeLessThan(0.5);
  });

  it("a document about a condition is closer to the medical template than to the sports one", async () => {
    const text = "Diabetes is a chronic condition. Symptoms include thirst; treatment uses insulin.";
    const [views] = await enc.encodeViews([{ text, views: computeViews(text.length, 5, 0.05) }], g);
    const [med, sport] = await enc.encodeTemplates(templates.slice(0, 2));
    expect(sparseDot(views[0].sparse!, med.sparse!)).toBeGreaterThan(sparseDot(views[0].sparse!, sport.sparse!) + 0.1);
  });

  it("empty and unknown-word documents give zero similarity, not NaN", async () => {
    const [[empty], [unknown]] = await enc.encodeViews(
      [
        { text: "", views: computeViews(0, 5, 0.05) },
        { text: "zzzz qqqq", views: computeViews(9, 5, 0.05) },
      ],
      g,
    );
    const [med] = await enc.encodeTemplates(templates.slice(0, 1));
    expect(sparseDot(empty.sparse!, med.sparse!)).toBe(0);
    expect(sparseDot(unknown.sparse!, med.sparse!)).toBe(0);
  });

  it("state round-trips, word-family aliases included", async () => {
    const other = new LexicalEncoder();
    other.importState(JSON.parse(JSON.stringify(enc.exportState())));
    const [a] = await enc.encodeTemplates(["symptoms of a condition won"]);
    const [b] = await other.encodeTemplates(["symptoms of a condition winner"]);
    expect([...b.sparse!.idx]).toEqual([...a.sparse!.idx]);
    expect([...b.sparse!.val]).toEqual([...a.sparse!.val]);
  });

  it("forms of one word family share a term: a question's 'who won' matches a document's 'winner'", async () => {
    const text = "The winner of the final was decided on penalties.";
    const [views] = await enc.encodeViews([{ text, views: computeViews(text.length, 5, 0.05) }], g);
    const [won] = await enc.encodeTemplates(["who won the final"]);
    const [lost] = await enc.encodeTemplates(["who lost the final"]);
    expect(sparseDot(views[0].sparse!, won.sparse!)).toBeGreaterThan(sparseDot(views[0].sparse!, lost.sparse!) + 0.05);
  });
});

describe("kind terms", () => {
  const plays = { text: "who plays <fi>a character</fi> in <fi>title of a film</fi>", variables: [{ description: "a character", type: "person" as const }, { description: "title of a film", type: "work" as const }] };

  it("a template names its variables' descriptions and the span types that would answer it", () => {
    // A title variable also carries the term any title meets, whatever kind of work its description names.
    expect(templateKindTerms(plays)).toEqual(["«a character»", "«title of a film»", "«a title»", "«answer:person»", "«answer:organization»"]);
    expect(templateKindTerms({ text: "what is <fi>a weapon #1</fi>", variables: [{ description: "a weapon #1", type: "concept" }] })).toEqual(["«a weapon»"]);
  });

  it("a document names its spans' descriptions and types and its nouns' descriptions, at their offsets", () => {
    const text = "A sword was found in Kenya in 1950.";
    const k = documentKindTerms(text);
    const at = (term: string) => k.offsets[k.terms.indexOf(term)];
    expect(at("«a country»")).toBe(text.indexOf("Kenya"));
    expect(at("«answer:year»")).toBe(text.indexOf("1950"));
    expect(at("«a weapon»")).toBe(text.indexOf("sword"));
    const show = 'He is known for his role as Dr. George O\'Malley on the medical drama Grey\'s Anatomy and "Frasier".';
    const s = documentKindTerms(show);
    expect(s.offsets[s.terms.indexOf("«a title»")]).toBe(show.indexOf("Grey"));
    expect(s.terms.filter((t) => t === "«a title»")).toHaveLength(2);
    expect(s.offsets[s.terms.indexOf("«a character»")]).toBe(show.indexOf("Dr."));
  });

  it("finds cast-list entries", () => {
    expect(castEntries("Kathy Bates as Maime Trotter Glenn Close as Nonnie Hopkins")).toHaveLength(2);
    expect(castEntries("They rescue one human, Jono (Chad Allen).")).toHaveLength(1);
    expect(castEntries("He was born in Paris (France) as a child.")).toHaveLength(0);
  });
});

describe("lexical encoder: kind terms and question words", () => {
  const bank = ["who plays a character in title of a film", "when was title of a film released", "what is a weapon made of"];
  const kinds = [
    ["«a character»", "«title of a film»", "«answer:person»"],
    ["«title of a film»", "«answer:date»", "«answer:year»"],
    ["«a weapon»"],
  ];
  const enc = new LexicalEncoder();
  enc.fit(bank, kinds);
  const encode = async (text: string) => (await enc.encodeViews([{ text, views: computeViews(text.length, 5, 0.05) }], g))[0][0].sparse!;

  it("a document meets a template it shares no word with through the kinds of thing it names", async () => {
    const [, , weapon] = await enc.encodeTemplates(bank, kinds);
    expect(sparseDot(await encode("A sword is a long blade."), weapon.sparse!)).toBeGreaterThan(0.1);
  });

  it("a cast list and a 'portrayed by' match 'who plays' better than 'when was … released'", async () => {
    const [plays, released] = await enc.encodeTemplates(bank, kinds);
    for (const text of ["Kathy Bates as Maime Trotter Glenn Close as Nonnie Hopkins", "Gilly was portrayed by Sophie Nelisse."]) {
      const v = await encode(text);
      expect(sparseDot(v, plays.sparse!)).toBeGreaterThan(sparseDot(v, released.sparse!));
    }
  });

  it("kind terms survive the state round trip", async () => {
    const other = new LexicalEncoder();
    other.importState(JSON.parse(JSON.stringify(enc.exportState())));
    const text = "A sword is a long blade portrayed by Kathy Bates.";
    const [a, b] = [await encode(text), (await other.encodeViews([{ text, views: computeViews(text.length, 5, 0.05) }], g))[0][0].sparse!];
    expect([...b.idx]).toEqual([...a.idx]);
    expect([...b.val]).toEqual([...a.val]);
  });
});

describe("word families", () => {
  const roots = familyRoots();
  const root = (w: string) => roots.get(stem(w)) ?? stem(w);

  it("joins irregular verb forms and morphological derivations, not unrelated words", () => {
    expect(root("won")).toBe(root("win"));
    expect(root("winner")).toBe(root("win"));
    expect(root("sang")).toBe(root("singer"));
    expect(root("elected")).toBe(root("election"));
    expect(root("written")).toBe(root("wrote"));
    expect(root("win")).not.toBe(root("lose"));
    expect(root("death")).not.toBe(root("die"));
  });
});

describe("dense encoder", () => {
  it("unit vectors; paraphrases are closer than unrelated sentences", async () => {
    const enc = new DenseEncoder();
    const [a, b, c] = (await enc.encodeTemplates(["How do I treat a fever?", "What is the treatment for a high temperature?", "The stock market closed higher today."])).map((v) => v.dense!);
    expect(a.length).toBe(512);
    expect(denseDot(a, a)).toBeCloseTo(1, 4);
    expect(denseDot(a, b)).toBeGreaterThan(denseDot(a, c) + 0.1);
  });
});
