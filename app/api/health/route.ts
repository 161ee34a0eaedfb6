// Liveness + database check, used by the e2e webServer and by anyone scripting the studio.
import { getPool } from "@/server/db/pool";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { rows } = await getPool().query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
    return Response.json({ ok: true, migrations: rows[0].n });
  } catch (e) {
    return Response.json({ ok: false, error: e instanceof Error ? e.message : String(e) }, { status: 503 });
  }
}
