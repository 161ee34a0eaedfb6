import { z } from "zod";
import { uploadProgress } from "../upload-import";
import { createTRPCRouter, notFound, publicProcedure } from "../trpc";

const summary = {
  id: true,
  kind: true,
  fileName: true,
  format: true,
  source: true,
  strict: true,
  status: true,
  totalLines: true,
  imported: true,
  duplicates: true,
  badLines: true,
  error: true,
  createdAt: true,
  finishedAt: true,
} as const;

export const importsRouter = createTRPCRouter({
  /** Import history, newest first (cursor = last id). */
  list: publicProcedure
    .input(z.object({ cursor: z.number().int().nullish(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.prisma.importJob.findMany({
        select: summary,
        orderBy: { id: "desc" },
        where: input.cursor ? { id: { lt: input.cursor } } : undefined,
        take: input.limit + 1,
      });
      const more = rows.length > input.limit;
      const items = rows.slice(0, input.limit);
      return { items, nextCursor: more ? items[items.length - 1].id : null };
    }),

  /** One import with its full report (bad lines with line number and reason). */
  get: publicProcedure.input(z.object({ id: z.number().int() })).query(async ({ ctx, input }) => {
    const job = await ctx.prisma.importJob.findUnique({ where: { id: input.id } });
    if (!job) notFound(`import ${input.id}`);
    return job;
  }),

  /** Live progress of a browser upload's import (by the token the browser chose). */
  progress: publicProcedure.input(z.object({ token: z.string().min(8).max(100) })).query(({ input }) => uploadProgress(input.token)),
});
