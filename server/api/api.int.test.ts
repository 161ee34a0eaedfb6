// The tRPC API as the pages use it (server-side caller): validation, template editing into versions, bulk actions
// over a filtered set, import reports, documents returned verbatim, the dashboard's pre-aggregated counts.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePool } from "../db/pool";
import { runImport } from "../imports";
import { resetDb, tempDir, useTestDatabase } from "../../tests/helpers";
import { createCaller } from "./root";
import { createTRPCContext } from "./trpc";
import { maxUploadBytes } from "./upload-import";

useTestDatabase();
const dir = tempDir("fistudio-api-");
let api: ReturnType<typeof createCaller>;

function file(name: string, lines: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.join("\n") + "\n");
  return p;
}

beforeAll(async () => {
  await resetDb();
  api = createCaller(await createTRPCContext({ headers: new Headers() }));
  const templates = Array.from({ length: 30 }, (_, i) =>
    JSON.stringify({ id: `api-t${i}`, template: `Where is <fi>a river</fi> number ${i} in <fi>a country</fi>?`, tags: i % 2 ? ["odd"] : [] }),
  );
  templates.push(`{"id": "broken`); // line 31
  await runImport({ kind: "templates", filePath: file("t.jsonl", templates), source: "api-bank" });
  await runImport({
    kind: "documents",
    filePath: file("d.jsonl", [JSON.stringify({ id: "m1", title: "Markup", text: "a <b>bold</b> <script>x()</script> text" })]),
    source: "api-corpus",
  });
});

afterAll(async () => {
  await closePool();
});

