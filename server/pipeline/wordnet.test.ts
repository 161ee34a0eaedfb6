import { describe, expect, it } from "vitest";
import { namesInstitution, wordKind } from "./wordnet";

describe("wordnet", () => {
  it("knows which words also name an institution", () => {
    expect(namesInstitution("senate")).toBe(true);
    expect(namesInstitution("table")).toBe(false);
    expect(namesInstitution("xyzzy")).toBe(false);
  });

  it("tells nouns that can also be verbs or adjectives", () => {
    expect(wordKind("fusion").nonNoun).toBe(false);
    expect(wordKind("take").nonNoun).toBe(true);
    expect(wordKind("xyzzy")).toEqual({ common: false, proper: false, known: false, nonNoun: false });
  });
});
