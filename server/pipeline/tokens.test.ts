import { describe, expect, it } from "vitest";
import { approxTokens, countTokens } from "./tokens";

describe("token counts", () => {
  it("counts Llama-3 tokens exactly", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("Hello world")).toBe(2);
    const long = "The quick brown fox jumps over the lazy dog. ".repeat(200);
    expect(countTokens(long)).toBeGreaterThan(1800);
    expect(countTokens(long)).toBeLessThan(2200);
  });

  it("approximates within 35% on prose and non-English text", () => {
    for (const t of [
      "Formed in November 1990 by the equal merger of Sky Television and British Satellite Broadcasting, BSkyB became the UK's largest digital subscription television company.",
      "Der schnelle braune Fuchs springt über den faulen Hund und läuft weiter in den Wald.",
    ]) {
      const exact = countTokens(t);
      expect(Math.abs(approxTokens(t) - exact) / exact).toBeLessThan(0.35);
    }
  });
});
