import { readFacets } from "../../browse/common";
import { listCorpora } from "../../browse/documents";
import { getPool } from "../../db/pool";
import { VAGUE_DESCRIPTION_TAG } from "../../pipeline/review";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const statsRouter = createTRPCRouter({
  /** Everything the dashboard shows, from pre-aggregates and small tables (no scans of big ones). */
  dashboard: publicProcedure.query(async ({ ctx }) => {
    const db = getPool();
    const [templates, queries, documents, corpora, imports, runs, runCount] = await Promise.all([
      readFacets(db, "template"),
      readFacets(db, "query"),
      readFacets(db, "document"),
      listCorpora(db),
      ctx.prisma.importJob.findMany({
        orderBy: { id: "desc" },
        take: 6,
        select: { id: true, kind: true, fileName: true, source: true, status: true, imported: true, badLines: true, duplicates: true, createdAt: true },
      }),
      ctx.prisma.run.findMany({
        orderBy: { id: "desc" },
        take: 6,
        select: { id: true, name: true, status: true, createdAt: true, finishedAt: true, corpus: { select: { name: true } } },
      }),
      ctx.prisma.run.count(),
    ]);
    const total = (f: typeof templates) => f.total?.all ?? 0;
    return {
      counts: {
        templates: total(templates),
        activeTemplates: templates.status?.active ?? 0,
        retiredTemplates: templates.status?.retired ?? 0,
        /** Templates the engine tagged for a curator's look (pipeline/review.ts). */
        templatesToReview: templates.tag?.[VAGUE_DESCRIPTION_TAG] ?? 0,
        queries: total(queries),
        documents: total(documents),
        corpora: corpora.length,
        runs: runCount,
      },
      templatesByVariableCount: Object.entries(templates.variableCount ?? {})
        .map(([k, n]) => ({ variables: Number(k), count: n }))
        .sort((a, b) => a.variables - b.variables),
      templatesBySource: Object.entries(templates.source ?? {})
        .map(([source, count]) => ({ source, count }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 8),
      querySources: Object.entries(queries.source ?? {})
        .map(([source, count]) => ({ source, count }))
        .sort((a, b) => b.count - a.count),
      corpora,
      imports,
      runs,
    };
  }),
});
