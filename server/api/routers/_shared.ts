import { z } from "zod";

/** Common list input: cursor pagination, sort, search. Routers extend it with their filters. */
export const pageInput = {
  cursor: z.string().max(2000).nullish(),
  limit: z.number().int().min(1).max(500).default(100),
  dir: z.enum(["asc", "desc"]).optional(),
  q: z.string().max(500).nullish(),
};

export const stringList = z.array(z.string().max(300)).max(200).optional();
