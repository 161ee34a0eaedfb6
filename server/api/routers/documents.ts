import { z } from "zod";
import { getDocument, listDocuments } from "../../browse/documents";
import { createTRPCRouter, notFound, publicProcedure } from "../trpc";
import { pageInput } from "./_shared";

export const documentsRouter = createTRPCRouter({
  list: publicProcedure
    .input(
      z.object({
        ...pageInput,
        sort: z.enum(["rowIndex", "id"]).optional(),
        filters: z
          .object({
            corpusId: z.number().int().optional(),
            source: z.string().max(300).optional(),
          })
          .default({}),
      }),
    )
    .query(({ input }) => listDocuments(input)),

  get: publicProcedure.input(z.object({ id: z.string().min(1).max(500) })).query(async ({ input }) => {
    return (await getDocument(input.id)) ?? notFound(`document ${input.id}`);
  }),
});
