// tRPC initialisation (create-t3-app layout): context, transformer, error shape, procedure helpers.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { getPrisma } from "../db/client";
import { ensureDatabaseReady } from "./db-ready";

export async function createTRPCContext(opts: { headers: Headers }) {
  await ensureDatabaseReady();
  return { prisma: getPrisma(), headers: opts.headers };
}

export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        // Field errors from zod inputs, so forms can point at the bad field.
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/** Logs slow procedures on the server so browsing regressions are visible in the console. */
const timingMiddleware = t.middleware(async ({ next, path }) => {
  const start = performance.now();
  const result = await next();
  const ms = performance.now() - start;
  if (ms > 500) console.warn(`[trpc] ${path} took ${ms.toFixed(0)} ms`);
  return result;
});

export const publicProcedure = t.procedure.use(timingMiddleware);

export function notFound(what: string): never {
  throw new TRPCError({ code: "NOT_FOUND", message: `${what} not found` });
}
