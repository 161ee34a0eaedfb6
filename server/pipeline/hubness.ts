// Hubness: a template that fits many documents well (a sibling of a common question, "who wrote the <fi>a kind of
// music</fi> <fi>title of a song</fi>"; a question on a topic many documents share) crowds the top of their lists,
// ahead of the one each document answers. As in cross-domain similarity local scaling (CSLS, Conneau et
// al. 2018), each template's hubness is its mean score over the K documents of a corpus sample it matches best, plus
// how often it is among a sample document's six best (its k-occurrence, Radovanović et al. 2010), and the matcher
// subtracts match.hubPenalty × hubness / √support from its score: a template many users asked is expected to fit many
// documents, so its hubness counts less.
import type { TemplateIndex } from "./ann-index";
import { DEFAULT_SETTINGS } from "./defaults";
import { encodeDocuments, globalMix } from "./match";
import type { Document, MatchSettings } from "./types";

/** Documents of a corpus the hubness is estimated on: a run's first ones (all of a smaller corpus). */
export const HUBNESS_SAMPLE = 2000;
/**
 * Best-matching documents averaged per template. Recall@6 NQ / SQuAD at penalty 0.5: K = 5 → 0.5601 / 0.6611, 10 →
 * 0.5619 / 0.6451, 20 → 0.566 / 0.6424: SQuAD gains with fewer, NQ with more; 10 sits between.
 */
export const HUBNESS_NEIGHBOURS = 10;
/**
 * Weight of the share of sample documents a template is among the six best of (by score, before bonuses). The mean of
 * the K best scores does not tell a template that fits 10 documents well from one that fits 400 ("who plays <fi>a
 * character</fi> in <fi>title of a film</fi>" was among the six best of 454 of NQ's 1,590 passages). Recall@6 NQ /
 * SQuAD: 0 → 0.5798 / 0.6588, 0.6 → 0.5816 / 0.6597, 1.2 → 0.5876 / 0.6629, 2 → 0.5858 / 0.6661.
 */
export const HUB_OCCURRENCE_WEIGHT = 1.2;
/** The six best: a document's default number of templates. */
const OCCURRENCE_RANKS = DEFAULT_SETTINGS.match.topN;
/** Candidates per view read for the estimate (as rankTemplates). */
const FETCH = 32;

/**
 * Each template's hubness on a sample of documents: the mean of its K best scores (best view per document, with the
 * global view's share mixed in as the matcher does; a template among fewer than K documents' candidates counts 0 for the
 * rest) plus HUB_OCCURRENCE_WEIGHT × the share of documents it is among the six best of. Templates never retrieved are
 * left out (0).
 */
export async function estimateHubness(
  index: TemplateIndex,
  docs: Document[],
  settings: Pick<MatchSettings, "localViews" | "sigma" | "globalWeight">,
  neighbours = HUBNESS_NEIGHBOURS,
): Promise<Map<string, number>> {
  // Per template, its best scores so far, kept sorted descending and at most `neighbours` long.
  const best = new Map<number, number[]>();
  const occurrences = new Map<number, number>();
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
      for (const [t] of [...perTemplate].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, OCCURRENCE_RANKS)) occurrences.set(t, (occurrences.get(t) ?? 0) + 1);
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
  for (const [t, top] of best) {
    const share = (occurrences.get(t) ?? 0) / Math.max(1, docs.length);
    out.set(index.templates[t].id, top.reduce((a, b) => a + b, 0) / neighbours + HUB_OCCURRENCE_WEIGHT * share);
  }
  return out;
}

/** Sets each of the index's templates' hubness from an estimate (0 for templates it does not list). */
export function applyHubness(index: TemplateIndex, hubness: Map<string, number>): void {
  for (const t of index.templates) t.hubness = hubness.get(t.id) ?? 0;
}
