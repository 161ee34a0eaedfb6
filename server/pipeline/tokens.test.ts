import { readFileSync } from "node:fs";
import llama3Tokenizer from "llama3-tokenizer-js";
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

  it("counts piece by piece exactly as the library counts the whole text", () => {
    const library = (t: string) => llama3Tokenizer.encode(t, { bos: false, eos: false }).length;
    const lines = (f: string) => readFileSync(new URL(`../../prisma/sample/${f}`, import.meta.url), "utf8").split("\n").filter(Boolean);
    const texts = [
      ...lines("documents.jsonl").slice(0, 400).map((l) => (JSON.parse(l) as { text: string }).text),
      ...lines("queries.jsonl").slice(0, 400).map((l) => (JSON.parse(l) as { text: string }).text),
      "I'M sure they'LL say don't, won't and it's.  Trailing   \n\n\tTabs\r\nand 1234567 numbers 3.14159",
      "日本語のテキストと emoji 🎉🎉 and Ünïcödé — dashes – and “quotes”",
      "a <|eot_id|> special token and <|begin_of_text|> again",
      "   leading spaces",
      "\n",
    ];
    for (const t of texts) expect(countTokens(t), t.slice(0, 60)).toBe(library(t));
    // Counted twice: the second time from the piece cache.
    for (const t of texts.slice(0, 50)) expect(countTokens(t)).toBe(library(t));
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
