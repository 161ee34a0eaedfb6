import { describe, expect, it } from "vitest";
import { describeSpan } from "./descriptions";
import type { Span, VariableType } from "./types";

const span = (text: string, type: VariableType, source = "propn-run", context = text): [Span, string] => {
  const start = context.indexOf(text);
  return [{ start, end: start + text.length, text, type, source }, context];
};

describe("describeSpan", () => {
  it("uses WordNet hypernyms for common nouns", () => {
    expect(describeSpan(...span("diabetes", "concept", "focus-np")).description).toMatch(/medical|disease/);
    expect(describeSpan(...span("oxygen", "concept", "focus-np")).description).toBe("a chemical element");
    expect(describeSpan(...span("toes", "concept", "focus-np")).description).toBe("a body part");
  });

  it("reads an actor and a character from a cast list's 'Actor as Character'", () => {
    const cast = "The film stars John Goodman as Fred Flintstone and Rick Moranis as Barney Rubble.";
    expect(describeSpan(...span("John Goodman", "person", "propn-run", cast)).description).toBe("an actor");
    expect(describeSpan(...span("Barney Rubble", "concept", "propn-run", cast)).description).toBe("a character");
    // "served as" is a role, not a cast credit.
    expect(describeSpan(...span("Treasurer", "concept", "propn-run", "Smith then served as Treasurer of the club.")).description).not.toBe("a character");
  });

  it("uses instance hypernyms for names", () => {
    expect(describeSpan(...span("Kenya", "place")).description).toBe("a country");
    expect(describeSpan(...span("Paris", "place")).description).toMatch(/city|capital/);
    expect(describeSpan(...span("mount everest", "concept", "wordnet-name")).description).toBe("a mountain");
    // WordNet files "instrument" under legal documents too: only a device is "an instrument or tool".
    expect(describeSpan(...span("old testament", "concept", "wordnet-name")).description).toBe("a document");
  });

  it("takes the sense of a name that the words around it name", () => {
    expect(describeSpan(...span("Neptune", "concept", "propn-run", "What type of planet is Neptune known as?")).description).toBe("a planet");
    expect(describeSpan(...span("Neptune", "concept", "propn-run", "Who was Neptune?")).description).toBe("a deity");
  });

  it("describes a phenomenon's name by the kind word it opens with, not by the name", () => {
    expect(describeSpan(...span("hurricane matthew", "concept", "rare-np")).description).toBe("a storm");
    expect(describeSpan(...span("typhoon haiyan", "concept", "rare-np")).description).toBe("a storm");
    // An adjective that is also a phenomenon ("current") opens other phrases: no kind is read from it.
    expect(describeSpan(...span("current captian", "concept", "rare-np")).description).not.toMatch(/phenomenon|storm/);
  });

  it("describes by type when no lexicon applies", () => {
    expect(describeSpan(...span("1990", "year", "re:year")).description).toBe("a year");
    expect(describeSpan(...span("$5 million", "money", "re:money")).description).toBe("an amount of money");
    expect(describeSpan(...span("12 km", "quantity", "re:quantity")).description).toBe("a distance or length");
    expect(describeSpan(...span("Python", "concept")).description).toBe("name of a programming language");
    expect(describeSpan(...span("main.py", "code", "code")).description).toBe("a file name");
  });

  it("uses cue words of the context", () => {
    const [s, ctx] = span("Thriller", "work", "quoted", 'who sang the song "Thriller"');
    expect(describeSpan(s, ctx).description).toBe("title of a song");
    const [p, pctx] = span("Obama", "person", "propn-run", "when was president Obama elected");
    expect(describeSpan(p, pctx).description).toBe("a president");
  });

  it("takes a name right after 'drama', 'adaptation' … for that work's title, not for what its head noun means", () => {
    const ctx = "He is best known as George O'Malley on the ABC medical drama Grey's Anatomy.";
    expect(describeSpan(...span("Grey's Anatomy", "concept", "propn-run", ctx))).toEqual({ description: "title of a television series", type: "work" });
    const got = "the novels and their television adaptation Game of Thrones";
    expect(describeSpan(...span("Game of Thrones", "concept", "propn-run", got)).description).toBe("title of a film or television series");
    expect(describeSpan(...span("Anatomy", "concept", "propn-run", "a degree in Anatomy")).description).not.toMatch(/^title/);
  });

  it("reads the kind of a work from the definition right after its title", () => {
    const song = `"Don't Stand So Close to Me" is a hit single by the British rock band The Police`;
    expect(describeSpan(...span("Don't Stand So Close to Me", "work", "quoted", song)).description).toBe("title of a song");
    const novel = "To Kill a Mockingbird is a novel by Harper Lee published in 1960.";
    expect(describeSpan(...span("To Kill a Mockingbird", "concept", "propn-run", novel))).toEqual({ description: "title of a novel", type: "work" });
    const film = "Halloween (2018) is an upcoming American slasher film directed by David Gordon Green";
    expect(describeSpan(...span("Halloween", "concept", "propn-run", film)).description).toBe("title of a film");
    // The kind word belongs to something else after a conjunction or preposition.
    expect(describeSpan(...span("Tom Hanks", "person", "propn-run", "Tom Hanks is an American actor and film producer")).description).toBe("a person");
  });

  it("never answers with a bare generic word", () => {
    for (const w of ["Zorblax Industries", "Quuxville", "Flarn"]) {
      const d = describeSpan(...span(w, "concept")).description;
      expect(d).not.toMatch(/^(?:an? )?entity$/);
      expect(d.length).toBeGreaterThan(3);
    }
  });

  it("describes ordinals apart from plain numbers", () => {
    expect(describeSpan(...span("41st", "number", "re:number")).description).toBe("an ordinal number");
    expect(describeSpan(...span("41", "number", "re:number")).description).toBe("a number");
  });
});
