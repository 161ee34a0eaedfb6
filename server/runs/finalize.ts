// Finishing a run: manifest.json (full config, template set hash, counts per stage, per-shard checksums, timings)
// and README.md (a dataset card someone who never saw the studio can use), then the run's final status.
// Idempotent: any worker (or `run resume`) may call it again; files are written to a temp name and renamed.
import { engineModel } from "./run-model";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { getPool } from "../db/pool";
import { globalWeightOf, hubPenaltyOf, supportPriorOf } from "../pipeline/defaults";
import { HUBNESS_SAMPLE } from "../pipeline/hubness";
import { ENGINE_VERSION, engineId, settingsHash } from "../pipeline/engine";
import type { StageCounters } from "../pipeline/types";
import { OUTPUT_COLUMNS, partFileName, removeTempFiles, writeFileAtomic } from "./output";
import type { RunConfig } from "./planner";
import { emptyCounters, type ShardStats } from "./stats";

export const COLUMN_DOCS: Record<string, string> = {
  warc_record_id: "Id of the source document (the corpus's id field; `row-N` when it has none).",
  template_id: "Id of the instruction template (see templates.jsonl for its text and variables).",
  instantiated_instruction: "The instruction: the template with every variable filled from the document.",
  answer: "The answer, mostly copied verbatim from the document (see excerpt_ratio).",
  synthetic_token_count: "Llama-3 tokens of instruction + answer.",
  text: "Training text: `Instruction: …\\n\\nAnswer: …`.",
  template_version: "Pinned version of the template used.",
  view_k: "Which view of the document matched: 0 = whole document, k = 1..K local window centred at k/(K+1).",
  match_score: "Similarity between the view and the template (encoder cosine).",
  judge_score: "Judge score 1–5; only pairs at or above the run's threshold are written.",
  judge_reasons: "JSON list of the judge's signals (name, value, note).",
  excerpt_ratio: "Share of answer tokens copied verbatim from the document (≥ 0.8 by construction).",
  variable_count: "Number of distinct variables in the template (complexity).",
  answer_start: "Where the answer starts in the document, 0..1 of its length.",
  engine: "Engine and encoder that produced the pair.",
  settings_hash: "Hash of the engine settings (see manifest.json → config.settings).",
  shard_index: "Shard that produced the row (provenance; see manifest.json → shards).",
  row_in_shard: "Row number within the shard's output.",
};

async function fileSha256(path: string): Promise<string | null> {
  return new Promise((resolve) => {
    const h = createHash("sha256");
    createReadStream(path)
      .on("data", (d) => h.update(d))
      .on("end", () => resolve(h.digest("hex")))
      .on("error", () => resolve(null));
  });
}

export interface Manifest {
  format: "fineinstructions-studio/run-manifest@1";
  run: { id: number; name: string; status: string; createdAt: string; startedAt: string | null; finishedAt: string | null; durationSec: number | null };
  engine: { id: string; version: string; settingsHash: string };
  config: RunConfig;
  templateSetHash: string;
  templateCount: number;
  counts: { documents: number; outputRows: number; tokens: number; stages: StageCounters; rejections: Record<string, number> };
  shards: {
    index: number;
    rows: [number, number];
    state: string;
    file: string | null;
    outputRows: number;
    checksum: string | null;
    fileSha256: string | null;
    attempts: number;
    durationMs: number | null;
    error: string | null;
  }[];
  timings: { stageMs: Record<string, number>; wallSec: number | null };
  statistics: Omit<ShardStats, "templateUsage" | "timingsMs">;
  columns: { name: string; type: string; description: string }[];
  checksumAlgorithm: string;
}

