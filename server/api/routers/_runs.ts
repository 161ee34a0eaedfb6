import { TRPCError } from "@trpc/server";
import { loadRuns } from "../../runs/lazy";

/** Calls into the runs modules (loaded on first use); their RunErrors become NOT_FOUND or BAD_REQUEST. */
export async function guard<T>(fn: (m: Awaited<ReturnType<typeof loadRuns>>) => Promise<T>): Promise<T> {
  const m = await loadRuns();
  try {
    return await fn(m);
  } catch (e) {
    if (e instanceof Error && e.name === "RunError") throw new TRPCError({ code: /not found/i.test(e.message) ? "NOT_FOUND" : "BAD_REQUEST", message: e.message });
    throw e;
  }
}
