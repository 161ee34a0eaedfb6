import { auditRouter } from "./routers/audit";
import { corporaRouter } from "./routers/corpora";
import { corpusFilesRouter } from "./routers/corpusFiles";
import { runsRouter } from "./routers/runs";
import { documentsRouter } from "./routers/documents";
import { importsRouter } from "./routers/imports";
import { queriesRouter } from "./routers/queries";
import { statsRouter } from "./routers/stats";
import { templatesRouter } from "./routers/templates";
import { tuneRouter } from "./routers/tune";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  queries: queriesRouter,
  templates: templatesRouter,
  documents: documentsRouter,
  corpora: corporaRouter,
  imports: importsRouter,
  stats: statsRouter,
  runs: runsRouter,
  corpusFiles: corpusFilesRouter,
  tune: tuneRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (tests, server components): `createCaller(ctx).templates.list(...)`. */
export const createCaller = createCallerFactory(appRouter);