export async function buildManifest(runId: number): Promise<Manifest> {
  const pool = getPool();
  const run = (await pool.query(`SELECT * FROM "Run" WHERE id = $1`, [runId])).rows[0];
  if (!run) throw new Error(`Run ${runId} not found`);
  const shards = (await pool.query(`SELECT * FROM "RunShard" WHERE "runId" = $1 ORDER BY index`, [runId])).rows;
  const config = run.config as RunConfig;
  const counters: StageCounters = { ...emptyCounters(), ...(run.counters ?? {}) };
  const stats = (run.stats ?? {}) as ShardStats;
  const started = run.startedAt ? new Date(run.startedAt) : null;
  const finished = run.finishedAt ? new Date(run.finishedAt) : new Date();
  const wallSec = started ? (finished.getTime() - started.getTime()) / 1000 : null;
  return {
    format: "fineinstructions-studio/run-manifest@1",
    run: {
      id: run.id,
      name: run.name,
      status: run.status,
      createdAt: new Date(run.createdAt).toISOString(),
      startedAt: started?.toISOString() ?? null,
      finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
      durationSec: wallSec,
    },
    engine: { id: engineId(config.settings, engineModel(config)), version: ENGINE_VERSION, settingsHash: settingsHash(config.settings, engineModel(config)) },
    config,
    templateSetHash: run.templateSetHash,
    templateCount: run.templateCount,
    counts: { documents: run.processedDocuments, outputRows: run.outputRows, tokens: stats.tokens ?? 0, stages: counters, rejections: counters.rejections },
    shards: await Promise.all(
      shards.map(async (s) => ({
        index: s.index,
        rows: [s.rowStart, s.rowEnd] as [number, number],
        state: s.state,
        file: s.state === "done" ? partFileName(s.index) : null,
        outputRows: s.rowCount,
        checksum: s.checksum,
        fileSha256: s.state === "done" ? await fileSha256(join(config.outputDir, partFileName(s.index))) : null,
        attempts: s.attempts,
        durationMs: s.durationMs,
        error: s.error,
      })),
    ),
    timings: { stageMs: stats.timingsMs ?? {}, wallSec },
    statistics: { judgeScores: stats.judgeScores ?? {}, judgeScoresKept: stats.judgeScoresKept ?? {}, complexity: stats.complexity ?? {}, answerPosition: stats.answerPosition ?? {}, tokens: stats.tokens ?? 0 },
    columns: OUTPUT_COLUMNS.map((c) => ({ name: c.name, type: c.type, description: COLUMN_DOCS[c.name] ?? "" })),
    checksumAlgorithm:
      "shards[].checksum = sha256 over the shard's rows, one canonical JSON object per row (paper + provenance columns, doubles rounded to 6 decimals) followed by \\n; fileSha256 = sha256 of the Parquet file bytes",
  };
}

const fmt = (n: number) => n.toLocaleString("en-US");

export function datasetCard(m: Manifest): string {
  const c = m.config;
  const s = m.counts.stages;
  const keep = s.judged ? ((s.kept / s.judged) * 100).toFixed(1) : "0";
  const rejections = Object.entries(m.counts.rejections)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([k, v]) => `| ${k} | ${fmt(v)} |`)
    .join("\n");
  const files = c.corpus.files.map((f) => `- \`${f.path}\` (${f.format}, ${fmt(f.rowCount)} rows)`).join("\n") || "- documents imported into the studio's database";
  const failed = m.shards.filter((x) => x.state !== "done");
  return `# ${m.run.name}

Synthetic instruction–answer pairs generated with the **FineInstructions** method (templates mined from real user
queries, matched to documents of a pre-training corpus, instantiated into (instruction, answer) pairs grounded in the
documents, judged and assembled) by FineInstructions Studio, run #${m.run.id}.

- **Pairs:** ${fmt(m.counts.outputRows)} in ${m.shards.filter((x) => x.state === "done").length} Parquet files (\`part-*.parquet\`), ${fmt(m.counts.tokens)} Llama-3 tokens
- **Source documents:** ${fmt(m.counts.documents)} of corpus **${c.corpus.name}** (${fmt(c.corpus.rows)} rows${c.documentLimit ? `, limited to ${fmt(c.documentLimit)}` : ""})
- **Templates:** ${fmt(m.templateCount)} pinned template versions (template set hash \`${m.templateSetHash}\`, listed in \`templates.jsonl\`)
- **Status:** ${m.run.status}${failed.length ? ` — ${failed.length} shard(s) not done: ${failed.map((f) => `#${f.index} (${f.state}${f.error ? `: ${f.error}` : ""})`).join("; ")}` : ""}
- **Generated:** ${m.run.finishedAt ?? "(in progress)"}${m.run.durationSec ? ` in ${m.run.durationSec.toFixed(0)} s` : ""}

## How it was made
Engine \`${m.engine.id}\` (settings hash \`${m.engine.settingsHash}\`), seed ${c.seed}. Each document was split into one
global and ${c.settings.match.localViews} local views (σ = ${c.settings.match.sigma}), each view's scores taking ${globalWeightOf(c.settings.match)} of the whole document's; up to ${c.settings.match.topN} templates were matched per
document with the ${c.settings.match.encoder} encoder, complexity-weighted toward ${JSON.stringify(c.settings.match.complexityTarget)} (share of
templates with 1, 2, 3, 4+ variables), favouring often-asked templates by ${supportPriorOf(c.settings.match)} × ln(source queries) and holding back those that fit
most documents by ${hubPenaltyOf(c.settings.match)} × hubness / √(source queries) (hubness estimated on up to ${HUBNESS_SAMPLE} of the
corpus's documents, lexical encoder only), with at most ${fmt(c.usageCap)} matches per template over the whole run. Variables were
filled from the document; answers are extractive (at least ${Math.round(c.settings.instantiate.minExcerptRatio * 100)}% of their tokens copied verbatim).
A judge scored each pair 1–5 and pairs scoring ≥ ${c.settings.judge.threshold} were kept; a per-document token budget
(${c.settings.assemble.tokenBudget ? "on" : "off"}) keeps a document's pairs no longer than the document.
The full configuration is in \`manifest.json\` → \`config\`. The same seed and inputs reproduce the same files
(per-shard checksums in the manifest).

| stage | count |
|---|---:|
| documents | ${fmt(s.documents)} |
| template matches | ${fmt(s.matched)} |
| instantiated | ${fmt(s.instantiated)} |
| judged | ${fmt(s.judged)} |
| kept (score ≥ ${c.settings.judge.threshold}) | ${fmt(s.kept)} (${keep}% of judged) |
| written | ${fmt(s.assembled)} |

Most frequent rejection reasons:

| reason | count |
|---|---:|
${rejections || "| (none) | 0 |"}

## Inputs and licenses
Corpus **${c.corpus.name}**${c.corpus.license ? ` — license: ${c.corpus.license}` : " — license: not recorded; check the source"}.
${c.corpus.description ? `${c.corpus.description}\n` : ""}
${files}

Answers copy text from these documents, so the pairs inherit the corpus's license and attribution requirements.
Templates come from the studio's template bank (see \`templates.jsonl\`; their query sources carry their own licenses).

## Columns
| column | type | meaning |
|---|---|---|
${m.columns.map((col) => `| \`${col.name}\` | ${col.type} | ${col.description} |`).join("\n")}

