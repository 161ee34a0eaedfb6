// Audit against a real run's sample (real engine, real passages, real PostgreSQL): the stratified queue, pair detail
// with excerpts that point into the document, verdicts (the latest counts), statistics per template, bad input.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resetDb, useTestDatabase } from "../../tests/helpers";
import { createCaller } from "../api/root";
import { createTRPCContext } from "../api/trpc";
import { registerCorpus } from "../runs/corpus-files";
import { seedTemplates, writeCorpusFile } from "../runs/fixtures";
import { createRun, getRun, startRun } from "../runs/service";
import { startWorker } from "../runs/worker";

let api: ReturnType<typeof createCaller>;
let runId: number;
let samplePairs: number;

beforeAll(async () => {
  useTestDatabase();
  await resetDb();
  const dataDir = mkdtempSync(join(tmpdir(), "fistudio-audit-"));
  process.env.FISTUDIO_DATA_DIR = dataDir;
  await seedTemplates(400, "audit-fixture");
  const file = await writeCorpusFile(join(dataDir, "corpora", "audit.jsonl"), 160);
  const { corpusId } = await registerCorpus({ name: "audit", paths: [file], license: "CC BY-SA 3.0" });
  const w = await startWorker({ concurrency: 1, log: () => undefined, reapIntervalMs: 500 });
  try {
    runId = (await createRun({ corpusId, seed: 5, shardSize: 80, sampleRate: 0.5, templateFilter: { status: "active", sources: ["audit-fixture"] } })).id;
    await startRun(runId);
    for (let i = 0; i < 1200; i++) {
      const r = await getRun(runId);
      if (r.status === "completed" || r.status === "failed") break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect((await getRun(runId)).status).toBe("completed");
  } finally {
    await w.stop();
  }
  api = createCaller(await createTRPCContext({ headers: new Headers() }));
  samplePairs = (await api.audit.runs()).find((r) => r.id === runId)!.pairs;
  expect(samplePairs).toBeGreaterThan(20);
}, 240_000);

describe("audit", () => {
  it("deals the queue round-robin over strata of judge score × variable count", async () => {
    const q = await api.audit.queue({ runId, status: "all", limit: 200 });
    expect(q.total).toBe(samplePairs);
    const stratum = (x: { judgeScore: number; variableCount: number }) => `${x.judgeScore}/${Math.min(4, x.variableCount)}`;
    const strata = new Set(q.items.map(stratum));
    expect(strata.size).toBeGreaterThan(1);
    // The first |strata| items hold one pair of each stratum.
    expect(new Set(q.items.slice(0, strata.size).map(stratum)).size).toBe(strata.size);
    const page2 = await api.audit.queue({ runId, status: "all", offset: 10, limit: 10 });
    expect(page2.items.map((x) => x.id)).toEqual(q.items.slice(10, 20).map((x) => x.id));
  });

  it("a pair's excerpts point at the document text its answer copies", async () => {
    const { items } = await api.audit.queue({ runId, status: "all", limit: 20 });
    for (const it of items) {
      const p = await api.audit.pair({ id: it.id });
      expect(p.templateText).toContain("<fi>");
      expect(p.excerpts.length).toBeGreaterThan(0);
      for (const e of p.excerpts) expect(p.answer).toContain(p.documentText.slice(e.start, e.end));
      expect(p.judgeReasons.length).toBeGreaterThan(0);
    }
  });

  it("verdicts leave the unreviewed queue; the latest verdict counts in the template statistics", async () => {
    const { items } = await api.audit.queue({ runId, status: "unreviewed", limit: 3 });
    const [a, b, c] = items;
    await api.audit.review({ pairId: a.id, verdict: "accept", reviewer: "ana" });
    await api.audit.review({ pairId: b.id, verdict: "reject", note: "answer off topic", reviewer: "ana" });
    await api.audit.review({ pairId: c.id, verdict: "reject", reviewer: "ana" });
    await api.audit.review({ pairId: c.id, verdict: "flag", note: "on second look: unclear", reviewer: "ben" });
    const unreviewed = await api.audit.queue({ runId, status: "unreviewed", limit: 1 });
    expect(unreviewed.total).toBe(samplePairs - 3);
    const reviewed = await api.audit.queue({ runId, status: "reviewed", limit: 10 });
    expect(new Map(reviewed.items.map((x) => [x.id, x.verdict]))).toEqual(new Map([[a.id, "accept"], [b.id, "reject"], [c.id, "flag"]]));
    const stats = await api.audit.templateStats({ runId });
    expect(stats.reduce((n, s) => n + s.reviewed, 0)).toBe(3);
    expect(stats.reduce((n, s) => n + s.reject, 0)).toBe(1);
    expect(stats.reduce((n, s) => n + s.flag, 0)).toBe(1);
    expect(stats[0].templateId).toBe(b.templateId);
    expect(stats[0].rejectRate).toBeGreaterThan(0);
    const detail = await api.audit.pair({ id: c.id });
    expect(detail.reviews.map((r) => [r.verdict, r.reviewer])).toEqual([["flag", "ben"], ["reject", "ana"]]);
    expect((await api.audit.runs()).find((r) => r.id === runId)!.reviewed).toBe(3);
  });

  it("bad input: unknown pair, no reviewer, unknown verdict — nothing is saved", async () => {
    const before = (await api.audit.queue({ runId, status: "reviewed", limit: 1 })).total;
    await expect(api.audit.review({ pairId: 99_999_999, verdict: "accept", reviewer: "ana" })).rejects.toThrow(/Sample pair 99999999 not found/);
    await expect(api.audit.review({ pairId: 1, verdict: "accept", reviewer: "  " })).rejects.toThrow(/Say who reviews/);
    // @ts-expect-error: not a verdict
    await expect(api.audit.review({ pairId: 1, verdict: "maybe", reviewer: "ana" })).rejects.toThrow(/verdict/);
    await expect(api.audit.pair({ id: 99_999_999 })).rejects.toThrow(/not found/);
    expect((await api.audit.queue({ runId, status: "reviewed", limit: 1 })).total).toBe(before);
  });
});
