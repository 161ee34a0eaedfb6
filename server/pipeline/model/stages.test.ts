// The model-backed stages end to end over loopback: request formats, output parsing, excerpt expansion, rejections.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { computeViews } from "../views";
import type { EngineTemplate } from "../types";
import { createModelBackend, modelBackendSettingsFromEnv, type ModelBackend } from "./backend";
import { ModelClient, ModelError } from "./client";
import { createEmbeddingsEncoder } from "./embeddings";
import { genericizeWithModel } from "./genericize";
import { instantiateWithModel } from "./instantiate";
import { judgeWithModel } from "./judge";
import { pipelineStages } from "./pipeline-stages";
import type { StageContext } from "./stage";
import { startTestDouble, type TestDouble } from "./test-double";

let d: TestDouble;
let backend: ModelBackend;
beforeAll(async () => {
  d = await startTestDouble();
  backend = createModelBackend({
    baseUrl: d.url,
    model: "fi-instantiator",
    timeoutMs: 5000,
    concurrency: 2,
    retryBaseMs: 10,
    stages: { genericize: "fi-genericizer", instantiate: "", judge: "fi-judge", embeddings: "fi-embed" },
  });
});
afterAll(async () => {
  await d.close();
});
beforeEach(() => d.resetStats());

const ctx = (model: string, extra: Partial<StageContext> = {}): StageContext => ({
  client: new ModelClient({ baseUrl: d.url, timeoutMs: 5000, retryBaseMs: 10 }),
  model,
  ...extra,
});

const settings = { minExcerptRatio: 0.8, maxAnswerSentences: 3 };

const DOC = {
  id: "doc-1",
  text:
    "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris. " +
    "It was designed by the company of Gustave Eiffel and completed in 1889 for the World's Fair. " +
    "The tower is 330 metres tall and was the tallest man-made structure in the world for 41 years. " +
    "Today it is the most visited paid monument in the world.",
};

const tpl = (text: string, id = "t1"): EngineTemplate => ({ id, version: 1, text, variables: [], compatibleDocumentDescription: "" });

