import { z } from "zod";
import { getDocument, listDocuments } from "../../browse/documents";
import { createTRPCRouter, notFound, publicProcedure } from "../trpc";
import { guard } from "./_runs";
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

  /** The document's views and the active templates each view matched, with what became of each match. */
  matches: publicProcedure
    .input(z.object({ id: z.string().min(1).max(500), presetId: z.number().int().optional() }))
    .query(async ({ input }) => (await guard((m) => m.documentMatches.documentMatches(input.id, input.presetId))) ?? notFound(`document ${input.id}`)),
});
