// Corpus registration (files that stay where they are): thin tRPC layer over server/runs/corpus-files.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { loadConfig } from "../../config";
import { expandPaths, PathRefusedError, registerCorpus } from "../../runs/corpus-files";
import { createTRPCRouter, publicProcedure } from "../trpc";

const fieldMap = z.object({ id: z.string().optional(), text: z.string().optional(), title: z.string().optional(), source: z.string().optional() }).optional();

function asTrpc(e: unknown): never {
  if (e instanceof PathRefusedError) throw new TRPCError({ code: "FORBIDDEN", message: e.message });
  if (e instanceof Error && /^(Not found|Unsupported|No JSONL|A corpus|Give at least)/.test(e.message)) throw new TRPCError({ code: "BAD_REQUEST", message: e.message });
  throw e;
}

export const corpusFilesRouter = createTRPCRouter({
  /** The folders the server may read corpus files from. */
  dataRoots: publicProcedure.query(() => loadConfig().dataRoots),

  /** Check paths and list the files a registration would add (no counting). */
  inspect: publicProcedure.input(z.object({ paths: z.array(z.string().min(1)).min(1).max(100) })).mutation(async ({ input }) => {
    try {
      return await expandPaths(input.paths);
    } catch (e) {
      asTrpc(e);
    }
  }),

  register: publicProcedure
    .input(
      z.object({
        name: z.string().min(1).max(200),
        paths: z.array(z.string().min(1)).min(1).max(100),
        description: z.string().max(5000).optional(),
        license: z.string().max(500).optional(),
        fieldMap,
        sampleSize: z.number().int().min(0).max(100_000).optional(),
      }),
    )
    .mutation(async ({ input }) => {
      try {
        return await registerCorpus({ ...input, fieldMap: input.fieldMap as never });
      } catch (e) {
        asTrpc(e);
      }
    }),
});