describe("templates", () => {
  it("lists with filters, search and a cursor", async () => {
    const p1 = await api.templates.list({ limit: 20, filters: { source: ["api-bank"] } });
    expect(p1.items).toHaveLength(20);
    expect(p1.total).toEqual({ value: 30, exact: true });
    const p2 = await api.templates.list({ limit: 20, filters: { source: ["api-bank"] }, cursor: p1.nextCursor });
    expect(p2.items).toHaveLength(10);
    expect(p2.nextCursor).toBeNull();
    const ids = new Set([...p1.items, ...p2.items].map((t) => t.id));
    expect(ids.size).toBe(30);
    const odd = await api.templates.list({ filters: { tags: ["odd"] } });
    expect(odd.items.every((t) => t.tags.includes("odd"))).toBe(true);
    expect(odd.items).toHaveLength(15);
    const found = await api.templates.list({ q: "river number 7" });
    expect(found.items.map((t) => t.id)).toContain("api-t7");
  });

  it("rejects bad input with field errors", async () => {
    const err = await api.templates
      .bulk({ selection: { ids: ["api-t1"] }, action: { addTags: ["<script>"] } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe("BAD_REQUEST");
    await expect(api.templates.get({ id: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an edit makes a new version and keeps the facet counts exact", async () => {
    const before = await api.templates.facets();
    const r = await api.templates.edit({
      id: "api-t3",
      expectedVersion: 1,
      text: "Where is <fi>a river</fi> in <fi>a country</fi> near <fi>a city</fi>?",
      description: "A text about rivers",
      note: "third variable",
    });
    expect(r).toEqual({ id: "api-t3", version: 2 });
    const t = await api.templates.get({ id: "api-t3" });
    expect(t.currentVersion).toBe(2);
    expect(t.variableCount).toBe(3);
    expect(t.origin).toBe("edited");
    expect(t.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(t.versions[0].note).toBe("third variable");
    const after = await api.templates.facets();
    expect(after.variableCount["3"] ?? 0).toBe((before.variableCount["3"] ?? 0) + 1);
    expect(after.variableCount["2"]).toBe(before.variableCount["2"] - 1);
    expect(after.origin.edited).toBe(1);
    // The edited text is searchable at once (generated tsvector).
    expect((await api.templates.list({ q: "city" })).items.map((x) => x.id)).toEqual(["api-t3"]);

    // A stale editor is refused instead of overwriting; broken markup is refused.
    await expect(
      api.templates.edit({ id: "api-t3", expectedVersion: 1, text: "What is <fi>a river</fi>?", description: "" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      api.templates.edit({ id: "api-t3", expectedVersion: 2, text: "What is <fi>a river?", description: "" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await api.templates.get({ id: "api-t3" })).currentVersion).toBe(2);
  });

  it("bulk actions apply to the whole filtered set", async () => {
    const res = await api.templates.bulk({ selection: { filters: { tags: ["odd"] } }, action: { setStatus: "retired" } });
    expect(res.updated).toBe(15);
    const facets = await api.templates.facets();
    expect(facets.status.retired).toBe(15);
    const active = await api.templates.list({ filters: { source: ["api-bank"], status: ["active"] } });
    expect(active.items).toHaveLength(15);
  });
});

describe("imports, documents, dashboard", () => {
  it("keeps each import's report with its bad lines", async () => {
    const list = await api.imports.list({ limit: 10 });
    const tImport = list.items.find((i) => i.kind === "templates")!;
    expect(tImport).toMatchObject({ imported: 30, badLines: 1, status: "completed" });
    const job = await api.imports.get({ id: tImport.id });
    const report = job.report as { badLines: { line: number; reason: string }[] };
    expect(report.badLines).toEqual([expect.objectContaining({ line: 31, reason: "invalid-json" })]);
  });

  it("returns document text verbatim (markup included) for the page to render as text", async () => {
    const corpora = await api.corpora.list();
    const corpus = corpora.find((c) => c.name === "api-corpus")!;
    const docs = await api.documents.list({ filters: { corpusId: corpus.id } });
    expect(docs.items).toHaveLength(1);
    const doc = await api.documents.get({ id: docs.items[0].id });
    expect(doc.text).toBe("a <b>bold</b> <script>x()</script> text");
    const detail = await api.corpora.get({ id: corpus.id });
    expect(detail.name).toBe("api-corpus");
  });

  it("the dashboard reads the pre-aggregated counts", async () => {
    const d = await api.stats.dashboard();
    expect(d.counts.templates).toBe(30);
    expect(d.counts.retiredTemplates).toBe(15);
    expect(d.counts.documents).toBe(1);
    expect(d.templatesByVariableCount).toEqual([
      { variables: 2, count: 29 },
      { variables: 3, count: 1 },
    ]);
    expect(d.imports.length).toBeGreaterThanOrEqual(2);
  });
});

describe("upload limit", () => {
  it("defaults to 1 GiB and follows FISTUDIO_MAX_UPLOAD_MB", () => {
    expect(maxUploadBytes({})).toBe(1024 * 1024 * 1024);
    expect(maxUploadBytes({ FISTUDIO_MAX_UPLOAD_MB: "8" })).toBe(8 * 1024 * 1024);
    expect(maxUploadBytes({ FISTUDIO_MAX_UPLOAD_MB: "nonsense" })).toBe(1024 * 1024 * 1024);
  });
});

describe("review tags", () => {
  it("tags an imported template whose variable says nothing of what fits, and an edit that says it clears the tag", async () => {
    await runImport({ kind: "templates", filePath: file("vague.jsonl", [JSON.stringify({ id: "api-vague", template: "What is <fi>a thing or concept</fi> made of?", tags: ["mine"] })]), source: "api-vague" });
    const t = await api.templates.get({ id: "api-vague" });
    expect(t.tags).toEqual(["check:vague-description", "mine"]);
    expect((await api.templates.facets()).tag?.["check:vague-description"]).toBe(1);
    await api.templates.edit({ id: "api-vague", expectedVersion: 1, text: "What is <fi>a musical instrument</fi> made of?", description: "" });
    expect((await api.templates.get({ id: "api-vague" })).tags).toEqual(["mine"]);
    expect((await api.templates.facets()).tag?.["check:vague-description"] ?? 0).toBe(0);
    // Back to a vague variable: the tag comes back.
    await api.templates.edit({ id: "api-vague", expectedVersion: 2, text: "What is <fi>a name</fi> made of?", description: "" });
    expect((await api.templates.get({ id: "api-vague" })).tags).toEqual(["check:vague-description", "mine"]);
  });
});
