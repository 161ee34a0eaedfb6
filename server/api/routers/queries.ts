import { z } from "zod";
import { getQuery, listQueries, listQuerySources, queryFacets } from "../../browse/queries";
import { createTRPCRouter, notFound, publicProcedure } from "../trpc";
import { pageInput, stringList } from "./_shared";

export const queriesRouter = createTRPCRouter({
  list: publicProcedure
    .input(
      z.object({
        ...pageInput,
        sort: z.enum(["createdAt", "id"]).optional(),
        filters: z
          .object({
            source: stringList,
            status: z.array(z.enum(["new", "genericized", "rejected", "merged"])).optional(),
            importId: z.number().int().optional(),
          })
          .default({}),
      }),
    )
    .query(({ input }) => listQueries(input)),

  get: publicProcedure.input(z.object({ id: z.string().min(1).max(300) })).query(async ({ input }) => {
    return (await getQuery(input.id)) ?? notFound(`query ${input.id}`);
  }),

  facets: publicProcedure.query(() => queryFacets()),

  sources: publicProcedure.query(() => listQuerySources()),
});
