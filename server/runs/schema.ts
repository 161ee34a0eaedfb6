// Run inputs (zod): shared by the planner, the routers and the CLI. No engine imports here, so the web server can
// validate inputs without loading the engine (see lazy.ts).
import { z } from "zod";

export const templateFilterSchema = z.object({
  status: z.enum(["active", "retired", "any"]).default("active"),
  sources: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  minVariables: z.number().int().min(0).optional(),
  maxVariables: z.number().int().min(0).optional(),
  /** Case-insensitive substring of the template text. */
  search: z.string().optional(),
  ids: z.array(z.string()).optional(),
  /** Take at most this many (lowest ids first, deterministic). */
  limit: z.number().int().positive().optional(),
});
export type TemplateFilter = z.infer<typeof templateFilterSchema>;

const deepPartialSettings = z
  .object({
    seed: z.number().int().optional(),
    match: z.record(z.string(), z.unknown()).optional(),
    instantiate: z.record(z.string(), z.unknown()).optional(),
    judge: z.record(z.string(), z.unknown()).optional(),
    assemble: z.record(z.string(), z.unknown()).optional(),
  })
  .partial();

export const runInputSchema = z.object({
  name: z.string().min(1).max(200).optional(),
  corpusId: z.number().int(),
  templateFilter: templateFilterSchema.default({ status: "active" }),
  presetId: z.number().int().optional(),
  /** Explicit settings over the preset (or the defaults). */
  settings: deepPartialSettings.optional(),
  seed: z.number().int().default(1),
  documentLimit: z.number().int().positive().optional(),
  /** Templates matched per document: the most pairs a document can give (paper: 6). */
  pairsPerDocument: z.number().int().min(1).max(50).optional(),
  judgeThreshold: z.number().int().min(1).max(5).optional(),
  /** Run-wide cap on matches of one template (default: the settings' usageCap). */
  usageCap: z.number().int().positive().optional(),
  /** Share of output pairs kept in Postgres for audit, stratified by complexity and score. */
  sampleRate: z.number().min(0).max(1).default(0.02),
  shardSize: z.number().int().positive().optional(),
  batchSize: z.number().int().positive().default(64),
  maxAttempts: z.number().int().min(1).max(20).default(3),
  heartbeatTtlSec: z.number().int().min(2).default(30),
});
export type RunInput = z.input<typeof runInputSchema>;
export type RunInputParsed = z.output<typeof runInputSchema>;

/** The tune preview: candidate settings (over a preset or the defaults) on a sample of a corpus. */
export const previewInputSchema = runInputSchema.pick({ corpusId: true, templateFilter: true, presetId: true, settings: true, seed: true }).extend({
  sampleSize: z.number().int().min(5).max(500).default(100),
});
export type PreviewInput = z.input<typeof previewInputSchema>;

export const savePresetSchema = z.object({
  name: z.string().trim().min(1, "A preset needs a name").max(100),
  note: z.string().max(2000).default(""),
  /** Settings over the defaults; saved resolved, so a preset does not move when the defaults change. */
  settings: deepPartialSettings,
});
export type SavePresetInput = z.input<typeof savePresetSchema>;
