import { readFileSync } from "node:fs";
import { createEngine } from "../server/pipeline/engine";
import { DEFAULT_SETTINGS } from "../server/pipeline/defaults";
import { recombine } from "./bench-bank";
const bank = JSON.parse(readFileSync(".cache/bench/templates-f33840e9bdbe.json", "utf8"));
const templates = recombine(Array.isArray(bank) ? bank : bank.templates, 50000);
const docs = readFileSync("../shared/data/nq-wikipedia-passages/documents.jsonl", "utf8").trim().split("\n").slice(0, 3000).map((l) => JSON.parse(l)).map((d: any) => ({ id: d.id, text: d.text, title: d.title }));
const engine = await createEngine({ templates, settings: DEFAULT_SETTINGS });
const usage = new Map<string, number>();
const budget = { carry: 0 };
await engine.processBatch(docs.slice(0, 256), usage, budget);
const t = { match: 0, instantiate: 0, judge: 0, assemble: 0 };
const t0 = performance.now();
for (let i = 256; i < docs.length; i += 256) {
  const r = await engine.processBatch(docs.slice(i, i + 256), usage, budget);
  for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r.timingsMs[k];
}
const s = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ docsPerSecond: (docs.length - 256) / s, ...t }));
