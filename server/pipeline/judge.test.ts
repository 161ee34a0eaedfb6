import { describe, expect, it } from "vitest";
import { judge } from "./judge";
import { instantiate } from "./instantiate";
import type { Document, EngineTemplate, InstantiateResult } from "./types";

const settings = { threshold: 4 };
const t: EngineTemplate = {
  id: "t",
  version: 1,
  text: "When did <fi>a country</fi> become independent?",
  variables: [{ description: "a country", type: "place" }],
  compatibleDocumentDescription: "",
};
const doc: Document = { id: "d", text: "Kenya is a country in East Africa. Kenya became independent from Britain in 1963. Tea is its main export." };
type Ok = Extract<InstantiateResult, { ok: true }>;
const pair = (answer: string, extra: Partial<Ok> = {}): Ok => ({
  ok: true,
  instruction: "When did Kenya become independent?",
  answer,
  fills: { "a country": "Kenya" },
  excerpts: [],
  excerptRatio: 1,
  ...extra,
});

describe("judge", () => {
  it("scores a relevant answer with the expected type high and explains why", () => {
    const r = instantiate(t, doc, { k: 0, start: 0, end: doc.text.length }, { minExcerptRatio: 0.8, maxAnswerSentences: 3 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const j = judge(t, doc, r, settings);
    expect(j.score).toBeGreaterThanOrEqual(4);
    expect(j.reasons.find((x) => x.name === "answer-type")?.value).toBe(1);
    expect(j.raw).toBeGreaterThan(0);
  });

  it("scores an off-topic answer lower than a relevant one", () => {
    const good = judge(t, doc, pair("Kenya became independent from Britain in 1963."), settings);
    const bad = judge(t, doc, pair("Tea is its main export."), settings);
    expect(bad.raw!).toBeLessThan(good.raw!);
    expect(bad.reasons.find((x) => x.name === "answer-type")?.value).toBe(0);
  });

  it("penalises repetition and boilerplate", () => {
    const base = judge(t, doc, pair("Kenya became independent from Britain in 1963."), settings);
    const rep = judge(t, doc, pair("Kenya became independent in 1963. Kenya became independent in 1963. Kenya became independent in 1963."), settings);
    const boiler = judge(t, doc, pair("Kenya became independent in 1963. Click here to subscribe to our newsletter and accept cookies."), settings);
    expect(rep.raw!).toBeLessThan(base.raw!);
    expect(boiler.raw!).toBeLessThan(base.raw!);
    expect(boiler.reasons.find((x) => x.name === "boilerplate")!.value).toBeGreaterThan(0);
  });

  it("gives a fill half credit for matching a fallback description, which anything matches", () => {
    const parts = { type: 1, description: 1, context: 0.5 };
    const specific = judge(t, doc, pair("Kenya became independent from Britain in 1963.", { fillDetails: { "a country": parts } }), settings);
    const vagueT = { ...t, text: "When did <fi>a thing or concept</fi> become independent?", variables: [{ description: "a thing or concept", type: "concept" as const }] };
    const vague = judge(vagueT, doc, pair("Kenya became independent from Britain in 1963.", { fills: { "a thing or concept": "Kenya" }, fillDetails: { "a thing or concept": parts } }), settings);
    const desc = (j: typeof specific) => j.reasons.find((x) => x.name === "fill-description")!;
    expect(desc(specific).value).toBe(1);
    expect(desc(vague).value).toBe(0.5);
    expect(desc(vague).note).toMatch(/1 of 1 only say/);
    expect(vague.raw!).toBeLessThan(specific.raw!);
  });

  it("penalises answers that are too short or cut mid-sentence", () => {
    const base = judge(t, doc, pair("Kenya became independent from Britain in 1963."), settings);
    const short = judge(t, doc, pair("in 1963"), settings);
    expect(short.raw!).toBeLessThan(base.raw!);
    expect(short.reasons.find((x) => x.name === "length")!.value).toBeLessThan(1);
  });

  it("counts it as fit when the document says it is about the kind of thing the template names", () => {
    const song: EngineTemplate = { ...t, text: "Who sang the song <fi>title of a song</fi>?", variables: [{ description: "title of a song", type: "work" }] };
    const about = (text: string) => judge(song, { id: "s", text }, { ...pair("Al Stewart sang it."), instruction: "Who sang the song Year of the Cat?", fills: { "title of a song": "Year of the Cat" } }, settings);
    const fit = about("Year of the Cat is a song by Scottish singer-songwriter Al Stewart, released in July 1976.");
    const unfit = about("Year of the Cat is a village in Scotland. Al Stewart sang it.");
    expect(fit.reasons.find((x) => x.name === "subject-fit")!.value).toBe(1);
    expect(unfit.reasons.find((x) => x.name === "subject-fit")!.value).toBe(0);
  });
});
