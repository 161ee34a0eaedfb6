import { describe, expect, it } from "vitest";
import { genericize } from "./genericize";
import { reviewTags, VAGUE_DESCRIPTION_TAG } from "./review";

describe("reviewTags", () => {
  it("marks a template with a variable described only by the engine's fallback, numbered or not", () => {
    expect(reviewTags([{ description: "a country" }, { description: "a thing or concept #2" }])).toEqual([VAGUE_DESCRIPTION_TAG]);
    expect(reviewTags([{ description: "a name" }])).toEqual([VAGUE_DESCRIPTION_TAG]);
    expect(reviewTags([{ description: "a country" }, { description: "name of a programming language" }])).toEqual([]);
    expect(reviewTags([])).toEqual([]);
  });

  it("marks what genericize could not describe and leaves what it could", () => {
    const vague = genericize("what is poptropica");
    const clear = genericize("what is the capital of kenya");
    if (!vague.ok || !clear.ok) throw new Error("expected templates");
    expect(vague.variables.map((v) => v.description)).toEqual(["a thing or concept"]);
    expect(reviewTags(vague.variables)).toEqual([VAGUE_DESCRIPTION_TAG]);
    expect(reviewTags(clear.variables)).toEqual([]);
  });
});
