// Builds the bundled sample (prisma/sample/*.jsonl) from ../shared/data, deterministically:
//   npx tsx scripts/make-sample.ts [--data /work/shared/data] [--queries 5000] [--documents 2000]
// Queries: all 175 self-instruct seeds, the rest split across the other sources in proportion to their size.
// Within a source, rows are ranked by sha256("fistudio-sample|" + id) and the first N kept; output sorted by id.
// Documents: the first 2,000 passages by the same ranking. Lines are copied byte for byte.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

const dataDir = resolve(arg("--data", process.env.FISTUDIO_SHARED_DATA ?? "/work/shared/data"));
const nQueries = Number(arg("--queries", "5000"));
const nDocs = Number(arg("--documents", "2000"));
const outDir = resolve(import.meta.dirname ?? ".", "..", "prisma", "sample");

const rank = (id: string) => createHash("sha256").update("fistudio-sample|" + id).digest("hex");

function readJsonl(path: string): { line: string; obj: Record<string, unknown> }[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((line) => ({ line, obj: JSON.parse(line) }));
}

const qPath = join(dataDir, "real-queries", "queries.jsonl");
const dPath = join(dataDir, "nq-wikipedia-passages", "documents.jsonl");
if (!existsSync(qPath) || !existsSync(dPath)) throw new Error(`source data not found under ${dataDir}`);

const queries = readJsonl(qPath);
const bySource = new Map<string, typeof queries>();
for (const q of queries) {
  const s = String(q.obj.source);
  if (!bySource.has(s)) bySource.set(s, []);
  bySource.get(s)!.push(q);
}
const small = [...bySource.entries()].filter(([, rows]) => rows.length <= 500);
const big = [...bySource.entries()].filter(([, rows]) => rows.length > 500);
const budget = nQueries - small.reduce((n, [, r]) => n + r.length, 0);
const bigTotal = big.reduce((n, [, r]) => n + r.length, 0);
big.sort((a, b) => a[0].localeCompare(b[0]));
const alloc = big.map(([, rows]) => Math.floor((budget * rows.length) / bigTotal));
for (let i = 0; alloc.reduce((a, b) => a + b, 0) < budget; i = (i + 1) % alloc.length) alloc[i]++;
const picked: typeof queries = small.flatMap(([, r]) => r);
big.forEach(([, rows], i) => {
  picked.push(...[...rows].sort((a, b) => rank(String(a.obj.id)).localeCompare(rank(String(b.obj.id)))).slice(0, alloc[i]));
});
const finalQ = picked.sort((a, b) => String(a.obj.id).localeCompare(String(b.obj.id))).slice(0, nQueries);
writeFileSync(join(outDir, "queries.jsonl"), finalQ.map((q) => q.line).join("\n") + "\n");

const docs = readJsonl(dPath);
const finalD = [...docs]
  .sort((a, b) => rank(String(a.obj.id)).localeCompare(rank(String(b.obj.id))))
  .slice(0, nDocs)
  .sort((a, b) => String(a.obj.id).localeCompare(String(b.obj.id)));
writeFileSync(join(outDir, "documents.jsonl"), finalD.map((d) => d.line).join("\n") + "\n");

const counts: Record<string, number> = {};
for (const q of finalQ) counts[String(q.obj.source)] = (counts[String(q.obj.source)] ?? 0) + 1;
console.log(JSON.stringify({ queries: finalQ.length, bySource: counts, documents: finalD.length }));
