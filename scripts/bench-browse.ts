// npm run bench:browse [-- --iterations 40 --limit 50]
// Server-side latency of the template browser's queries (the same functions the tRPC router calls), over whatever
// bank the database holds (fill it with `npm run seed:scale -- --templates 1000000`):
//   firstPage: default sort, no filter, with the total count
//   nextPages: pages 2-5 through the keyset cursor
//   filter:    status + variableCount + source + tag (values drawn from the facets, varied per iteration)
//   search:    full-text search (websearch_to_tsquery) with a varied term, sorted by recency
//   searchFiltered: search + status filter
//   searchByRelevance: search sorted by full-text rank
// Prints p50/p95 in ms per query, and as its LAST line one JSON object.
import { openDatabase } from "../server/db/session";
import { getPool } from "../server/db/pool";
import { listTemplates, templateFacets, type ListTemplatesInput } from "../server/browse/templates";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}
const ITER = Number(arg("--iterations", "40"));
const LIMIT = Number(arg("--limit", "50"));
const TERMS = ["capital", "python", "war", "song", "install", "population", "president", "river", "movie", "java", "world cup", "how to convert", "season", "first", "election"];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function main() {
  const session = await openDatabase({ log: (m) => console.error(m) });
  try {
    const facets = await templateFacets();
    const total = facets.total?.all ?? 0;
    const top = (f: string, n: number) =>
      Object.entries(facets[f] ?? {})
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k]) => k);
    const sources = top("source", 5);
    const tags = top("tag", 8);
    const vcs = top("variableCount", 3).map(Number);
    let k = 0;
    const filterInput = (): ListTemplatesInput => {
      k++;
      return { limit: LIMIT, filters: { status: ["active"], variableCount: [vcs[k % vcs.length]], source: [sources[k % sources.length]], tags: [tags[k % tags.length]] } };
    };
    const cases: Record<string, () => Promise<unknown>> = {
      firstPage: () => listTemplates({ limit: LIMIT }),
      nextPages: async () => {
        let p = await listTemplates({ limit: LIMIT, sort: "variableCount", dir: "asc" });
        for (let i = 0; i < 4 && p.nextCursor; i++) p = await listTemplates({ limit: LIMIT, sort: "variableCount", dir: "asc", cursor: p.nextCursor });
      },
      filter: async () => {
        const input = filterInput();
        const t = performance.now();
        await listTemplates(input);
        const ms = performance.now() - t;
        if (ms > 300) console.error(`  slow filter (${Math.round(ms)} ms): ${JSON.stringify(input.filters)}`);
      },
      search: () => listTemplates({ limit: LIMIT, q: TERMS[k++ % TERMS.length] }),
      searchFiltered: () => listTemplates({ limit: LIMIT, q: TERMS[k++ % TERMS.length], filters: { status: ["active"] } }),
      searchByRelevance: () => listTemplates({ limit: LIMIT, q: TERMS[k++ % TERMS.length], sort: "relevance" }),
    };
    const results: Record<string, { p50: number; p95: number; max: number; n: number }> = {};
    for (const [name, fn] of Object.entries(cases)) {
      for (let i = 0; i < 3; i++) await fn(); // warm-up
      const xs: number[] = [];
      for (let i = 0; i < ITER; i++) xs.push(await time(fn));
      results[name] = { p50: pct(xs, 50), p95: pct(xs, 95), max: Math.round(Math.max(...xs) * 10) / 10, n: xs.length };
      console.error(`${name.padEnd(15)} p50 ${String(results[name].p50).padStart(7)} ms   p95 ${String(results[name].p95).padStart(7)} ms`);
    }
    // nextPages covers 5 page loads per sample: report per page too.
    const server = (await getPool().query(`SHOW server_version`)).rows[0].server_version;
    console.log(
      JSON.stringify({
        templates: total,
        limit: LIMIT,
        iterations: ITER,
        postgres: server,
        database: session.db.embedded ? "embedded" : "DATABASE_URL",
        ms: results,
        nextPagesPerPage: { p50: Math.round((results.nextPages.p50 / 5) * 10) / 10, p95: Math.round((results.nextPages.p95 / 5) * 10) / 10 },
        targetP95Ms: 300,
        pass: ["firstPage", "filter", "search"].every((c) => results[c].p95 < 300),
      }),
    );
  } finally {
    await session.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
