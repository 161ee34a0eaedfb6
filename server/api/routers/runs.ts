// Runs: thin tRPC layer over server/runs (plan, forecast, launch, control, live status, outputs).
// The runs modules (and the engine behind them) are loaded on first use: see server/runs/lazy.ts.
import { z } from "zod";
import { runInputSchema } from "../../runs/schema";
import { createTRPCRouter, publicProcedure } from "../trpc";
import { guard } from "./_runs";

const id = z.object({ id: z.number().int() });

export const runsRouter = createTRPCRouter({
  list: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), cursor: z.number().int().nullish() }).default({ limit: 50 }))
    .query(({ input }) => guard((m) => m.service.listRuns({ limit: input.limit, cursor: input.cursor ?? undefined }))),

  get: publicProcedure.input(id).query(({ input }) => guard((m) => m.service.getRun(input.id))),

  templateUsage: publicProcedure
    .input(id.extend({ limit: z.number().int().min(1).max(100).default(15) }))
    .query(({ input }) => guard((m) => m.service.templateUsage(input.id, input.limit))),

  outputs: publicProcedure.input(id).query(({ input }) => guard((m) => m.service.runOutputs(input.id))),

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

  forecast: publicProcedure.input(runInputSchema).mutation(({ input }) => guard((m) => m.forecast.forecastRun(input))),

  /** Plan and (by default) start. */
  create: publicProcedure
    .input(z.object({ run: runInputSchema, start: z.boolean().default(true), forecast: z.unknown().optional() }))
    .mutation(({ input }) =>
      guard(async (m) => {
        const { id, config } = await m.service.createRun(input.run, { forecast: input.forecast });
        if (input.start) await m.service.startRun(id);
        return { id, shards: config.shardCount, documents: config.documents, templates: config.templateCount };
      }),
    ),

  start: publicProcedure.input(id).mutation(({ input }) => guard((m) => m.service.startRun(input.id))),
  cancel: publicProcedure.input(id).mutation(({ input }) => guard((m) => m.service.cancelRun(input.id))),
  resume: publicProcedure.input(id).mutation(({ input }) => guard((m) => m.service.resumeRun(input.id))),
  exportJsonl: publicProcedure.input(id).mutation(({ input }) => guard((m) => m.service.exportRun(input.id))),

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
