import { describe, expect, it } from "vitest";
import { namesInstitution, namesOffice, nounLemma, wordKind } from "./wordnet";

describe("wordnet", () => {
  it("knows which words also name an institution", () => {
    expect(namesInstitution("senate")).toBe(true);
    expect(namesInstitution("table")).toBe(false);
    expect(namesInstitution("xyzzy")).toBe(false);
  });

  it("knows which words name a post a person holds", () => {
    for (const w of ["president", "President", "speaker", "pope", "captain", "governor", "justice", "queen", "duke"]) expect(namesOffice(w)).toBe(true);
    // "Father" the priest is a post only in a rare sense; "lady" is first a woman.
    for (const w of ["father", "lady", "singer", "actor", "table"]) expect(namesOffice(w)).toBe(false);
  });

  it("tells nouns that can also be verbs or adjectives", () => {
    expect(wordKind("fusion").nonNoun).toBe(false);
    expect(wordKind("take").nonNoun).toBe(true);
    expect(wordKind("xyzzy")).toEqual({ common: false, proper: false, known: false, nonNoun: false, adjective: false });
    // Adjectives apart from verbs: "webbed toes" is a phrase, "organize DNA" is not.
    expect(wordKind("webbed").adjective).toBe(true);
    expect(wordKind("organize").adjective).toBe(false);
  });

  it("lemmatises plurals in -oes and abbreviations written with stops", () => {
    expect(["mosquitoes", "heroes", "potatoes", "canoes", "toes"].map(nounLemma)).toEqual(["mosquito", "hero", "potato", "canoe", "toe"]);
    expect(nounLemma("u.s")).toBe("us");
    expect(nounLemma("u.k.")).toBe("u.k.");
    expect(nounLemma("x.q.z")).toBeNull();
  });
});
