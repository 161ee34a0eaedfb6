import { describe, expect, it } from "vitest";
import { openTemplateIndex } from "./ann-index";
import { applyHubness, estimateHubness, HUB_OCCURRENCE_WEIGHT } from "./hubness";
import { rankTemplates } from "./match";
import { DEFAULT_SETTINGS } from "./defaults";
import type { Document, EngineTemplate } from "./types";

const tpl = (id: string, text: string, description: string, type: EngineTemplate["variables"][number]["type"]): EngineTemplate => ({
  id,
  version: 1,
  text,
  variables: [{ description, type }],
  compatibleDocumentDescription: "",
});

// A generic template whose words ("known", "history") every document uses, and specific ones that fit one document each.
const templates = [
  tpl("generic", "what is <fi>a city</fi> known for in history", "a city", "place"),
  tpl("river", "which river flows through <fi>a city</fi>", "a city", "place"),
  tpl("founded", "when was <fi>a city</fi> founded by the romans", "a city", "place"),
  tpl("bridge", "how long is the bridge of <fi>a city</fi>", "a city", "place"),
];
const docs: Document[] = [
  { id: "a", text: "Paris is a city known in history for its art. The river Seine flows through Paris and past the Louvre." },
  { id: "b", text: "London is a city known in history for its trade. The Romans founded London around the year 47." },
  { id: "c", text: "Sydney is a city known in history for its harbour. The Harbour Bridge of Sydney is 1,149 metres long." },
  { id: "d", text: "Cairo is a city known in history for its mosques, near the pyramids of Giza." },
];

describe("hubness", () => {
  it("is highest for the template that fits every document, and the penalty ranks the specific one first", async () => {
    const index = await openTemplateIndex({ templates: templates.map((t) => ({ ...t })), encoder: "lexical" });
    const hub = await estimateHubness(index, docs, DEFAULT_SETTINGS.match, 2);
    for (const id of ["river", "founded", "bridge"]) expect(hub.get("generic")!).toBeGreaterThan(hub.get(id) ?? 0);

    const first = async (penalty: number) => (await rankTemplates(index, docs[1], 4, { ...DEFAULT_SETTINGS.match, hubPenalty: penalty }))[0].templateId;
    const before = await first(0);
    applyHubness(index, hub);
    expect(index.templates.every((t) => typeof t.hubness === "number")).toBe(true);
    // Without the penalty the hub wins London's list; with it, the template about London's founding does.
    expect(before).toBe("generic");
    expect(await first(2)).toBe("founded");
    expect(await first(0)).toBe("generic");
  });

  it("counts missing neighbours as 0 and gives an empty sample no estimate", async () => {
    const index = await openTemplateIndex({ templates: templates.map((t) => ({ ...t })), encoder: "lexical" });
    expect((await estimateHubness(index, [], DEFAULT_SETTINGS.match)).size).toBe(0);
    const one = await estimateHubness(index, docs.slice(0, 1), DEFAULT_SETTINGS.match, 10);
    // One document, ten neighbours: a tenth of that document's score at most, plus the occurrence share (1 or 0).
    for (const v of one.values()) expect(v % HUB_OCCURRENCE_WEIGHT).toBeLessThanOrEqual(0.1);
  });

  it("adds how often a template is among a document's six best: the generic one in all four, others in fewer", async () => {
    const more = [
      ...templates,
      tpl("art", "which art museum is in <fi>a city</fi>", "a city", "place"),
      tpl("trade", "what did <fi>a city</fi> trade in", "a city", "place"),
      tpl("harbour", "how deep is the harbour of <fi>a city</fi>", "a city", "place"),
      tpl("pyramids", "how far are the pyramids from <fi>a city</fi>", "a city", "place"),
    ];
    const index = await openTemplateIndex({ templates: more.map((t) => ({ ...t })), encoder: "lexical" });
    const hub = await estimateHubness(index, docs, DEFAULT_SETTINGS.match, 10);
    const share = new Map<string, number>();
    for (const d of docs)
      for (const r of await rankTemplates(index, d, 6, { ...DEFAULT_SETTINGS.match, hubPenalty: 0, supportPrior: 0 })) share.set(r.templateId, (share.get(r.templateId) ?? 0) + 1 / docs.length);
    expect(share.get("generic")).toBe(1);
    expect(Math.min(...more.map((t) => share.get(t.id) ?? 0))).toBeLessThan(1);
    for (const t of more) {
      // What is left is the mean of the ten best scores of four documents: under 0.4.
      const rest = (hub.get(t.id) ?? 0) - HUB_OCCURRENCE_WEIGHT * (share.get(t.id) ?? 0);
      expect(rest).toBeGreaterThanOrEqual(-1e-9);
      expect(rest).toBeLessThan(0.4);
    }
  });
});
