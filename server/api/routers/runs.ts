// Runs: thin tRPC layer over server/runs (plan, forecast, launch, control, live status, outputs).
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { forecastRun } from "../../runs/forecast";
import { runInputSchema } from "../../runs/planner";
import {
  cancelRun,
  createRun,
  exportRun,
  getRun,
  listRuns,
  resumeRun,
  RunError,
  runOutputs,
  startRun,
  templateUsage,
} from "../../runs/service";
import { createTRPCRouter, publicProcedure } from "../trpc";

const id = z.object({ id: z.number().int() });

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RunError) throw new TRPCError({ code: /not found/i.test(e.message) ? "NOT_FOUND" : "BAD_REQUEST", message: e.message });
    throw e;
  }
}

export const runsRouter = createTRPCRouter({
  list: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), cursor: z.number().int().nullish() }).default({ limit: 50 }))
    .query(({ input }) => listRuns({ limit: input.limit, cursor: input.cursor ?? undefined })),

  get: publicProcedure.input(id).query(({ input }) => guard(() => getRun(input.id))),

  templateUsage: publicProcedure.input(id.extend({ limit: z.number().int().min(1).max(100).default(15) })).query(({ input }) => guard(() => templateUsage(input.id, input.limit))),

  outputs: publicProcedure.input(id).query(({ input }) => guard(() => runOutputs(input.id))),

  samplePairs: publicProcedure
    .input(id.extend({ limit: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) =>
      ctx.prisma.samplePair.findMany({
        where: { runId: input.id },
        orderBy: [{ shardIndex: "asc" }, { ordinal: "asc" }],
        take: input.limit,
        select: { id: true, documentId: true, documentTitle: true, templateId: true, instruction: true, answer: true, judgeScore: true, variableCount: true, viewK: true },
      }),
    ),

  forecast: publicProcedure.input(runInputSchema).mutation(({ input }) => guard(() => forecastRun(input))),

  /** Plan and (by default) start. */
  create: publicProcedure
    .input(z.object({ run: runInputSchema, start: z.boolean().default(true), forecast: z.unknown().optional() }))
    .mutation(({ input }) =>
      guard(async () => {
        const { id, config } = await createRun(input.run, { forecast: input.forecast });
        if (input.start) await startRun(id);
        return { id, shards: config.shardCount, documents: config.documents, templates: config.templateCount };
      }),
    ),

  start: publicProcedure.input(id).mutation(({ input }) => guard(() => startRun(input.id))),
  cancel: publicProcedure.input(id).mutation(({ input }) => guard(() => cancelRun(input.id))),
  resume: publicProcedure.input(id).mutation(({ input }) => guard(() => resumeRun(input.id))),
  exportJsonl: publicProcedure.input(id).mutation(({ input }) => guard(() => exportRun(input.id))),

  /** What the new-run form offers: corpora, presets, template sources and tags. */
  formOptions: publicProcedure.query(async ({ ctx }) => {
    const [corpora, presets, sources, active] = await Promise.all([
      ctx.prisma.corpus.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, documentCount: true, sampleCount: true } }),
      ctx.prisma.preset.findMany({ orderBy: [{ name: "asc" }, { version: "desc" }], select: { id: true, name: true, version: true } }),
      ctx.prisma.facetCount.findMany({ where: { entity: "template", facet: "source" }, orderBy: { count: "desc" }, take: 50 }),
      ctx.prisma.facetCount.findUnique({ where: { entity_facet_value: { entity: "template", facet: "status", value: "active" } } }),
    ]);
    return { corpora, presets, sources: sources.map((s) => ({ value: s.value, count: Number(s.count) })), activeTemplates: active ? Number(active.count) : null };
  }),
});
