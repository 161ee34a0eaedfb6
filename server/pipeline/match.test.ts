import { describe, expect, it } from "vitest";
import { openTemplateIndex } from "./ann-index";
import {
  complexityBucket,
  complexityWeights,
  encodeDocuments,
  isCompatible,
  matchDocument,
  probeTemplate,
  rankTemplates,
  type MatchInput,
} from "./match";
import { descriptionCategories, subjectCategories } from "./subject";
import { DEFAULT_SETTINGS, SUPPORT_PRIOR } from "./defaults";
import { makeRng } from "./rng";
import { detectSpans } from "./spans";
import type { Document, EngineTemplate, MatchSettings, VariableType } from "./types";

function tpl(id: string, text: string, desc: string, types: VariableType[] = []): EngineTemplate {
  const descriptions = [...new Set([...text.matchAll(/<fi>(.*?)<\/fi>/g)].map((m) => m[1]))];
  return { id, version: 1, text, variables: descriptions.map((d, i) => ({ description: d, type: types[i] ?? "concept" })), compatibleDocumentDescription: desc };
}

const bank: EngineTemplate[] = [
  tpl("river-1", "how long is <fi>a river</fi>?", "A text about a river, its length and course.", ["place"]),
  tpl("river-2", "where does <fi>a river</fi> flow into <fi>a sea</fi>?", "A text about a river and the sea it flows into.", ["place", "place"]),
  tpl("river-3", "when was <fi>a river</fi> dam on the river built in <fi>a year</fi>?", "A text about a river dam built in a year.", ["place", "year"]),
  tpl("river-4", "which fish live in <fi>a river</fi> and <fi>a lake</fi> and <fi>a sea</fi>?", "A text about river fish in lakes and seas.", ["place", "place", "place"]),
  tpl("river-5", "who wrote about <fi>a river</fi>?", "A text about a river and a writer.", ["person"]),
  tpl("code-1", "how to install <fi>a library</fi> with pip?", "Documentation on installing a python library.", ["code"]),
];
const doc: Document = {
  id: "d1",
  text: "The Danube is a river in Europe. The river flows into the Black Sea. The river is 2,850 km long and many fish live in the river, the lakes and the sea along its course. A dam on the river was built in 1972.",
};
const settings: MatchSettings = { ...DEFAULT_SETTINGS.match, threshold: 0.001, topN: 6, usageCap: 10, complexityTarget: [0.25, 0.25, 0.25, 0.25] };

async function input(over: Partial<MatchInput> = {}, s: Partial<MatchSettings> = {}): Promise<MatchInput> {
  const index = await openTemplateIndex({ templates: bank, encoder: "lexical" });
  const st = { ...settings, ...s };
  const [enc] = await encodeDocuments(index, [doc], st);
  return { index, ...enc, spans: detectSpans(doc.text), settings: st, usage: new Map(), rng: makeRng(7), weights: complexityWeights(index, st.complexityTarget), ...over };
}

describe("compatibility", () => {
  it("needs a filler of a fitting type for every variable; concepts always fit", () => {
    expect(isCompatible(["year"], new Set<VariableType>(["date"]))).toBe(true);
    expect(isCompatible(["person", "year"], new Set<VariableType>(["year"]))).toBe(false);
    expect(isCompatible(["concept"], new Set<VariableType>())).toBe(true);
  });

  it("drops templates whose variable types the view cannot fill", async () => {
    const r = matchDocument(await input());
    const ids = r.matches.map((m) => m.templateId);
    expect(ids).not.toContain("river-5"); // no person in the document
    expect(r.dropped.incompatible).toBeGreaterThan(0);
  });
});

describe("matchDocument", () => {
  it("records view and score for each match, at most topN, no template twice", async () => {
    const r = matchDocument(await input({}, { topN: 3 }));
    expect(r.matches.length).toBe(3);
    expect(new Set(r.matches.map((m) => m.templateId)).size).toBe(3);
    for (const m of r.matches) {
      expect(m.viewK).toBeGreaterThanOrEqual(0);
      expect(m.viewK).toBeLessThanOrEqual(5);
      expect(m.score).toBeGreaterThanOrEqual(0.001);
    }
  });

  it("a threshold above every score drops all candidates as below-threshold", async () => {
    const r = matchDocument(await input({}, { threshold: 0.999 }));
    expect(r.matches).toEqual([]);
    expect(r.dropped["below-threshold"]).toBe(r.candidates);
  });

  it("respects the usage cap and counts matches into the caller's ledger", async () => {
    const usage = new Map([["river-1", 10]]);
    const r = matchDocument(await input({ usage }));
    expect(r.matches.map((m) => m.templateId)).not.toContain("river-1");
    expect(r.dropped.capped).toBeGreaterThan(0);
    for (const m of r.matches) expect(usage.get(m.templateId)).toBe(1);
  });

  it("is deterministic for a seed", async () => {
    const a = matchDocument(await input({ rng: makeRng(3) }, { topN: 2 }));
    const b = matchDocument(await input({ rng: makeRng(3) }, { topN: 2 }));
    expect(a.matches).toEqual(b.matches);
  });

  it("complexity weighting moves the picks toward the target mix", async () => {
    const count = async (target: number[]) => {
      let complex = 0;
      for (let seed = 0; seed < 200; seed++) {
        const r = matchDocument(await input({ rng: makeRng(seed) }, { topN: 1, complexityTarget: target }));
        const t = bank.find((x) => x.id === r.matches[0].templateId)!;
        if (t.variables.length >= 2) complex++;
      }
      return complex;
    };
    const simple = await count([1, 0, 0, 0]);
    const mixed = await count([0.05, 0.5, 0.45, 0]);
    expect(simple).toBe(0);
    expect(mixed).toBeGreaterThan(150);
  });

  it("weights follow target share over bank share, zero for empty buckets", async () => {
    const { index } = await input();
    const w = complexityWeights(index, [0.5, 0.3, 0.1, 0.1]);
    // bank: 3 one-variable templates (river-1, river-5, code-1), 2 two-variable, 1 three-variable, 0 four+
    expect(w[0]).toBeCloseTo(0.5 / (3 / 6));
    expect(w[3]).toBe(0);
    expect(complexityBucket(12, 4)).toBe(3);
    expect(complexityBucket(0, 4)).toBe(0);
  });
});

