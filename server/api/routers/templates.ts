import { z } from "zod";
import {
  bulkUpdateTemplates,
  getTemplate,
  listTemplates,
  TEMPLATE_SORTS,
  templateFacets,
  type TemplateSort,
} from "../../browse/templates";
import { editTemplate } from "../../templates/edit";
import { createTRPCRouter, notFound, publicProcedure } from "../trpc";
import { guard } from "./_runs";
import { pageInput, stringList } from "./_shared";

const filters = z
  .object({
    status: z.array(z.enum(["active", "retired"])).optional(),
    origin: z.array(z.enum(["genericized", "imported", "edited"])).optional(),
    source: stringList,
    variableCount: z.array(z.number().int().min(0).max(100)).max(100).optional(),
    tags: stringList,
    sourceQueryId: z.string().max(300).optional(),
  })
  .default({});

const tagName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w:.\-/ ]+$/, "tags use letters, digits and _ : . - / space");

export const templatesRouter = createTRPCRouter({
  list: publicProcedure
    .input(z.object({ ...pageInput, sort: z.enum(TEMPLATE_SORTS as [TemplateSort, ...TemplateSort[]]).optional(), filters }))
    .query(({ input }) => listTemplates(input)),

  get: publicProcedure.input(z.object({ id: z.string().min(1).max(300) })).query(async ({ input }) => {
    return (await getTemplate(input.id)) ?? notFound(`template ${input.id}`);
  }),

  facets: publicProcedure.query(() => templateFacets()),

  /** Retire, activate or tag every template of the filtered set (or explicit ids). */
  bulk: publicProcedure
    .input(
      z.object({
        selection: z.union([z.object({ ids: z.array(z.string().max(300)).min(1).max(10_000) }), z.object({ filters, q: pageInput.q })]),
        action: z.union([
          z.object({ setStatus: z.enum(["active", "retired"]) }),
          z.object({ addTags: z.array(tagName).min(1).max(20) }),
          z.object({ removeTags: z.array(tagName).min(1).max(20) }),
        ]),
      }),
    )
    .mutation(({ input }) => bulkUpdateTemplates(input.selection, input.action)),

  /** Edit a template: a new version becomes current; older versions stay (runs pin versions). */
  edit: publicProcedure
    .input(
      z.object({
        id: z.string().min(1).max(300),
        expectedVersion: z.number().int().min(1),
        text: z.string().min(1).max(5000),
        description: z.string().max(5000),
        note: z.string().max(1000).default(""),
      }),
    )
    .mutation(({ input }) => editTemplate(input)),

  /** The stored documents this template matches (full-text candidates, scored by the engine's matcher), with its pair on each. */
  documents: publicProcedure
    .input(
      z.object({
        id: z.string().min(1).max(300),
        corpusId: z.number().int().optional(),
        presetId: z.number().int().optional(),
        limit: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(({ input }) => guard((m) => m.templateDocuments.templateDocuments(input))),

  /** The latest audit-sample pairs that runs made from this template (SamplePair is indexed by templateId). */
  samples: publicProcedure
    .input(z.object({ id: z.string().min(1).max(300), limit: z.number().int().min(1).max(50).default(5) }))
    .query(({ ctx, input }) =>
      ctx.prisma.samplePair.findMany({
        where: { templateId: input.id },
        orderBy: { id: "desc" },
        take: input.limit,
        select: {
          id: true,
          runId: true,
          templateVersion: true,
          documentId: true,
          documentTitle: true,
          instruction: true,
          answer: true,
          judgeScore: true,
          excerptRatio: true,
          viewK: true,
          run: { select: { name: true } },
        },
      }),
    ),
});