The first five columns are the FineInstructions paper's release format; the rest is provenance.

## Load it
\`\`\`sql
-- DuckDB
SELECT instantiated_instruction, answer FROM read_parquet('part-*.parquet') LIMIT 5;
\`\`\`
\`\`\`python
# pandas
import glob, pandas as pd
df = pd.concat(pd.read_parquet(p) for p in sorted(glob.glob("part-*.parquet")))

# Hugging Face datasets
from datasets import load_dataset
ds = load_dataset("parquet", data_files="part-*.parquet", split="train")
\`\`\`
A JSONL export (\`pairs.jsonl\`, one object per line, same columns) is written by \`npx fistudio run export ${m.run.id}\` or the
run page's *Export JSONL* button.

## Files
- \`part-NNNNN.parquet\` — one file per shard of corpus rows (zstd-compressed Parquet)
- \`manifest.json\` — configuration, counts per stage, per-shard row ranges, checksums and timings
- \`templates.jsonl\` — the pinned templates (id, version, text with \`<fi>…</fi>\` variables, variable types)
- \`README.md\` — this card
`;
}

/** Write manifest and card, then settle the run's status (completed, or failed when shards failed). */
export async function finalizeRun(runId: number): Promise<Manifest | null> {
  const pool = getPool();
  const { rows } = await pool.query(
    `SELECT count(*) FILTER (WHERE state IN ('queued', 'running'))::int AS pending, count(*) FILTER (WHERE state = 'failed')::int AS failed,
            min(error) FILTER (WHERE state = 'failed') AS error
       FROM "RunShard" WHERE "runId" = $1`,
    [runId],
  );
  if (rows[0].pending > 0) return null;
  const status = rows[0].failed > 0 ? "failed" : "completed";
  const current = (await pool.query(`SELECT status FROM "Run" WHERE id = $1`, [runId])).rows[0]?.status;
  // A cancelled run stays cancelled; a finished one is re-finalized idempotently (files rewritten identically).
  const finalStatus = current === "cancelled" ? "cancelled" : status;
  // Files first, status last: a crash in between leaves a run whose shards are all settled, and the reaper
  // (or `run resume`) finalizes it again.
  await pool.query(`UPDATE "Run" SET "finishedAt" = COALESCE("finishedAt", now()) WHERE id = $1`, [runId]);
  const m = await buildManifest(runId);
  m.run.status = finalStatus;
  await removeTempFiles(m.config.outputDir);
  await writeFileAtomic(join(m.config.outputDir, "manifest.json"), JSON.stringify(m, null, 2) + "\n");
  await writeFileAtomic(join(m.config.outputDir, "README.md"), datasetCard(m));
  await pool.query(
    `UPDATE "Run" SET status = $2::"RunStatus", error = $3 WHERE id = $1 AND status IN ('running', 'cancelling', 'queued')`,
    [runId, finalStatus, status === "failed" ? `${rows[0].failed} shard(s) failed; first error: ${rows[0].error}` : null],
  );
  return m;
}
