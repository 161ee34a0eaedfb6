// Hubness: a template that fits many documents well (a sibling of a common question, "who wrote the <fi>a kind of
// music</fi> <fi>title of a song</fi>"; a question on a topic many documents share) crowds the top of their lists,
// ahead of the one each document answers. As in cross-domain similarity local scaling (CSLS, Conneau et
// al. 2018), each template's hubness is its mean score over the K documents of a corpus sample it matches best, and
// the matcher subtracts match.hubPenalty × hubness / √support from its score: a template many users asked is expected
// to fit many documents, so its hubness counts less.
import type { TemplateIndex } from "./ann-index";
import { encodeDocuments, globalMix } from "./match";
import type { Document, MatchSettings } from "./types";

/** Documents of a corpus the hubness is estimated on: a run's first ones (all of a smaller corpus). */
export const HUBNESS_SAMPLE = 2000;
/**
 * Best-matching documents averaged per template. Recall@6 NQ / SQuAD at penalty 0.5: K = 5 → 0.5601 / 0.6611, 10 →
 * 0.5619 / 0.6451, 20 → 0.566 / 0.6424: SQuAD gains with fewer, NQ with more; 10 sits between.
 */
export const HUBNESS_NEIGHBOURS = 10;
/** Candidates per view read for the estimate (as rankTemplates). */
const FETCH = 32;

/**
 * Each template's hubness on a sample of documents: the mean of its K best scores (best view per document, with the
 * global view's share mixed in as the matcher does; a template among fewer than K documents' candidates counts 0 for the
 * rest). Templates never retrieved are left out (0).
 */
export async function estimateHubness(
  index: TemplateIndex,
  docs: Document[],
  settings: Pick<MatchSettings, "localViews" | "sigma" | "globalWeight">,
  neighbours = HUBNESS_NEIGHBOURS,
): Promise<Map<string, number>> {
  // Per template, its best scores so far, kept sorted descending and at most `neighbours` long.
  const best = new Map<number, number[]>();
  for (let at = 0; at < docs.length; at += 64) {
    const batch = docs.slice(at, at + 64);
    const encoded = await encodeDocuments(index, batch, settings);
    for (const { encoded: views } of encoded) {
      const perTemplate = new Map<number, number>();
      const found = index.searchViews(views, FETCH);
      // Scored as the matcher scores them, the global view's share included.
      const mix = globalMix(index, views, found, settings);
      for (const list of found) for (const c of list) if (c.score > (perTemplate.get(c.t) ?? -Infinity)) perTemplate.set(c.t, c.score);
      for (const [t, s] of perTemplate) perTemplate.set(t, mix(s, t));
      for (const [t, s] of perTemplate) {
        const top = best.get(t) ?? [];
        if (top.length === neighbours && s <= top[neighbours - 1]) continue;
        let i = top.length;
        while (i > 0 && top[i - 1] < s) i--;
        top.splice(i, 0, s);
        if (top.length > neighbours) top.pop();
        best.set(t, top);
      }
    }
  }
  const out = new Map<string, number>();
  for (const [t, top] of best) out.set(index.templates[t].id, top.reduce((a, b) => a + b, 0) / neighbours);
  return out;
}

/** Sets each of the index's templates' hubness from an estimate (0 for templates it does not list). */
export function applyHubness(index: TemplateIndex, hubness: Map<string, number>): void {
  for (const t of index.templates) t.hubness = hubness.get(t.id) ?? 0;
}
