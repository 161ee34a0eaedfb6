// Matching quality per encoder on a public QA file: recall@6 and MRR of a passage's own template(s) among the
// whole bank, score distributions of own pairs vs. hard negatives (best template of another article), and the
// threshold that separates them best (Youden's J), and random-pair scores. Used to calibrate DEFAULT_THRESHOLDS.
//   npx tsx scripts/match-quality.ts --qa ../shared/data/squad-v1.1-dev/qa-eval-public.jsonl [--encoder lexical,dense,hybrid]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { openTemplateIndex } from "../server/pipeline/ann-index";
import type { EncoderName } from "../server/pipeline/encoders/types";
import { encodeDocuments, rankTemplates } from "../server/pipeline/match";
import { DEFAULT_SETTINGS } from "../server/pipeline/defaults";
import { makeRng } from "../server/pipeline/rng";
import type { EngineTemplate, TemplateVariable } from "../server/pipeline/types";

const { values } = parseArgs({
  options: {
    qa: { type: "string" },
    encoder: { type: "string", default: "lexical" },
    limit: { type: "string" },
  },
});
interface Qa { id: string; question: string; context: string; title?: string }
const rows: Qa[] = readFileSync(values.qa!, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const qa = values.limit ? rows.slice(0, Number(values.limit)) : rows;

type Gen = (q: string) => { ok: boolean; template?: string; variables?: TemplateVariable[]; compatibleDocumentDescription?: string };
const mod = (await import("../server/pipeline/genericize").catch(() => null)) as { genericize?: Gen } | null;
const genericize: Gen = mod?.genericize ?? ((q) => ({ ok: true, template: q, variables: [], compatibleDocumentDescription: "" }));
if (!mod?.genericize) console.error("genericize.ts not available: using raw questions");

const templates: EngineTemplate[] = [];
const ownOf = new Map<string, Set<string>>(); // context → template ids
const titleOfTemplate = new Map<string, string>();
for (const r of qa) {
  const g = genericize(r.question);
  if (!g.ok || !g.template) continue;
  const id = `t-${r.id}`;
  templates.push({ id, version: 1, text: g.template, variables: g.variables ?? [], compatibleDocumentDescription: g.compatibleDocumentDescription ?? "" });
  if (!ownOf.has(r.context)) ownOf.set(r.context, new Set());
  ownOf.get(r.context)!.add(id);
  titleOfTemplate.set(id, r.title ?? r.context);
}
const passages = [...ownOf.keys()];
const titleOfPassage = new Map(qa.map((r) => [r.context, r.title ?? r.context]));

for (const enc of values.encoder!.split(",") as EncoderName[]) {
  const t0 = performance.now();
  const index = await openTemplateIndex({ templates, encoder: enc });
  const tIndex = performance.now() - t0;
  let hits = 0, rr = 0, n = 0;
  const own: number[] = [], neg: number[] = [], ownTop6: number[] = [], random: number[] = [];
  const rng = makeRng(1);
  const t1 = performance.now();
  for (const [i, text] of passages.entries()) {
    const ranked = await rankTemplates(index, { id: `p${i}`, text }, 100);
    for (const id of ownOf.get(text)!) {
      n++;
      const r = ranked.findIndex((x) => x.templateId === id);
      if (r >= 0 && r < 6) {
        hits++;
        ownTop6.push(ranked[r].score);
      }
      if (r >= 0) { rr += 1 / (r + 1); own.push(ranked[r].score); } else own.push(0);
    }
    const hard = ranked.find((x) => titleOfTemplate.get(x.templateId) !== titleOfPassage.get(text));
    neg.push(hard?.score ?? 0);
    // Random negative: a template of another article, scored on its best view.
    let t: number;
    do t = Math.floor(rng() * templates.length);
    while (titleOfTemplate.get(templates[t].id) === titleOfPassage.get(text) && templates.length > 1);
    const [{ encoded }] = await encodeDocuments(index, [{ id: `p${i}`, text }], DEFAULT_SETTINGS.match);
    random.push(Math.max(...encoded.map((v) => index.score(t, v))));
  }
  const secs = (performance.now() - t1) / 1000;
  // Youden: maximise TPR(own ≥ θ) − FPR(hard negative ≥ θ).
  let bestT = 0, bestJ = -1;
  for (let th = 0; th <= 1; th += 0.005) {
    const j = own.filter((s) => s >= th).length / own.length - neg.filter((s) => s >= th).length / neg.length;
    if (j > bestJ) { bestJ = j; bestT = th; }
  }
  const q = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.floor(p * (a.length - 1))].toFixed(3);
  console.log(JSON.stringify({
    encoder: enc, templates: templates.length, passages: passages.length,
    recallAt6: +(hits / n).toFixed(4), mrr: +(rr / n).toFixed(4),
    own: { p10: q(own, 0.1), p25: q(own, 0.25), p50: q(own, 0.5) }, ownInTop6: { p10: q(ownTop6, 0.1), p20: q(ownTop6, 0.2), p50: q(ownTop6, 0.5) },
    randomNegative: { p90: q(random, 0.9), p95: q(random, 0.95), p99: q(random, 0.99) }, hardNegative: { p50: q(neg, 0.5), p75: q(neg, 0.75), p90: q(neg, 0.9) },
    youdenThreshold: +bestT.toFixed(3), youdenJ: +bestJ.toFixed(3),
    indexSeconds: +(tIndex / 1000).toFixed(2), passagesPerSecond: +(passages.length / secs).toFixed(1),
  }));
}
