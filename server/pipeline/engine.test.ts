import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "./defaults";
import { createEngine, engineId, settingsHash } from "./engine";
import { genericize } from "./genericize";
import type { ModelBackendSettings } from "./model/backend";
import { freePort } from "../db/free-port";
import { startTestDouble, type TestDouble } from "./model/test-double";
import type { Document, EngineSettings, EngineTemplate } from "./types";

const queries = [
  "when was the eiffel tower built",
  "how long is the danube river",
  "who wrote the novel war and peace",
  "what is the population of kenya",
  "when did world war ii end",
  "who founded the company microsoft",
  "where is mount kilimanjaro located",
  "how many people live in nairobi",
];
const templates: EngineTemplate[] = queries.flatMap((q, i) => {
  const g = genericize(q);
  return g.ok ? [{ id: `t${i}`, version: 1, text: g.template, variables: g.variables, compatibleDocumentDescription: g.compatibleDocumentDescription }] : [];
});
const docs: Document[] = [
  { id: "a", text: "The Eiffel Tower is a wrought-iron tower in Paris, France. It was built from 1887 to 1889 by the company of Gustave Eiffel. The tower is 330 metres tall." },
  { id: "b", text: "The Danube is the second-longest river in Europe. It is 2,850 km long. The river flows through Vienna, Budapest and Belgrade into the Black Sea." },
  { id: "c", text: "Kenya is a country in East Africa with a population of about 47.6 million people. Nairobi, the capital, has 4.4 million people. Mount Kilimanjaro is located near the border." },
  { id: "d", text: "War and Peace is a novel by the Russian author Leo Tolstoy, first published in 1869. World War II ended in 1945 in Europe." },
  { id: "empty", text: "" },
  { id: "long", text: "Microsoft was founded by Bill Gates and Paul Allen in 1975 in Albuquerque. ".repeat(3000) },
  { id: "nobreaks", text: "paris france tower iron built eighteen eighty nine gustave eiffel company tall metres ".repeat(30) },
];
const settings: EngineSettings = { ...DEFAULT_SETTINGS, match: { ...DEFAULT_SETTINGS.match, threshold: 0.01 } };

async function run(batches: Document[][]) {
  const engine = await createEngine({ templates, settings });
  const usage = new Map<string, number>();
  const budget = { carry: 0 };
  const rows = [];
  let documents = 0;
  for (const b of batches) {
    const r = await engine.processBatch(b, usage, budget);
    rows.push(...r.rows);
    documents += r.counters.documents;
  }
  return { rows, documents, usage, budget };
}

describe("engine", () => {
  it("gives the same rows however the documents are split into batches", async () => {
    const whole = await run([docs]);
    const split = await run([docs.slice(0, 1), docs.slice(1, 4), docs.slice(4)]);
    expect(whole.documents).toBe(docs.length);
    expect(whole.rows.length).toBeGreaterThan(0);
    expect(split.rows).toEqual(whole.rows);
    expect(split.budget).toEqual(whole.budget);
    expect([...split.usage]).toEqual([...whole.usage]);
  });

  it("changes with the seed and carries its provenance", async () => {
    const engine = await createEngine({ templates, settings });
    const r = await engine.processBatch(docs, new Map(), { carry: 0 });
    for (const row of r.rows) {
      expect(row.engine).toBe(engineId(settings));
      expect(row.settings_hash).toBe(settingsHash(settings));
      expect(row.view_k).toBeGreaterThanOrEqual(0);
      expect(row.synthetic_token_count).toBeGreaterThan(0);
      expect(row.text).toContain(row.instantiated_instruction);
    }
    expect(settingsHash({ ...settings, seed: 2 })).not.toBe(settingsHash(settings));
    expect(settingsHash({ ...settings, match: { ...settings.match, threshold: undefined } })).not.toBe(settingsHash(settings));
  });

  it("empty documents give no rows; counters add up", async () => {
    const engine = await createEngine({ templates, settings });
    const r = await engine.processBatch(docs, new Map(), { carry: 0 });
    expect(r.rows.filter((x) => x.warc_record_id === "empty")).toEqual([]);
    const c = r.counters;
    expect(c.documents).toBe(docs.length);
    expect(c.instantiated).toBeLessThanOrEqual(c.matched);
    expect(c.kept).toBeLessThanOrEqual(c.judged);
    expect(c.assembled).toBe(r.rows.length);
    const rejectedByInstantiate = Object.entries(c.rejections).filter(([k]) => k.startsWith("instantiate:")).reduce((a, [, v]) => a + v, 0);
    expect(c.instantiated + rejectedByInstantiate).toBe(c.matched);
    expect(Object.values(r.timingsMs).every((ms) => ms >= 0)).toBe(true);
  });
});

