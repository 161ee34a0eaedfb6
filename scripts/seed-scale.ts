// npm run seed:scale -- --templates 1000000 [--seed 1] [--batch-id scale]
// Fills the template bank with realistic templates recombined from the real genericized ones: each new template is a
// real template whose variable descriptions are swapped for other real descriptions of the same type, with a varied
// compatible-document description, tags, source, status and creation date. Loaded with COPY in one transaction
// (secondary indexes dropped and rebuilt when the load dwarfs the table), then FacetCount refreshed and ANALYZE run.
// Idempotent per --batch-id: ids are "<batch-id>-<n>", so re-running adds nothing twice.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import { openDatabase } from "../server/db/session";
import { getPool, withTransaction } from "../server/db/pool";
import { refreshFacetCounts } from "../server/db/facets";
import { seedIfEmpty } from "../server/db/seed";
import { makeRng } from "../server/pipeline/rng";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

const N = Number(arg("--templates", "1000000"));
const SEED = Number(arg("--seed", "1"));
const BATCH = arg("--batch-id", "scale");

interface Base {
  text: string;
  description: string;
  variables: { description: string; type: string }[];
  tags: string[];
  sourceName: string;
}

const EXTRA_TAGS = ["reviewed", "needs-review", "science", "history", "geography", "sports", "music", "film", "technology", "programming", "health", "business", "law", "politics", "literature", "math", "how-to", "definition", "comparison", "numeric-answer"];
const DOC_LEADS = ["A text about", "An article on", "A passage describing", "A reference entry about", "A news report on", "A tutorial covering", "An encyclopedia paragraph on"];
const DOC_TAILS = ["that states the answer.", "with the relevant facts.", "that explains it in detail.", "mentioning dates and names.", "including a short definition.", ""];
const SOURCES_EXTRA = ["paper-bank", "community-upload", "curated-v2"];

// COPY text format: escape backslash, tab, newline, carriage return.
const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
const pgArray = (a: string[]) => "{" + a.map((t) => '"' + t.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"').join(",") + "}";

