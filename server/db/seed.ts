// Loads the bundled sample (prisma/sample) into an empty database: queries into a source per row, documents into the
// corpus "wikipedia-sample", then genericizes the sample queries into templates with the engine (genericizeMany).
// Idempotent: imports use stable ids, genericization only touches queries still "new".
import { join } from "node:path";
import { existsSync } from "node:fs";
import { projectRoot } from "../config";
import { getPool } from "./pool";
import { runImport } from "../imports";

export const SAMPLE_DIR = join(projectRoot, "prisma", "sample");
export const SAMPLE_CORPUS = "wikipedia-sample";

const SOURCE_INFO: Record<string, { description: string; license: string }> = {
  "natural-questions": { description: "Real anonymized Google search queries (NQ-open, EfficientQA)", license: "CC BY-SA 3.0" },
  webquestions: { description: "WebQuestions (Berant et al., 2013): Google Suggest queries", license: "CC BY 4.0" },
  "query-wellformedness": { description: "Google query-wellformedness: Paralex / WikiAnswers questions", license: "CC BY-SA 4.0" },
  "stackoverflow-titles": { description: "Stack Overflow question titles (Xu et al. 2015)", license: "CC BY-SA (Stack Overflow user content)" },
  "self-instruct-seed": { description: "The 175 Self-Instruct seed instructions", license: "Apache-2.0" },
};

export async function isEmpty(): Promise<boolean> {
  const { rows } = await getPool().query(
    `SELECT NOT EXISTS (SELECT 1 FROM "Query") AND NOT EXISTS (SELECT 1 FROM "Template") AND NOT EXISTS (SELECT 1 FROM "Document") AS empty`,
  );
  return rows[0].empty as boolean;
}

/** Step 1 (fast, ~2 s): the sample queries and documents. */
export async function seedSampleData(log: (m: string) => void = () => undefined): Promise<{ queries: number; documents: number }> {
  const pool = getPool();
  const qFile = join(SAMPLE_DIR, "queries.jsonl");
  const dFile = join(SAMPLE_DIR, "documents.jsonl");
  if (!existsSync(qFile) || !existsSync(dFile)) throw new Error(`bundled sample missing in ${SAMPLE_DIR}`);
  const q = await runImport({ kind: "queries", filePath: qFile, source: "sample", fileName: "sample/queries.jsonl" });
  if (q.status !== "completed") throw new Error(`sample queries import failed: ${q.error}`);
  for (const [name, info] of Object.entries(SOURCE_INFO))
    await pool.query(`UPDATE "QuerySource" SET description = $2, license = $3 WHERE name = $1 AND description = ''`, [name, info.description, info.license]);
  const d = await runImport({
    kind: "documents",
    filePath: dFile,
    source: "natural-questions/qed-wikipedia",
    corpus: SAMPLE_CORPUS,
    fileName: "sample/documents.jsonl",
  });
  if (d.status !== "completed") throw new Error(`sample documents import failed: ${d.error}`);
  await pool.query(`UPDATE "Corpus" SET description = $2, license = $3 WHERE name = $1 AND description = ''`, [
    SAMPLE_CORPUS,
    "2,000 English Wikipedia paragraphs from Natural Questions (QED), bundled sample",
    "CC BY-SA 3.0 / GFDL",
  ]);
  log(`sample: ${q.imported} queries, ${d.imported} documents imported`);
  return { queries: q.imported, documents: d.imported };
}

/** Step 2 (~20 s on one core): genericize the sample queries into templates. */
export async function seedTemplates(log: (m: string) => void = () => undefined): Promise<number> {
  const { genericizeQueriesInDb } = await import("../cli/genericize-db");
  const r = await genericizeQueriesInDb({ log });
  log(`sample: ${r.templatesInserted} templates from ${r.queries} queries (${r.rejected} rejected, ${r.merged} merged) in ${(r.ms / 1000).toFixed(1)} s`);
  return r.templatesInserted;
}

/** Seeds when the database holds no queries, templates or documents (or always with force). */
export async function seedIfEmpty(opts: { force?: boolean; genericize?: boolean; log?: (m: string) => void } = {}): Promise<boolean> {
  const log = opts.log ?? (() => undefined);
  if (!opts.force && !(await isEmpty())) return false;
  await seedSampleData(log);
  if (opts.genericize !== false) await seedTemplates(log);
  return true;
}
