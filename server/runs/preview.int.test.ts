// The Tune screen's API against a real database and the real engine: the preview on a sample of real passages, its
// histograms adding up to its counters, knobs that change the output, presets saved as versions, and bad input.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resetDb, useTestDatabase } from "../../tests/helpers";
import { createCaller } from "../api/root";
import { createTRPCContext } from "../api/trpc";
import { DEFAULT_THRESHOLDS } from "../pipeline/defaults";
import { getPrisma } from "../db/client";
import { registerCorpus } from "./corpus-files";
import { seedTemplates, writeCorpusFile } from "./fixtures";

let api: ReturnType<typeof createCaller>;
let corpusId: number;
const filter = { status: "active" as const, sources: ["tune-fixture"] };
const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  useTestDatabase();
  await resetDb();
  const dataDir = mkdtempSync(join(tmpdir(), "fistudio-tune-"));
  process.env.FISTUDIO_DATA_DIR = dataDir;
  expect(await seedTemplates(400, "tune-fixture")).toBeGreaterThan(200);
  const file = await writeCorpusFile(join(dataDir, "corpora", "tune.jsonl"), 120);
  corpusId = (await registerCorpus({ name: "tune", paths: [file], license: "CC BY-SA 3.0" })).corpusId;
  api = createCaller(await createTRPCContext({ headers: new Headers() }));
}, 180_000);

describe("tune preview", () => {
  it("runs the engine on the sample; its histograms and pairs add up to its counters", async () => {
    const p = await api.tune.preview({ corpusId, templateFilter: filter, sampleSize: 60 });
    expect(p.sampleDocuments).toBe(60);
    expect(p.settings.match.threshold).toBe(DEFAULT_THRESHOLDS.lexical);
    expect(p.pairs.length).toBeGreaterThan(0);
    expect(p.pairs.length).toBe(p.counters.assembled);
    expect(sum(p.judgeScores.kept)).toBe(p.counters.assembled);
    expect(sum(p.judgeScores.all)).toBe(p.counters.judged);
    expect(sum(p.complexity)).toBe(p.counters.assembled);
    expect(p.keepRate).toBeCloseTo(p.counters.kept / p.counters.judged, 6);
    for (const pair of p.pairs) {
      expect(pair.judgeScore).toBeGreaterThanOrEqual(4);
      expect(pair.judgeReasons.length).toBeGreaterThan(0);
      expect(pair.templateText).toContain("<fi>");
      expect(pair.excerptRatio).toBeGreaterThanOrEqual(0.8);
    }
    expect(p.rejections.reduce((n, r) => n + r.count, 0)).toBeGreaterThan(0);
  });

  it("follows the knobs: one template per document, only score 5, another seed", async () => {
    const base = await api.tune.preview({ corpusId, templateFilter: filter, sampleSize: 60 });
    const strict = await api.tune.preview({ corpusId, templateFilter: filter, sampleSize: 60, settings: { match: { topN: 1 }, judge: { threshold: 5 } } });
    expect(strict.counters.matched).toBeLessThanOrEqual(60);
    expect(strict.pairs.every((x) => x.judgeScore === 5)).toBe(true);
    expect(strict.pairs.length).toBeLessThan(base.pairs.length);
    expect(strict.settingsHash).not.toBe(base.settingsHash);
    const other = await api.tune.preview({ corpusId, templateFilter: filter, sampleSize: 60, seed: 7 });
    expect(other.settingsHash).not.toBe(base.settingsHash);
  });

  it("saves presets as versions, and a preview with a preset uses it", async () => {
    const v1 = await api.tune.savePreset({ name: "two per doc", settings: { match: { topN: 2 } }, note: "small" });
    const v2 = await api.tune.savePreset({ name: "two per doc", settings: { match: { topN: 2 }, judge: { threshold: 5 } } });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const list = await api.tune.presets();
    expect(list.filter((x) => x.name === "two per doc").map((x) => x.version)).toEqual([2, 1]);
    const p = await api.tune.preview({ corpusId, templateFilter: filter, sampleSize: 40, presetId: v1.id });
    expect(p.settings.match.topN).toBe(2);
    const perDoc = new Map<string, number>();
    for (const x of p.pairs) perDoc.set(x.documentId, (perDoc.get(x.documentId) ?? 0) + 1);
    expect(Math.max(...perDoc.values())).toBeLessThanOrEqual(2);
  });

  it("bad input gets a clear error and saves nothing", async () => {
    await expect(api.tune.preview({ corpusId, templateFilter: { ...filter, search: "no template has this text" }, sampleSize: 20 })).rejects.toThrow(/No template matches the filter/);
    await expect(api.tune.preview({ corpusId, templateFilter: filter, sampleSize: 5000 })).rejects.toThrow(/sampleSize|500/);
    await expect(api.tune.preview({ corpusId: 999_999, templateFilter: filter, sampleSize: 20 })).rejects.toThrow(/no documents/);
    await expect(api.tune.preview({ corpusId, templateFilter: filter, presetId: 999_999 })).rejects.toThrow(/Preset 999999 not found/);
    const before = (await api.tune.presets()).length;
    await expect(api.tune.savePreset({ name: "  ", settings: {} })).rejects.toThrow(/needs a name/);
    expect((await api.tune.presets()).length).toBe(before);
  });
});

