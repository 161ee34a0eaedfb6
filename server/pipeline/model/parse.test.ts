// Reading model output: the judge's Flow-Judge format and its variants, JSON in prose, template alignment.
import { describe, expect, it } from "vitest";
import { documentWindow, readInstantiation } from "./instantiate";
import { judgeResultFromOutput, parseJudgeOutput } from "./judge";
import { alignTemplate, readJson } from "./parse";
import { parseGenericizeOutput } from "./genericize";

describe("parseJudgeOutput", () => {
  it("reads the canonical Flow Judge output", () => {
    expect(parseJudgeOutput("<feedback>\nClear and complete.\n</feedback>\n<score>\n5\n</score>")).toEqual({ score: 5, feedback: "Clear and complete.", via: "score-tag" });
  });

  it("takes the last <score> tag and ignores out-of-range ones", () => {
    expect(parseJudgeOutput("<feedback>A rubric Score 5 would need more.</feedback><score>7</score> then <score>3</score>")?.score).toBe(3);
    expect(parseJudgeOutput("<feedback>x</feedback><score>0</score>")).toBeNull();
  });

  it("accepts 4/5, 4.0, bold markup and a missing closing tag inside <score>", () => {
    expect(parseJudgeOutput("<feedback>ok</feedback><score>4/5</score>")?.score).toBe(4);
    expect(parseJudgeOutput("<feedback>ok</feedback><score> 4.0 </score>")?.score).toBe(4);
    expect(parseJudgeOutput("<feedback>ok</feedback><score>3.5</score>")?.score).toBe(3); // rounded down: never passes 4 by rounding
    expect(parseJudgeOutput("<feedback>ok</feedback><score>**2**</score>")?.score).toBe(2);
    expect(parseJudgeOutput("<feedback>ok</feedback>\n<score>3")?.score).toBe(3);
  });

  it("falls back to 'Score: N', 'N/5' and a last line holding only the digit", () => {
    expect(parseJudgeOutput("The answer is fine.\nFinal score: 4")).toMatchObject({ score: 4, via: "score-label" });
    expect(parseJudgeOutput("I would rate this 2/5 because it is vague.")).toMatchObject({ score: 2, via: "fraction" });
    expect(parseJudgeOutput("Relevant and concise.\n5")).toMatchObject({ score: 5, via: "trailing-digit" });
  });

  it("returns null when there is no score, rather than guessing from numbers in the feedback", () => {
    expect(parseJudgeOutput("The answer mentions 1889 and 330 metres but not chapter 3.")).toBeNull();
    expect(parseJudgeOutput("")).toBeNull();
  });

  it("feedback is kept even when the closing tag is missing", () => {
    expect(parseJudgeOutput("<feedback>Too vague about dates.<score>2</score>")).toEqual({ score: 2, feedback: "Too vague about dates.", via: "score-tag" });
  });

  it("a non-tag score is flagged in the reasons", () => {
    const r = judgeResultFromOutput("Score: 4");
    expect(r.score).toBe(4);
    expect(r.reasons.map((x) => x.name)).toEqual(["model-score", "judge-format"]);
  });
});

describe("readJson", () => {
  it("reads JSON in fences, in prose, and null", () => {
    expect(readJson('```json\n{"a": 1}\n```')).toEqual({ ok: true, value: { a: 1 } });
    expect(readJson('Here you go: {"a": "x}y"} hope it helps')).toEqual({ ok: true, value: { a: "x}y" } });
    expect(readJson("null")).toEqual({ ok: true, value: null });
    expect(readJson("Null.")).toEqual({ ok: true, value: null });
  });

  it("says what is wrong otherwise", () => {
    expect(readJson('{"a": "unterminated')).toEqual({ ok: false, detail: "unterminated JSON object (output cut short?)" });
    expect(readJson("no json at all")).toMatchObject({ ok: false, detail: 'not JSON: "no json at all"' });
    expect(readJson("  ")).toEqual({ ok: false, detail: "empty output" });
  });
});

describe("alignTemplate", () => {
  it("recovers each variable's fill, case- and whitespace-tolerant", () => {
    const a = alignTemplate("Compare <fi>entity A</fi> and <fi>entity B</fi>", "compare  Python and Rust");
    expect(a?.map((x) => [x.description, x.text])).toEqual([
      ["entity A", "Python"],
      ["entity B", "Rust"],
    ]);
  });

  it("handles leading and trailing variables and trailing punctuation", () => {
    const a = alignTemplate("<fi>a city</fi> is in which country?", "Lyon is in which country?");
    expect(a?.[0]).toEqual({ description: "a city", start: 0, end: 4, text: "Lyon" });
    expect(alignTemplate("what effects does <fi>a condition</fi>", "What effects does diabetes?")?.[0].text).toBe("diabetes");
  });

  it("returns null when the text was rephrased or two variables touch", () => {
    expect(alignTemplate("how tall is <fi>a building</fi>?", "What is the height of the Shard?")).toBeNull();
    expect(alignTemplate("<fi>a</fi> <fi>b</fi>", "x y")).toBeNull();
  });
});

describe("readInstantiation", () => {
  it("reads JSON with the paper's or common key names, and the null forms", () => {
    expect(readInstantiation('{"instantiated_instruction": "Q?", "response": "A."}')).toEqual({ kind: "pair", instruction: "Q?", answer: "A." });
    expect(readInstantiation("null")).toEqual({ kind: "null" });
    expect(readInstantiation('{"instruction": null, "answer": null}')).toEqual({ kind: "null" });
    expect(readInstantiation("**Instruction:** Q?\n**Answer:** A.")).toEqual({ kind: "pair", instruction: "Q?", answer: "A." });
    expect(readInstantiation('{"instruction": "Q?"}')).toEqual({ kind: "unparseable", detail: 'JSON output lacks "answer"' });
  });
});

describe("parseGenericizeOutput", () => {
  it("requires a compatible document description", () => {
    expect(parseGenericizeOutput("q", '{"template": "what is <fi>a thing</fi>?"}')).toMatchObject({ ok: false, reason: "invalid-template", detail: expect.stringContaining("compatible_document_description") });
  });
  it("notes when the output was cut by max_tokens", () => {
    expect(parseGenericizeOutput("q", '{"template": "what is <fi>a th', "length")).toMatchObject({ ok: false, detail: expect.stringContaining("cut by max_tokens") });
  });
});

describe("documentWindow", () => {
  it("keeps short documents whole and centres long ones on the view, on word boundaries", () => {
    expect(documentWindow("short text", undefined, 100)).toEqual({ start: 0, text: "short text" });
    const text = Array.from({ length: 500 }, (_, i) => `w${i}`).join(" ");
    const w = documentWindow(text, { k: 3, start: 1000, end: 1200 }, 200);
    expect(w.text.length).toBeLessThanOrEqual(200);
    expect(text.slice(w.start, w.start + w.text.length)).toBe(w.text);
    expect(w.start).toBeGreaterThan(900);
    expect(w.start).toBeLessThan(1100);
    expect(/^w\d+/.test(w.text) && /w\d+$/.test(w.text)).toBe(true);
    expect(text[w.start - 1]).toBe(" ");
  });
});
