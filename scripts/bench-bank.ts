// The template bank shared by `npm run bench` (scripts/bench.ts) and `npm run bench:run` (scripts/bench-run.ts).
import { makeRng } from "../server/pipeline/rng";
import type { EngineTemplate } from "../server/pipeline/types";

/** Grow (or cut) a bank to n templates: replica r of a template swaps each variable description for that of another template with the same type. */
export function recombine(bank: EngineTemplate[], n: number): EngineTemplate[] {
  if (n <= bank.length) return bank.slice(0, n);
  const byType = new Map<string, string[]>();
  for (const t of bank) for (const v of t.variables) (byType.get(v.type) ?? byType.set(v.type, []).get(v.type)!).push(v.description);
  const rng = makeRng("bench-recombine");
  const out = bank.slice();
  for (let r = 1; out.length < n; r++)
    for (const t of bank) {
      if (out.length >= n) break;
      let text = t.text;
      let desc = t.compatibleDocumentDescription;
      const variables = t.variables.map((v) => {
        const pool = byType.get(v.type)!;
        const d = pool[Math.floor(rng() * pool.length)];
        text = text.split(`<fi>${v.description}</fi>`).join(`<fi>${d}</fi>`);
        desc = desc.split(v.description).join(d);
        return { description: d, type: v.type };
      });
      out.push({ id: `${t.id}~${r}`, version: 1, text, variables, compatibleDocumentDescription: desc });
    }
  return out;
}