async function main() {
  const t0 = Date.now();
  const session = await openDatabase({ log: (m) => console.error(m) });
  const pool = getPool();
  try {
    if ((await pool.query(`SELECT count(*)::int AS n FROM "Template" WHERE origin = 'genericized'`)).rows[0].n < 100) {
      console.error("no genericized templates yet: loading the bundled sample first");
      await seedIfEmpty({ force: true, log: (m) => console.error(m) });
    }
    const { rows: bases } = (await pool.query(
      `SELECT text, description, variables, tags, "sourceName" FROM "Template" WHERE origin = 'genericized' AND "variableCount" > 0 ORDER BY id`,
    )) as { rows: Base[] };
    if (!bases.length) throw new Error("no genericized templates to recombine");
    const byType = new Map<string, string[]>();
    for (const b of bases)
      for (const v of b.variables) {
        const l = byType.get(v.type) ?? [];
        if (!l.includes(v.description)) l.push(v.description);
        byType.set(v.type, l);
      }
    const sources = [...new Set(bases.map((b) => b.sourceName)), ...SOURCES_EXTRA];
    const rng = makeRng(SEED);
    const pick = <T>(a: T[]) => a[Math.floor(rng() * a.length)];
    const now = Date.now();

    function* rowsGen(): Generator<string> {
      let chunk = "";
      for (let i = 0; i < N; i++) {
        const b = pick(bases);
        const map = new Map<string, string>();
        const vars = b.variables.map((v) => {
          const alt = rng() < 0.7 ? pick(byType.get(v.type) ?? [v.description]) : v.description;
          const d = map.get(v.description) ?? alt;
          map.set(v.description, d);
          return { description: d, type: v.type };
        });
        const uniq = [...new Map(vars.map((v) => [v.description, v])).values()];
        let text = b.text.replace(/<fi>([\s\S]*?)<\/fi>/g, (_m, d: string) => `<fi>${map.get(d.replace(/\s+/g, " ").trim()) ?? d}</fi>`);
        if (rng() < 0.15) text = pick(["In short, ", "Briefly, ", "Please tell me: ", "I wonder, "]) + text;
        const description = `${pick(DOC_LEADS)} ${uniq.map((v) => v.description).join(" and ")} ${pick(DOC_TAILS)}`.trim();
        const tags = new Set(b.tags);
        const extra = Math.floor(rng() * 3);
        for (let k = 0; k < extra; k++) tags.add(pick(EXTRA_TAGS));
        const status = rng() < 0.06 ? "retired" : "active";
        const source = rng() < 0.85 ? b.sourceName : pick(sources);
        const created = new Date(now - Math.floor(rng() * 365 * 86400_000)).toISOString();
        chunk +=
          [`${BATCH}-${i}`, status, "genericized", esc(text), esc(description), esc(JSON.stringify(uniq)), String(uniq.length), esc(pgArray([...tags].sort())), esc(source), created, created].join("\t") +
          "\n";
        if (chunk.length > 1 << 20) {
          yield chunk;
          chunk = "";
        }
        if (i % 100_000 === 99_999) console.error(`  generated ${(i + 1).toLocaleString("en")} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
      if (chunk) yield chunk;
    }

    await withTransaction(pool, async (client) => {
      await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
      const existing = (await client.query(`SELECT count(*)::int AS n FROM "Template"`)).rows[0].n as number;
      const rebuild = N > 5 * existing;
      let indexDefs: { indexname: string; indexdef: string }[] = [];
      if (rebuild) {
        indexDefs = (
          await client.query(
            `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename = 'Template'
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
          )
        ).rows;
        for (const ix of indexDefs) await client.query(`DROP INDEX "${ix.indexname}"`);
        console.error(`dropped ${indexDefs.length} secondary indexes for the load`);
      }
      await client.query(`CREATE TEMP TABLE _scale (LIKE "Template" INCLUDING DEFAULTS) ON COMMIT DROP`);
      await client.query(`ALTER TABLE _scale DROP COLUMN search`);
      const copy = client.query(
        copyFrom(`COPY _scale (id, status, origin, text, description, variables, "variableCount", tags, "sourceName", "createdAt", "updatedAt") FROM STDIN`),
      );
      await pipeline(Readable.from(rowsGen()), copy);
      console.error(`copied ${N.toLocaleString("en")} rows into staging (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      const ins = await client.query(
        `INSERT INTO "Template" (id, status, origin, text, description, variables, "variableCount", tags, "sourceName", "createdAt", "updatedAt")
         SELECT id, status, origin, text, description, variables, "variableCount", tags, "sourceName", "createdAt", "updatedAt" FROM _scale
         ON CONFLICT (id) DO NOTHING`,
      );
      console.error(`inserted ${ins.rowCount?.toLocaleString("en")} templates (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      await client.query(
        `INSERT INTO "TemplateVersion" ("templateId", version, text, description, variables, "variableCount", note, "createdAt")
         SELECT s.id, 1, s.text, s.description, s.variables, s."variableCount", 'seed:scale', s."createdAt" FROM _scale s
         ON CONFLICT ("templateId", version) DO NOTHING`,
      );
      console.error(`versions written (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      for (const ix of indexDefs) {
        const t = Date.now();
        await client.query(ix.indexdef);
        console.error(`  rebuilt ${ix.indexname} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
      await refreshFacetCounts(client, "template");
    });
    await pool.query(`ANALYZE "Template"`);
    await pool.query(`ANALYZE "TemplateVersion"`);
    const total = (await pool.query(`SELECT count FROM "FacetCount" WHERE entity = 'template' AND facet = 'total'`)).rows[0]?.count;
    console.log(JSON.stringify({ requested: N, templatesInBank: Number(total ?? 0), seconds: Math.round((Date.now() - t0) / 100) / 10 }));
  } finally {
    await session.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
