import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openTemplateIndex, templateSetHash, templateSideText } from "./ann-index";
import type { EngineTemplate } from "./types";

function tpl(id: string, text: string, desc: string, types: EngineTemplate["variables"][number]["type"][] = []): EngineTemplate {
  const descriptions = [...text.matchAll(/<fi>(.*?)<\/fi>/g)].map((m) => m[1]);
  return { id, version: 1, text, variables: [...new Set(descriptions)].map((d, i) => ({ description: d, type: types[i] ?? "concept" })), compatibleDocumentDescription: desc };
}

const templates = [
  tpl("med", "what are the symptoms of <fi>a disease</fi>?", "A text about a disease, its symptoms and treatment."),
  tpl("sport", "when did <fi>a team</fi> win the <fi>a championship</fi>?", "A text about a team winning a championship.", ["organization", "event"]),
  tpl("code", "how to install <fi>a library</fi> with pip", "Documentation on installing a python library with pip.", ["code"]),
];
const dir = mkdtempSync(path.join(tmpdir(), "fi-index-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("template index", () => {
  it("builds on a miss, loads on a hit, and gives the same results", async () => {
    const a = await openTemplateIndex({ templates, encoder: "lexical", cacheDir: dir });
    const b = await openTemplateIndex({ templates, encoder: "lexical", cacheDir: dir });
    expect(a.fromCache).toBe(false);
    expect(b.fromCache).toBe(true);
    expect(b.cacheKey).toBe(a.cacheKey);
    const text = "The symptoms of influenza include fever; treatment is rest.";
    const views = [{ k: 0, start: 0, end: text.length }];
    const [[va]] = await a.encodeViews([{ text, views }], { localViews: 5, sigma: 0.05 });
    const [[vb]] = await b.encodeViews([{ text, views }], { localViews: 5, sigma: 0.05 });
    expect(a.search(va, 3)).toEqual(b.search(vb, 3));
    expect(a.templates[a.search(va, 1)[0].t].id).toBe("med");
  });

  it("a changed template set or another encoder is a different cache entry, all inside the cache dir", async () => {
    const changed = [...templates.slice(0, 2), { ...templates[2], version: 2 }];
    expect(templateSetHash(changed)).not.toBe(templateSetHash(templates));
    const c = await openTemplateIndex({ templates: changed, encoder: "lexical", cacheDir: dir });
    expect(c.fromCache).toBe(false);
    const d = await openTemplateIndex({ templates, encoder: "dense", cacheDir: dir });
    expect(d.fromCache).toBe(false);
    const e = await openTemplateIndex({ templates, encoder: "dense", cacheDir: dir });
    expect(e.fromCache).toBe(true);
    const text = "How do I install numpy with pip?";
    const [[v]] = await e.encodeViews([{ text, views: [{ k: 0, start: 0, end: text.length }] }], { localViews: 5, sigma: 0.05 });
    expect(e.templates[e.search(v, 1)[0].t].id).toBe("code");
    expect(readdirSync(dir).filter((f) => !f.includes(".tmp-")).length).toBe(3);
  });

  it("the lexical side text counts a template's own words once more than its descriptions", () => {
    const t = tpl("w", "who wrote <fi>title of a song</fi>?", "A text about writing.", ["work"]);
    expect(templateSideText(t)).toBe("A text about writing.\nwho wrote title of a song?");
    const twice = templateSideText(t, true);
    expect(twice.match(/wrote/g)).toHaveLength(2);
    expect(twice.match(/song/g)).toHaveLength(1);
  });

  it("an empty bank searches to nothing", async () => {
    const idx = await openTemplateIndex({ templates: [], encoder: "lexical" });
    const [[v]] = await idx.encodeViews([{ text: "anything", views: [{ k: 0, start: 0, end: 8 }] }], { localViews: 5, sigma: 0.05 });
    expect(idx.search(v, 5)).toEqual([]);
  });
});