describe("genericize (model)", () => {
  it("sends the bare query (paper style) and returns a validated template with variables and spans", async () => {
    const q = "What effects did the Treaty of Versailles have on Germany in 1920?";
    const r = await backend.genericize!(q);
    expect(d.requests[0].body).toMatchObject({ model: "fi-genericizer", messages: [{ role: "user", content: q }], temperature: 0 });
    if (!r.ok) throw new Error(r.detail);
    expect(r.template).toBe("What effects did the <fi>name of a specific entity</fi> have on <fi>name of a specific entity</fi> in <fi>a year</fi>?");
    expect(r.variables.map((v) => v.description)).toEqual(["name of a specific entity", "a year"]);
    expect(r.variables[1].type).toBe("year");
    expect(r.compatibleDocumentDescription).toMatch(/^A document about a specific subject \(/);
    // Spans map back onto the query.
    expect(r.spans.map((s) => q.slice(s.start, s.end))).toEqual(["Treaty of Versailles", "Germany", "1920"]);
  });

  it("adds the task's system prompt in instruct style", async () => {
    await genericizeWithModel("Who wrote the novel Dracula in 1897?", ctx("fi-genericizer", { promptStyle: "instruct" }));
    const msgs = (d.requests[0].body as { messages: { role: string; content: string }[] }).messages;
    expect(msgs.map((m) => m.role)).toEqual(["system", "user"]);
    expect(msgs[0].content).toContain("compatible_document_description");
  });

  it("rejects output that is not JSON as invalid-template, with the text in the detail", async () => {
    d.enqueue({ type: "content", text: "Sure! Here is your template: what is X?" });
    const r = await backend.genericize!("What is the capital city of Australia today?");
    expect(r).toMatchObject({ ok: false, reason: "invalid-template" });
    expect(!r.ok && r.detail).toContain("not JSON");
  });

  it("rejects a template with broken <fi> markup, naming the error", async () => {
    d.enqueue({ type: "content", text: '```json\n{"template": "how tall is <fi>a building", "compatible_document_description": "A page about buildings."}\n```' });
    const r = await backend.genericize!("How tall is the Empire State Building?");
    expect(r).toMatchObject({ ok: false, reason: "invalid-template" });
    expect(!r.ok && r.detail).toContain("unclosed-tag");
  });

  it("maps a null output and a template without variables to nothing-specific", async () => {
    d.enqueue({ type: "content", text: "null" });
    expect(await backend.genericize!("How are you doing today my friend?")).toMatchObject({ ok: false, reason: "nothing-specific" });
    const r = await backend.genericize!("how do you make a good cup of tea at home?"); // the double finds nothing to replace
    expect(r).toMatchObject({ ok: false, reason: "nothing-specific" });
  });

  it("screens queries before calling the model, like the built-in engine", async () => {
    const r = await backend.genericize!("hi");
    expect(r).toMatchObject({ ok: false, reason: "too-short" });
    expect(d.requests).toHaveLength(0);
  });
});

describe("instantiate (model)", () => {
  it("sends the paper's JSON input and expands excerpt markers to exact document spans", async () => {
    const t = tpl("When was <fi>name of a landmark</fi> completed?");
    const view = computeViews(DOC.text.length, 5, 0.05)[2];
    const r = await backend.instantiate!(t, DOC, view, settings);
    const sent = (d.requests[0].body as { model: string; messages: { content: string }[] });
    expect(sent.model).toBe("fi-instantiator"); // "" in stages → the default model
    expect(JSON.parse(sent.messages[0].content)).toEqual({ instruction_template: t.text, document: DOC.text });
    if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
    expect(r.instruction).toBe("When was Eiffel Tower completed?");
    expect(r.fills).toEqual({ "name of a landmark": "Eiffel Tower" });
    expect(r.answer).not.toContain("<excerpt>");
    expect(r.answer).toContain("completed in 1889 for the World's Fair.");
    expect(r.excerpts).toHaveLength(1);
    const e = r.excerpts[0];
    expect(r.answer.endsWith(DOC.text.slice(e.start, e.end))).toBe(true);
    expect(DOC.text.slice(e.start, e.end)).toMatch(/^The Eiffel Tower is .* for the World's Fair\.$/);
    expect(r.excerptRatio).toBeGreaterThanOrEqual(0.8);
    expect(r.excerptRatio).toBeLessThan(1); // the two-word lead-in is not copied
  });

  it("returns a null instantiation as a rejection with a reason", async () => {
    // The document has no capitalised name after the first word… and no year: nothing fits "a year".
    const r = await backend.instantiate!(tpl("What happened in <fi>a year</fi>?"), { id: "d2", text: "cats sleep a lot. they also purr when happy." }, undefined, settings);
    expect(r).toEqual({ ok: false, reason: "incompatible", detail: "the model returned null: the template does not fit this document" });
  });

  it("rejects an excerpt that matches two spans (ambiguous)", async () => {
    const para = "Marie Curie won the Nobel Prize in Physics in 1903. She shared it with Pierre Curie and Henri Becquerel. ";
    const doc = { id: "d3", text: para + "She was born in Warsaw. " + para + "She died in 1934." };
    // The double writes a start<...>end marker for the two sentences from "Marie Curie", a passage that occurs twice.
    const r = await backend.instantiate!(tpl("What prize did <fi>name of a scientist</fi> win?"), doc, undefined, settings);
    expect(r).toMatchObject({ ok: false, reason: "excerpt-ambiguous" });
  });

  it("rejects an excerpt that is not in the document", async () => {
    d.enqueue({ type: "content", text: JSON.stringify({ instruction: "When was the Eiffel Tower built?", answer: "<excerpt>It was built<...>by aliens.</excerpt>" }) });
    const r = await backend.instantiate!(tpl("When was <fi>a landmark</fi> built?"), DOC, undefined, settings);
    expect(r).toMatchObject({ ok: false, reason: "excerpt-not-found" });
  });

  it("rejects an answer that is mostly not copied (below the minimum excerpt ratio)", async () => {
    d.enqueue({
      type: "content",
      text: JSON.stringify({
        instruction: "How tall is the Eiffel Tower?",
        answer: "Well, as far as anyone can remember, and according to most sources I have read over the years: <excerpt>The tower is 330 metres tall</excerpt>",
      }),
    });
    const r = await backend.instantiate!(tpl("How tall is <fi>a landmark</fi>?"), DOC, undefined, settings);
    expect(r).toMatchObject({ ok: false, reason: "low-excerpt-ratio" });
    expect(!r.ok && r.detail).toMatch(/^\d+% of the answer is copied from the document \(minimum 80%\)$/);
  });

  it("counts whole sentences copied without markers, and accepts the labelled text format", async () => {
    d.enqueue({
      type: "content",
      text: "Instruction: How tall is the Eiffel Tower?\n\nAnswer: The tower is 330 metres tall and was the tallest man-made structure in the world for 41 years.",
    });
    const r = await backend.instantiate!(tpl("How tall is <fi>a landmark</fi>?"), DOC, undefined, settings);
    if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
    expect(r.excerptRatio).toBe(1);
    expect(DOC.text.slice(r.excerpts[0].start, r.excerpts[0].end)).toBe(r.answer);
    expect(r.fills).toEqual({ "a landmark": "the Eiffel Tower" });
  });

  it("rejects output cut by max_tokens as truncated", async () => {
    d.enqueue({ type: "content", text: '{"instruction": "When was', finishReason: "length" });
    expect(await backend.instantiate!(tpl("When was <fi>a landmark</fi> built?"), DOC, undefined, settings)).toMatchObject({ ok: false, reason: "truncated" });
  });

  it("rejects an instruction with unfilled <fi> tags", async () => {
    d.enqueue({ type: "content", text: JSON.stringify({ instruction: "When was <fi>a landmark</fi> built?", answer: "<excerpt>completed in 1889</excerpt>" }) });
    expect(await backend.instantiate!(tpl("When was <fi>a landmark</fi> built?"), DOC, undefined, settings)).toMatchObject({ ok: false, reason: "unfilled-variable" });
  });

  it("cuts long documents to a window around the view and maps excerpts back to document offsets", async () => {
    const filler = "lorem ipsum dolor sit amet consectetur. ".repeat(300); // 12 000 characters without names
    const text = filler + DOC.text + " " + filler;
    const doc = { id: "long", text };
    const centre = filler.length + 100;
    const view = { k: 3, start: centre - 500, end: centre + 500 };
    const r = await instantiateWithModel(tpl("When was <fi>a landmark</fi> completed?"), doc, view, settings, ctx("fi-instantiator"), { maxDocumentChars: 3000 });
    const sentDoc = JSON.parse((d.requests[0].body as { messages: { content: string }[] }).messages[0].content).document as string;
    expect(sentDoc.length).toBeLessThanOrEqual(3000);
    expect(sentDoc).toContain("Eiffel Tower");
    if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
    const e = r.excerpts[0];
    expect(e.start).toBeGreaterThan(filler.length - 1);
    expect(text.slice(e.start, e.end)).toMatch(/^The Eiffel Tower is/);
  });

  it("propagates transport failures as ModelError (a run retries the shard; it is not a rejection)", async () => {
    for (let i = 0; i < 4; i++) d.enqueue({ type: "status", status: 500, path: "/chat/completions" });
    await expect(backend.instantiate!(tpl("When was <fi>a landmark</fi> built?"), DOC, undefined, settings)).rejects.toBeInstanceOf(ModelError);
  });

  it("rejects a document too long for the server's context instead of failing the run", async () => {
    const small = await startTestDouble({ maxPromptChars: 200 });
    try {
      const r = await instantiateWithModel(tpl("When was <fi>a landmark</fi> completed?"), DOC, undefined, settings, { client: new ModelClient({ baseUrl: small.url }), model: "fi-instantiator" });
      expect(r).toMatchObject({ ok: false, reason: "context-overflow" });
      expect(!r.ok && r.detail).toContain(`HTTP 400 from ${small.url}/chat/completions: This model's maximum context length is 50 tokens`);
      expect(small.requests).toHaveLength(1); // a 400 is not retried
      // Other 400s still throw: they are about the request or the server, not this document.
      small.enqueue({ type: "status", status: 400, message: "temperature must be non-negative" });
      await expect(
        instantiateWithModel(tpl("When was <fi>a landmark</fi> completed?"), DOC, undefined, settings, { client: new ModelClient({ baseUrl: small.url }), model: "fi-instantiator" }),
      ).rejects.toThrow(/HTTP 400 .*temperature must be non-negative/);
    } finally {
      await small.close();
    }
  });

  it("works over /v1/completions too", async () => {
    const r = await instantiateWithModel(tpl("When was <fi>name of a landmark</fi> completed?"), DOC, undefined, settings, ctx("fi-instantiator", { api: "completions" }));
    expect(d.requests[0].path).toBe("/v1/completions");
    expect(r.ok).toBe(true);
  });
});

describe("judge (model)", () => {
  const t = tpl("How tall is <fi>a landmark</fi>?");
  it("scores a relevant answer high and keeps the feedback as the reason", async () => {
    const r = await backend.judge!(t, DOC, { instruction: "How tall is the Eiffel Tower in Paris?", answer: "The Eiffel Tower in Paris is 330 metres tall." });
    const prompt = (d.requests[0].body as { messages: { content: string }[] }).messages[0].content;
    expect(prompt).toContain("<scoring_rubric>");
    expect(prompt).toContain("- Score 1: The response is irrelevant to the instruction or off-topic.");
    expect(prompt).not.toContain("<source_document>"); // the document is not sent by default
    expect(r.score).toBeGreaterThanOrEqual(4);
    expect(r.raw).toBe((r.score - 1) / 4);
    expect(r.reasons[0]).toMatchObject({ name: "model-score", value: r.score });
    expect(r.reasons[0].note).toMatch(/addresses the instruction/);
  });

  it("scores an off-topic answer low", async () => {
    const r = await backend.judge!(t, DOC, { instruction: "How tall is the Eiffel Tower in Paris?", answer: "Bananas are rich in potassium and grow in tropical climates." });
    expect(r.score).toBeLessThanOrEqual(2);
  });

  it("sends the document when asked to", async () => {
    await judgeWithModel({ instruction: "How tall?", answer: "330 metres", document: DOC.text }, ctx("fi-judge"), { includeDocument: true });
    expect((d.requests[0].body as { messages: { content: string }[] }).messages[0].content).toContain(`<source_document>\n${DOC.text}`);
  });

  it("a pair too long for the judge's context scores 1 with the server's message", async () => {
    const small = await startTestDouble({ maxPromptChars: 400 });
    try {
      const r = await judgeWithModel({ instruction: "How tall?", answer: "330 metres" }, { client: new ModelClient({ baseUrl: small.url }), model: "fi-judge" });
      expect(r.score).toBe(1);
      expect(r.reasons[0].name).toBe("judge-context-overflow");
      expect(r.reasons[0].note).toContain("maximum context length is 100 tokens");
    } finally {
      await small.close();
    }
  });

  it("an unparseable judge output scores 1 with an explicit reason", async () => {
    d.enqueue({ type: "content", text: "I cannot evaluate this." });
    const r = await backend.judge!(t, DOC, { instruction: "How tall is it?", answer: "330 metres" });
    expect(r.score).toBe(1);
    expect(r.reasons[0].name).toBe("judge-unparseable");
    expect(r.reasons[0].note).toContain("I cannot evaluate this.");
  });
});

describe("embeddings encoder", () => {
  it("batches requests, keeps order, returns unit vectors and learns the dimensions", async () => {
    const enc = await createEmbeddingsEncoder(new ModelClient({ baseUrl: d.url, retryBaseMs: 10 }), "fi-embed", { batchSize: 4 });
    expect(enc.dims).toBe(64);
    d.resetStats();
    const texts = Array.from({ length: 10 }, (_, i) => `document number ${i} about topic ${i % 3}`);
    const v = await enc.encodeTemplates(texts);
    expect(d.requests.filter((r) => r.path === "/v1/embeddings")).toHaveLength(3); // 4 + 4 + 2
    expect(v).toHaveLength(10);
    for (const x of v) expect(Math.hypot(...x.dense!)).toBeCloseTo(1, 5);
    const again = await enc.encodeTemplates([texts[7]]);
    expect(Array.from(again[0].dense!)).toEqual(Array.from(v[7].dense!));
  });

  it("encodes every view of several documents, similar texts closer than unrelated ones", async () => {
    const enc = await backend.encoder!();
    const text = "solar panels convert sunlight into electricity. ".repeat(20) + "the recipe needs flour sugar and butter. ".repeat(20);
    const views = computeViews(text.length, 5, 0.05);
    const out = await enc.encodeViews([{ text, views }, { text: "short", views: [views[0]] }], { localViews: 5, sigma: 0.05 });
    expect(out.map((o) => o.length)).toEqual([6, 1]);
    const [q] = await enc.encodeTemplates(["solar panels sunlight electricity"]);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
    expect(dot(q.dense!, out[0][1].dense!)).toBeGreaterThan(dot(q.dense!, out[0][5].dense!)); // view 1 is solar, view 5 is baking
    expect(enc.name).toBe("dense");
    expect(enc.version).toBe("endpoint:fi-embed");
  });
});

describe("backend", () => {
  it("checkServer lists models and confirms each stage's model is served", async () => {
    const c = await backend.checkServer();
    expect(c.ok).toBe(true);
    expect(c.stages).toEqual([
      { stage: "genericize", baseUrl: d.url, model: "fi-genericizer", served: true },
      { stage: "instantiate", baseUrl: d.url, model: "fi-instantiator", served: true },
      { stage: "judge", baseUrl: d.url, model: "fi-judge", served: true },
      { stage: "embeddings", baseUrl: d.url, model: "fi-embed", served: true },
    ]);
    expect(c.servers).toEqual([{ baseUrl: d.url, models: c.models }]);
    expect(backend.describe()).toContain(`model:judge=fi-judge@${d.url}`);
  });

  it("checkServer names a missing model, the stage and what the server does serve", async () => {
    const b = createModelBackend({ baseUrl: d.url, model: "llama-3-70b", timeoutMs: 2000, concurrency: 1, stages: { judge: "" } });
    const c = await b.checkServer();
    expect(c.ok).toBe(false);
    expect(c.problems[0]).toBe(`model 'llama-3-70b' (stage judge) is not served by ${d.url}; it serves: 'fi-genericizer', 'fi-instantiator', 'fi-judge', 'fi-embed'`);
    await expect(b.assertServer()).rejects.toThrow(/llama-3-70b/);
    expect(b.genericize).toBeUndefined(); // stages left out stay with the built-in engine
  });

  it("routes a stage to its own server (one vLLM process per model) and checks each server", async () => {
    const judgeServer = await startTestDouble({ models: ["flow-judge"] });
    try {
      const b = createModelBackend({
        baseUrl: d.url,
        model: "fi-instantiator",
        timeoutMs: 2000,
        concurrency: 1,
        stages: { instantiate: "", judge: "flow-judge" },
        stageBaseUrls: { judge: judgeServer.url },
      });
      const c = await b.checkServer();
      expect(c.ok).toBe(true);
      expect(c.servers.map((x) => x.baseUrl)).toEqual([d.url, judgeServer.url]);
      const r = await b.judge!(tpl("x <fi>y</fi>"), DOC, { instruction: "How tall is the Eiffel Tower?", answer: "The Eiffel Tower is 330 metres tall." });
      expect(r.score).toBeGreaterThanOrEqual(4);
      expect(judgeServer.requests.map((q) => q.path)).toEqual(["/v1/models", "/v1/chat/completions"]);
      expect(d.requests.map((q) => q.path)).toEqual(["/v1/models"]);
      expect(b.describe()).toBe(`model:instantiate=fi-instantiator@${d.url} model:judge=flow-judge@${judgeServer.url}`);
    } finally {
      await judgeServer.close();
    }
  });

  it("checkServer on a dead server throws the clear unreachable error", async () => {
    const dead = await startTestDouble();
    const url = dead.url;
    await dead.close();
    const b = createModelBackend({ baseUrl: url, model: "m", timeoutMs: 2000, concurrency: 1, stages: { judge: "" } });
    await expect(b.checkServer()).rejects.toThrow(`cannot reach ${url}: ECONNREFUSED`);
  });

  it("reads its settings from FISTUDIO_MODEL_* variables", () => {
    expect(modelBackendSettingsFromEnv({})).toBeUndefined();
    const s = modelBackendSettingsFromEnv({
      FISTUDIO_MODEL_BASE_URL: "http://localhost:11434",
      FISTUDIO_MODEL: "llama3.1",
      FISTUDIO_MODEL_STAGES: "instantiate, judge",
      FISTUDIO_MODEL_JUDGE: "flow-judge",
      FISTUDIO_MODEL_EMBEDDINGS: "bge-m3",
      FISTUDIO_MODEL_CONCURRENCY: "8",
      FISTUDIO_MODEL_PROMPT_STYLE: "instruct",
      FISTUDIO_MODEL_JUDGE_BASE_URL: "http://127.0.0.1:8002",
    })!;
    expect(s.stageBaseUrls).toEqual({ judge: "http://127.0.0.1:8002" });
    expect(s).toMatchObject({ baseUrl: "http://localhost:11434", model: "llama3.1", concurrency: 8, timeoutMs: 120_000, promptStyle: "instruct", api: "chat" });
    expect(s.stages).toEqual({ instantiate: "", judge: "flow-judge", embeddings: "bge-m3" });
    const b = createModelBackend(s);
    expect(b.client.baseUrl).toBe("http://localhost:11434/v1");
    expect(b.stageModels).toEqual({ instantiate: "llama3.1", judge: "flow-judge", embeddings: "bge-m3" });
    expect(b.clientFor("judge").baseUrl).toBe("http://127.0.0.1:8002/v1");
    expect(b.clientFor("instantiate")).toBe(b.client);
    expect(() => modelBackendSettingsFromEnv({ FISTUDIO_MODEL_BASE_URL: "http://x", FISTUDIO_MODEL_STAGES: "match" })).toThrow(/unknown stage "match"/);
    expect(() => createModelBackend({ ...s, model: "", stages: { genericize: "" } })).toThrow(/FISTUDIO_MODEL_GENERICIZE/);
  });
});

describe("pipelineStages", () => {
  it("uses the model where a stage is enabled and the built-in engine elsewhere", async () => {
    const b = createModelBackend({ baseUrl: d.url, model: "fi-judge", timeoutMs: 5000, concurrency: 2, stages: { judge: "" } });
    const st = pipelineStages(b);
    expect(st.engines).toEqual({ genericize: "builtin", instantiate: "builtin", judge: `model:judge=fi-judge@${d.url}` });
    const view = computeViews(DOC.text.length, 5, 0.05)[0];
    const r = await st.instantiate(tpl("When was <fi>name of a landmark</fi> completed?"), DOC, view, settings);
    expect(d.requests).toHaveLength(0); // built-in instantiate: no request
    if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
    const v = await st.judge(tpl("When was <fi>name of a landmark</fi> completed?"), DOC, r, { threshold: 4 });
    expect(d.requests.map((q) => q.path)).toEqual(["/v1/chat/completions"]);
    expect(v.reasons[0].name).toBe("model-score");
  });

  it("without a backend every stage is built in", async () => {
    const st = pipelineStages();
    expect(st.engines).toEqual({ genericize: "builtin", instantiate: "builtin", judge: "builtin" });
    const g = await st.genericize("What effects does diabetes have on the kidneys?");
    expect(g.ok).toBe(true);
    expect(d.requests).toHaveLength(0);
  });
});
