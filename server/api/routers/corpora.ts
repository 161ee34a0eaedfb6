import { z } from "zod";
import { listCorpora } from "../../browse/documents";
import { createTRPCRouter, notFound, publicProcedure } from "../trpc";

export const corporaRouter = createTRPCRouter({
  list: publicProcedure.query(() => listCorpora()),

  get: publicProcedure.input(z.object({ id: z.number().int() })).query(async ({ ctx, input }) => {
    const corpus = await ctx.prisma.corpus.findUnique({
      where: { id: input.id },
      include: { files: { orderBy: { rowOffset: "asc" } }, _count: { select: { runs: true } } },
    });
    if (!corpus) notFound(`corpus ${input.id}`);
    return {
      ...corpus,
      files: corpus.files.map((f) => ({ ...f, sizeBytes: Number(f.sizeBytes) })),
    };
  }),
});
