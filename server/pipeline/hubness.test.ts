import { describe, expect, it } from "vitest";
import { openTemplateIndex } from "./ann-index";
import { applyHubness, estimateHubness } from "./hubness";
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
    // One document, ten neighbours: a tenth of that document's score at most.
    for (const v of one.values()) expect(v).toBeLessThanOrEqual(0.1);
  });
});