describe("a document's views and matches", () => {
  it("lists each view's matched templates with what became of them; written answers point into the text", async () => {
    const docs = await getPrisma().document.findMany({ where: { corpusId }, select: { id: true, text: true }, take: 20, orderBy: { rowIndex: "asc" } });
    let written = 0;
    for (const d of docs) {
      const m = await api.documents.matches({ id: d.id });
      expect(m.views.map((v) => v.k)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(m.views[0]).toEqual({ k: 0, start: 0, end: d.text.length });
      for (const x of m.matches) {
        expect(m.views.some((v) => v.k === x.viewK)).toBe(true);
        expect(x.templateText).toContain("<fi>");
        if (x.outcome === "written") {
          written++;
          expect(x.instruction).toBeTruthy();
          expect(x.excerpts.length).toBeGreaterThan(0);
          for (const e of x.excerpts) expect(x.answer).toContain(d.text.slice(e.start, e.end));
        } else expect(x.reason).toBeTruthy();
      }
      expect(m.matches.length).toBeLessThanOrEqual(m.settings.match.topN);
    }
    expect(written).toBeGreaterThan(0);
  });

  it("an unknown document is NOT_FOUND", async () => {
    await expect(api.documents.matches({ id: "no-such-document" })).rejects.toThrow(/not found/i);
  });
});

describe("a template's documents", () => {
  it("finds the documents the matcher gives it, eligible first by rank, with the pair it makes on each", async () => {
    const docs = await getPrisma().document.findMany({ where: { corpusId }, select: { id: true }, take: 20, orderBy: { rowIndex: "asc" } });
    let seen: { doc: string; template: string } | null = null;
    for (const d of docs) {
      const w = (await api.documents.matches({ id: d.id })).matches.find((x) => x.outcome === "written");
      if (w) {
        seen = { doc: d.id, template: w.templateId };
        break;
      }
    }
    expect(seen).not.toBeNull();
    const r = await api.templates.documents({ id: seen!.template, corpusId, limit: 100 });
    expect(r.candidates).toBeGreaterThan(0);
    expect(r.eligible).toBeLessThanOrEqual(r.candidates);
    expect(r.documents.length).toBeLessThanOrEqual(r.candidates);
    const mine = r.documents.find((x) => x.id === seen!.doc);
    expect(mine).toMatchObject({ eligible: true, reason: null });
    expect(mine!.rank).toBeLessThanOrEqual(mine!.eligibleTemplates);
    const eligible = r.documents.filter((x) => x.eligible);
    expect(r.documents.slice(0, eligible.length)).toEqual(eligible);
    for (let i = 1; i < eligible.length; i++) expect(eligible[i].rank).toBeGreaterThanOrEqual(eligible[i - 1].rank);
    const texts = new Map((await getPrisma().document.findMany({ where: { id: { in: r.documents.map((x) => x.id) } }, select: { id: true, text: true } })).map((x) => [x.id, x.text]));
    for (const x of r.documents) {
      expect(x.corpusId).toBe(corpusId);
      if (x.instruction) for (const e of x.excerpts) expect(x.answer).toContain(texts.get(x.id)!.slice(e.start, e.end));
      else expect(x.failure).toBeTruthy();
    }
  });

  it("works for a retired template (matched as if it were active), and an unknown one is NOT_FOUND", async () => {
    const [t] = await getPrisma().template.findMany({ where: { status: "active", sourceName: "tune-fixture" }, select: { id: true }, take: 1, orderBy: { id: "asc" } });
    const active = await getPrisma().template.count({ where: { status: "active" } });
    await api.templates.bulk({ selection: { ids: [t.id] }, action: { setStatus: "retired" } });
    try {
      const r = await api.templates.documents({ id: t.id, limit: 5 });
      expect(r.bank).toBe(active);
      expect(r.documents.length).toBeLessThanOrEqual(5);
    } finally {
      await api.templates.bulk({ selection: { ids: [t.id] }, action: { setStatus: "active" } });
    }
    await expect(api.templates.documents({ id: "no-such-template" })).rejects.toThrow(/not found/i);
  });
});
