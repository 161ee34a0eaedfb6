// Audit: thin over server/audit (review queue, pair detail, verdicts, verdict statistics per template).
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { auditPair, auditQueue, auditRuns, reviewPair, templateVerdicts } from "../../audit/review";
import { createTRPCRouter, publicProcedure } from "../trpc";

const runId = z.number().int().optional();

export const auditRouter = createTRPCRouter({
  runs: publicProcedure.query(({ ctx }) => auditRuns(ctx.prisma)),

  queue: publicProcedure
    .input(
      z.object({
        runId,
        status: z.enum(["unreviewed", "reviewed", "all"]).default("unreviewed"),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => auditQueue(ctx.prisma, input)),

  pair: publicProcedure.input(z.object({ id: z.number().int() })).query(async ({ ctx, input }) => {
    const p = await auditPair(ctx.prisma, input.id);
    if (!p) throw new TRPCError({ code: "NOT_FOUND", message: `Sample pair ${input.id} not found` });
    return p;
  }),

  review: publicProcedure
    .input(
      z.object({
        pairId: z.number().int(),
        verdict: z.enum(["accept", "reject", "flag"]),
        note: z.string().max(5000).default(""),
        reviewer: z.string().trim().min(1, "Say who reviews").max(100),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!(await ctx.prisma.samplePair.findUnique({ where: { id: input.pairId }, select: { id: true } })))
        throw new TRPCError({ code: "NOT_FOUND", message: `Sample pair ${input.pairId} not found` });
      return reviewPair(ctx.prisma, input);
    }),

  templateStats: publicProcedure
    .input(z.object({ runId, limit: z.number().int().min(1).max(500).default(50) }))
    .query(({ ctx, input }) => templateVerdicts(ctx.prisma, input)),
});