describe("rankTemplates", () => {
  it("ranks by score with the best view of each template", async () => {
    const index = await openTemplateIndex({ templates: bank, encoder: "lexical" });
    const r = await rankTemplates(index, { id: "q", text: "How to install numpy with pip: run pip install numpy." }, 3);
    expect(r[0].templateId).toBe("code-1");
    for (let i = 1; i < r.length; i++) expect(r[i - 1].score).toBeGreaterThanOrEqual(r[i].score);
  });

  it("favours the template more source queries stand for by supportPrior × ln(support); 0 turns it off", async () => {
    // Two wordings of one question: the same score on any document but for their support.
    const twins = [{ ...bank[0], id: "asked-once" }, { ...bank[0], id: "asked-often", support: 20 }];
    const index = await openTemplateIndex({ templates: twins, encoder: "lexical" });
    const scores = async (supportPrior?: number) =>
      Object.fromEntries((await rankTemplates(index, doc, 2, { ...DEFAULT_SETTINGS.match, supportPrior })).map((r) => [r.templateId, r.score]));
    const on = await scores();
    expect(on["asked-often"] - on["asked-once"]).toBeCloseTo(SUPPORT_PRIOR * Math.log(20), 5);
    const off = await scores(0);
    expect(off["asked-often"]).toBeCloseTo(off["asked-once"], 5);
    // matchDocument scores its picks the same way (global view only, so both come from one view).
    const one = { ...settings, topN: 2, localViews: 0 };
    const [enc] = await encodeDocuments(index, [doc], one);
    const r = matchDocument({ ...(await input()), ...enc, index, weights: [1, 1, 1, 1], settings: one });
    const picked = Object.fromEntries(r.matches.map((m) => [m.templateId, m.score]));
    expect(picked["asked-often"] - picked["asked-once"]).toBeCloseTo(SUPPORT_PRIOR * Math.log(20), 5);
  });

  it("mixes the global view's score into each view's by globalWeight", async () => {
    const index = await openTemplateIndex({ templates: bank, encoder: "lexical" });
    // A long text about a river with a word on installing a library in its middle: code-1 fits the middle view far
    // better than the whole.
    const river = `${doc.text} `.repeat(6);
    const long = { id: "l", text: `${river}To install numpy with pip, run pip install numpy. ${river}` };
    const score = async (globalWeight: number) => (await rankTemplates(index, long, 10, { ...DEFAULT_SETTINGS.match, globalWeight })).find((r) => r.templateId === "code-1")!.score;
    const [alone, whole, half] = [await score(0), await score(1), await score(0.5)];
    expect(alone).toBeGreaterThan(whole);
    expect(half).toBeCloseTo((alone + whole) / 2, 6);
  });

  it("handles empty and very long documents", async () => {
    const index = await openTemplateIndex({ templates: bank, encoder: "lexical" });
    expect(await rankTemplates(index, { id: "e", text: "" }, 3)).toEqual([]);
    const long = (doc.text + " ").repeat(2000);
    const r = await rankTemplates(index, { id: "l", text: long }, 3);
    expect(r.length).toBe(3);
  });
});

describe("subject categories", () => {
  it("reads the head of the opening 'is a' phrase and climbs its WordNet ancestors", () => {
    const film = subjectCategories("Pale Rider is a 1985 American western film produced and directed by Clint Eastwood.");
    const [movie] = descriptionCategories("title of a film or TV show");
    expect(film.has(movie)).toBe(true);
    const actor = subjectCategories("Jim Carrey is a Canadian-American actor, comedian and producer.");
    expect(actor.has(descriptionCategories("a person")[0])).toBe(true);
    expect(actor.has(movie)).toBe(false);
    expect(subjectCategories("Principal photography began on June 14, 2010, in Hawaii.").size).toBe(0);
  });
});

describe("probeTemplate", () => {
  it("agrees with matchDocument: eligible templates are exactly those it can pick, ranked by score", async () => {
    const inp = await input({}, { topN: bank.length });
    const picked = new Set(matchDocument(inp).matches.map((m) => m.templateId));
    const probes = bank.map((_, t) => ({ id: bank[t].id, ...probeTemplate({ ...inp, t }) }));
    for (const p of probes) expect(p.eligible).toBe(picked.has(p.id));
    const eligible = probes.filter((p) => p.eligible).sort((a, b) => a.rank - b.rank);
    expect(eligible.map((p) => p.rank)).toEqual(eligible.map((_, i) => i + 1));
    for (let i = 1; i < eligible.length; i++) expect(eligible[i - 1].score).toBeGreaterThanOrEqual(eligible[i].score);
    expect(eligible.every((p) => p.eligibleTemplates === eligible.length)).toBe(true);
  });

  it("says why a template is not eligible: no person to fill, or under the threshold", async () => {
    const person = probeTemplate({ ...(await input()), t: bank.findIndex((t) => t.id === "river-5") });
    expect(person).toMatchObject({ eligible: false, reason: "incompatible" });
    const high = probeTemplate({ ...(await input({}, { threshold: 0.999 })), t: 0 });
    expect(high).toMatchObject({ eligible: false, reason: "below-threshold" });
    expect(high.score).toBeGreaterThan(0);
  });
});
