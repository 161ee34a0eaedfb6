import { describe, expect, it } from "vitest";
import { assembleDocument, formatPair, type AssembleContext, type PairCandidate } from "./assemble";
import { countTokens } from "./tokens";

const ctx: AssembleContext = { seed: 7, settings: { tokenBudget: true }, judgeThreshold: 4, engine: "builtin-test", settingsHash: "h" };
const mk = (i: number, score: 1 | 2 | 3 | 4 | 5 = 5): PairCandidate => ({
  templateId: `t${i}`,
  templateVersion: 1,
  viewK: i % 6,
  matchScore: 0.5,
  instruction: `Question number ${i} about the text?`,
  answer: `Answer number ${i} copied from the text.`,
  judge: { score, reasons: [] },
  excerptRatio: 1,
  excerpts: [{ start: 10, end: 20 }],
  variableCount: 1,
});

describe("assemble", () => {
  it("keeps pairs within the document's tokens and carries the rest over", () => {
    const pairTokens = countTokens(formatPair(mk(0).instruction, mk(0).answer));
    const state = { carry: 0 };
    const doc = { id: "d1", text: "x".repeat(100) };
    const rows = assembleDocument(doc, pairTokens * 2 + 1, [0, 1, 2, 3, 4, 5].map((i) => mk(i)), state, ctx);
    expect(rows).toHaveLength(2);
    expect(rows.reduce((s, r) => s + r.synthetic_token_count, 0)).toBeLessThanOrEqual(pairTokens * 2 + 1);
    expect(state.carry).toBe(1);
    // The next document gets the carried budget.
    const rows2 = assembleDocument({ id: "d2", text: "y" }, pairTokens * 3 - 1, [0, 1, 2, 3].map((i) => mk(i)), state, ctx);
    expect(rows2).toHaveLength(3);
  });

  it("drops pairs below the judge threshold and fills provenance", () => {
    const rows = assembleDocument({ id: "d", text: "z".repeat(200) }, 10_000, [mk(1, 5), mk(2, 3)], { carry: 0 }, ctx);
    expect(rows.map((r) => r.template_id)).toEqual(["t1"]);
    const r = rows[0];
    expect(r.text).toBe(`Instruction: ${r.instantiated_instruction}\n\nAnswer: ${r.answer}`);
    expect(r.synthetic_token_count).toBe(countTokens(r.text));
    expect(r.answer_start).toBeCloseTo(10 / 200, 5);
    expect(r.warc_record_id).toBe("d");
    expect(JSON.parse(r.judge_reasons)).toEqual([]);
  });

  it("orders pairs reproducibly by seed and document", () => {
    const pairs = Array.from({ length: 12 }, (_, i) => mk(i));
    const tokens = countTokens(formatPair(pairs[0].instruction, pairs[0].answer));
    const run = (seed: number) => assembleDocument({ id: "d", text: "" }, tokens * 4, pairs, { carry: 0 }, { ...ctx, seed }).map((r) => r.template_id);
    expect(run(1)).toEqual(run(1));
    const seeds = [1, 2, 3, 4, 5].map(run).map((x) => x.join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it("keeps everything when the budget is off", () => {
    const rows = assembleDocument({ id: "d", text: "" }, 0, [mk(1), mk(2)], { carry: 0 }, { ...ctx, settings: { tokenBudget: false } });
    expect(rows).toHaveLength(2);
  });
});
