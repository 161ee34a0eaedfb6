import { readFileSync } from "node:fs";
import { genericize } from "../server/pipeline/genericize";
import { instantiate } from "../server/pipeline/instantiate";
import { parseTemplate } from "../server/pipeline/template-syntax";
import { DEFAULT_SETTINGS } from "../server/pipeline/defaults";
const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
const rows = readFileSync(process.argv[2] ?? "../shared/data/nq-wikipedia-passages/qa-eval-public.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l));
const reasons: Record<string, number> = {};
const lines: string[] = [];
for (const r of rows) {
  const g: any = genericize(r.question);
  if (!g.ok || !g.variables.length) continue;
  const t = { id: "t", text: g.template, variables: g.variables } as any;
  (globalThis as any).FILLDBG = [];
  const res: any = instantiate(t, { id: "d", text: r.context }, { k: 0, start: 0, end: r.context.length }, DEFAULT_SETTINGS.instantiate);
  const dbg = (globalThis as any).FILLDBG;
  (globalThis as any).FILLDBG = null;
  if (!res.ok) continue;
  const order = parseTemplate(t.text).parts.flatMap((p: any) => (p.kind === "text" ? [] : [p.description]));
  g.spans.forEach((sp: any, j: number) => {
    const want = norm(sp.text);
    if (!want || !` ${norm(r.context)} `.includes(` ${want} `)) return;
    const got = norm(res.fills[order[j]] ?? "");
    if (got === want) return;
    const cands = dbg.filter((c: any) => c.description === order[j]);
    const wc = cands.filter((c: any) => norm(c.lower) === want).sort((a: any, b: any) => b.score - a.score)[0];
    const best = cands.filter((c: any) => norm(c.lower) === got).sort((a: any, b: any) => b.score - a.score)[0];
    let why = "not-a-candidate";
    if (wc && best) {
      const diffs = ["tc", "descScore", "align", "adjacent", "place"].map((k) => [k, best[k] - wc[k]] as [string, number]).sort((a, b) => b[1] - a[1]);
      why = `loses-on:${diffs[0][0]}`;
      lines.push(`${why} ${order[j]} want="${want}"(${wc.type}/${wc.src} tc${wc.tc} d="${wc.d}" ${wc.descScore.toFixed(2)} al${wc.align.toFixed(2)} ad${wc.adjacent} pl${wc.place.toFixed(2)}=${wc.score.toFixed(2)}) got="${got}"(${best.type}/${best.src} tc${best.tc} d="${best.d}" ${best.descScore.toFixed(2)} al${best.align.toFixed(2)} ad${best.adjacent} pl${best.place.toFixed(2)}=${best.score.toFixed(2)}) | ${r.question}`);
    } else if (wc) why = "beaten-by-subject-or-used";
    else {
      const over = cands.filter((c: any) => norm(c.lower).includes(want)).map((c: any) => c.lower).slice(0, 3);
      const at = r.context.toLowerCase().indexOf(sp.text.toLowerCase());
      lines.push(`NOCAND ${order[j]} want="${want}" got="${got}" containing=${JSON.stringify(over)} ctx="${r.context.slice(Math.max(0, at - 30), at + want.length + 30).replace(/\n/g, " ")}" | ${r.question}`);
    }
    reasons[why] = (reasons[why] ?? 0) + 1;
  });
}
console.log(reasons);
console.log(lines.join("\n"));