describe("engine with a model server (OpenAI protocol over loopback)", () => {
  let d: TestDouble;
  let model: ModelBackendSettings;
  beforeAll(async () => {
    d = await startTestDouble();
    model = { baseUrl: d.url, model: "fi-instantiator", timeoutMs: 5000, concurrency: 2, retryBaseMs: 10, stages: { instantiate: "", judge: "fi-judge" } };
  });
  afterAll(() => d.close());

  it("instantiates and judges on the server, and says so on every row", async () => {
    const engine = await createEngine({ templates, settings, model });
    expect(engine.id).toBe(`${engineId(settings)}+model(instantiate=fi-instantiator,judge=fi-judge)`);
    expect(engine.settingsHash).not.toBe(settingsHash(settings));
    const before = d.requests.length;
    const r = await engine.processBatch(docs.slice(0, 4), new Map(), { carry: 0 });
    const calls = d.requests.slice(before).filter((q) => q.path.endsWith("/chat/completions")).map((q) => (q.body as { model: string }).model);
    expect(calls.filter((m) => m === "fi-instantiator").length).toBe(r.counters.matched);
    expect(calls.filter((m) => m === "fi-judge").length).toBe(r.counters.instantiated);
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows) {
      expect(row.engine).toBe(engine.id);
      // The model marks excerpts; the engine expands them to text copied from the document.
      expect(row.excerpt_ratio).toBeGreaterThanOrEqual(settings.instantiate.minExcerptRatio);
      const text = docs.find((x) => x.id === row.warc_record_id)!.text;
      expect(row.answer.includes(text.slice(0, 30)) || text.split(". ").some((s) => row.answer.includes(s.slice(0, 30)))).toBe(true);
    }
  });

  it("matches with the server's embeddings when that stage is on and the encoder is dense or hybrid", async () => {
    const dense: EngineSettings = { ...settings, match: { ...settings.match, encoder: "dense", threshold: 0.05 } };
    const withEmbeddings = { ...model, stages: { embeddings: "fi-embed" } };
    const before = d.requests.length;
    const engine = await createEngine({ templates, settings: dense, model: withEmbeddings });
    expect(engine.id).toBe("builtin-0.1/dense+model(embeddings=fi-embed)");
    expect(engine.index.encoder.version).toBe("endpoint:fi-embed");
    const r = await engine.processBatch(docs.slice(0, 4), new Map(), { carry: 0 });
    const embedded = d.requests.slice(before).filter((q) => q.path.endsWith("/embeddings"));
    // The templates once, then the documents' views.
    expect(embedded.length).toBeGreaterThanOrEqual(2);
    expect(r.counters.matched).toBeGreaterThan(0);
    const hybrid = await createEngine({ templates, settings: { ...dense, match: { ...dense.match, encoder: "hybrid" } }, model: withEmbeddings });
    expect(hybrid.id).toBe("builtin-0.1/hybrid+model(embeddings=fi-embed)");
    // The lexical encoder has no dense part: the stage changes nothing and is not named.
    const lexical = await createEngine({ templates, settings, model: withEmbeddings });
    expect(lexical.id).toBe(engineId(settings));
    await expect(createEngine({ templates, settings: dense, model: { ...model, stages: { embeddings: "no-such-embedder" } } })).rejects.toThrow(/no-such-embedder/);
  });

  it("refuses to start when the server does not serve the model, naming it", async () => {
    await expect(createEngine({ templates, settings, model: { ...model, stages: { instantiate: "no-such-model" } } })).rejects.toThrow(/no-such-model/);
  });

  it("refuses to start when nothing listens at the address, naming it", async () => {
    const url = `http://127.0.0.1:${await freePort()}/v1`;
    await expect(createEngine({ templates, settings, model: { ...model, baseUrl: url, maxRetries: 0 } })).rejects.toThrow(url);
  });
});

describe("probe: one template against documents", () => {
  it("matches the template where processBatch would, and makes the same pair there", async () => {
    // One view, every pair kept: the template is written wherever it is eligible, on the view the probe reports.
    const all: EngineSettings = { ...settings, match: { ...settings.match, localViews: 0 }, judge: { threshold: 1 }, assemble: { tokenBudget: false } };
    const engine = await createEngine({ templates, settings: all });
    const id = templates[0].id; // "when was <the eiffel tower> built"
    const probes = await engine.probe(id, docs);
    expect(probes).toHaveLength(docs.length);
    const onTower = probes[0];
    expect(onTower.eligible).toBe(true);
    expect(onTower.rank).toBeGreaterThanOrEqual(1);
    const { instantiated, judge } = await engine.pair(id, docs[0], onTower.viewK);
    expect(instantiated.ok && instantiated.answer).toContain("1887");
    expect(judge?.score).toBeGreaterThanOrEqual(1);
    const written = (await engine.processBatch([docs[0]], new Map(), { carry: 0 })).rows.find((r) => r.template_id === id);
    expect(written?.view_k).toBe(onTower.viewK);
    expect(written?.instantiated_instruction).toBe(instantiated.ok && instantiated.instruction);
    expect(written?.judge_score).toBe(judge?.score);
    const empty = probes[docs.findIndex((d) => d.id === "empty")];
    expect(empty.eligible).toBe(false);
    expect((await engine.pair(id, docs[4], 0)).instantiated.ok).toBe(false);
    await expect(engine.probe("no-such-template", docs)).rejects.toThrow(/not in the engine's bank/);
    await expect(engine.pair("no-such-template", docs[0], 0)).rejects.toThrow(/not in the engine's bank/);
  });
});
