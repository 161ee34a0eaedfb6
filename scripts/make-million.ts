// Makes a large queries file for import measurements from the real queries, replicated with varied ids:
//   npx tsx scripts/make-million.ts [--lines 1000000] [--out .data/queries-1m.jsonl]
// Streams its output: memory stays flat whatever --lines is.
import { createWriteStream, readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { once } from "node:events";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}
const n = Number(arg("--lines", "1000000"));
const out = resolve(arg("--out", ".data/queries-1m.jsonl"));
const shared = join(process.env.FISTUDIO_SHARED_DATA ?? "/work/shared/data", "real-queries", "queries.jsonl");
const src = existsSync(shared) ? shared : join("prisma", "sample", "queries.jsonl");
const rows = readFileSync(src, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const w = createWriteStream(out);
for (let i = 0; i < n; i++) {
  const r = rows[i % rows.length];
  const copy = Math.floor(i / rows.length);
  const line = JSON.stringify({ ...r, id: copy ? `${r.id}#${copy}` : r.id }) + "\n";
  if (!w.write(line)) await once(w, "drain");
}
w.end();
await once(w, "finish");
console.log(JSON.stringify({ lines: n, out, from: src }));
