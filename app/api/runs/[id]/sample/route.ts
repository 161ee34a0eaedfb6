import { getPrisma } from "@/server/db/client";
import { outputSampleArrow } from "@/server/runs/output-sample";

export const dynamic = "force-dynamic";

/** GET /api/runs/:id/sample?limit=N → Arrow IPC stream of up to N output rows (default 10,000). */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const id = Number((await ctx.params).id);
  const limit = Math.min(Math.max(Number(new URL(req.url).searchParams.get("limit") ?? 10_000) || 10_000, 1), 100_000);
  const run = Number.isInteger(id) ? await getPrisma().run.findUnique({ where: { id }, select: { outputDir: true } }) : null;
  if (!run) return Response.json({ error: `run ${id} not found` }, { status: 404 });
  try {
    const body = await outputSampleArrow(run.outputDir, limit);
    return new Response(Buffer.from(body), { headers: { "content-type": "application/vnd.apache.arrow.stream" } });
  } catch (e) {
    return Response.json({ error: (e as Error).message }, { status: 409 });
  }
}
