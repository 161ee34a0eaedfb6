// Match: document → up to N templates. Per view: retrieve candidates, keep those above the encoder's threshold whose
// view holds a filler for every variable type and whose usage is under the cap; then one complexity-weighted
// random pick per view (global first), topping up from the remaining pool until N. A template's score on a view takes
// match.globalWeight of its score on the whole document; one that stands for many source queries scores
// match.supportPrior × ln(support) more, and one that fits most documents of the corpus scores
// match.hubPenalty × hubness / √support less (hubness.ts).
import type { Candidate, TemplateIndex } from "./ann-index";
import type { EncodedVector } from "./encoders/types";
import { DEFAULT_SETTINGS, DEFAULT_THRESHOLDS, globalWeightOf, hubPenaltyOf, supportPriorOf } from "./defaults";
import type { Document, EngineTemplate, MatchSettings, Span, TemplateMatch, VariableType, View } from "./types";
import { documentSpans } from "./spans";
import { computeViews } from "./views";

export type DropReason = "below-threshold" | "incompatible" | "capped" | "duplicate" | "not-sampled";

export interface MatchResult {
  views: View[];
  matches: TemplateMatch[];
  /** Candidates seen over all views and why each one that was not picked was dropped. */
  candidates: number;
  dropped: Record<DropReason, number>;
}

/** Which span types can fill a variable of a given type. "concept" is filled by any noun phrase, so any view with words. */
const FILLERS: Record<VariableType, VariableType[]> = {
  person: ["person"],
  place: ["place"],
  organization: ["organization"],
  date: ["date", "year"],
  year: ["year", "date"],
  number: ["number", "quantity", "money"],
  quantity: ["quantity", "number"],
  money: ["money"],
  work: ["work", "event", "concept"],
  event: ["event", "work", "date", "concept"],
  code: ["code"],
  language: ["language", "place"],
  concept: [],
};

/**
 * What the matcher adds to a template's cosine on a document: the support prior, less the hubness penalty. (A bonus for
 * templates naming the kind of thing the document defines itself as helped before the hubness penalty and not after:
 * recall@6 NQ / SQuAD / NQ and SQuAD with distractors at 0.05 → 0.5619 / 0.6451 / 0.4226 / 0.5032, at 0 → 0.566 / 0.6474
 * / 0.4262 / 0.5032.)
 */
function templateBonus(template: EngineTemplate, settings: Pick<MatchSettings, "supportPrior" | "hubPenalty">): number {
  const support = Math.max(1, template.support ?? 1);
  const hub = template.hubness ? (hubPenaltyOf(settings) * template.hubness) / Math.sqrt(support) : 0;
  return supportPriorOf(settings) * Math.log(support) - hub;
}

/** A template's score on a view with the global view's share mixed in (see globalMix). */
export type GlobalMix = (viewScore: number, t: number) => number;

/**
 * How one document mixes match.globalWeight of a template's score on the global view (view 0) into its score on any
 * view, for the templates retrieved on any view and those in `also`: the global view's scores are read from its own
 * candidates where it has them and computed in one pass for the rest.
 */
export function globalMix(index: TemplateIndex, encoded: EncodedVector[], found: Candidate[][], settings: Pick<MatchSettings, "globalWeight">, also: number[] = []): GlobalMix {
  const weight = globalWeightOf(settings);
  if (weight === 0 || !encoded.length) return (viewScore) => viewScore;
  const global = new Map((found[0] ?? []).map((c) => [c.t, c.score]));
  const missing = new Set<number>();
  for (const list of found.slice(1)) for (const c of list) if (!global.has(c.t)) missing.add(c.t);
  for (const t of also) if (!global.has(t)) missing.add(t);
  for (const [t, score] of index.scoreMany(missing, encoded[0])) global.set(t, score);
  return (viewScore, t) => {
    const g = global.get(t);
    return g === undefined ? viewScore : (1 - weight) * viewScore + weight * g;
  };
}

export function thresholdFor(settings: MatchSettings): number {
  return settings.threshold ?? DEFAULT_THRESHOLDS[settings.encoder];
}

/** Span types present in each view (a span belongs to a view when its midpoint lies in the view's range). */
export function viewSpanTypes(views: View[], spans: Span[]): Set<VariableType>[] {
  return views.map((v) => {
    const s = new Set<VariableType>();
    for (const sp of spans) {
      const mid = (sp.start + sp.end) / 2;
      if (mid >= v.start && mid <= v.end) s.add(sp.type);
    }
    return s;
  });
}

const TYPE_BIT = new Map(Object.keys(FILLERS).map((t, i) => [t as VariableType, 1 << i]));

/** A set of span types as a bit mask. */
function typeMask(types: Iterable<VariableType>): number {
  let m = 0;
  for (const t of types) m |= TYPE_BIT.get(t) ?? 0;
  return m;
}

/** For each variable type that needs a filler, the mask of the span types that fill it. */
function fillerMasks(types: VariableType[]): number[] {
  return types.filter((t) => FILLERS[t].length > 0).map((t) => typeMask(FILLERS[t]));
}

const fits = (masks: number[], present: number) => masks.every((m) => (m & present) !== 0);

export function isCompatible(types: VariableType[], present: Set<VariableType>): boolean {
  return fits(fillerMasks(types), typeMask(present));
}

/** fillerMasks of each template of an index, computed once per index: the matcher checks every candidate. */
const indexFillerMasks = new WeakMap<TemplateIndex, number[][]>();

/** isCompatible for template t of the index, with the view's span types as a mask. */
function compatibleOn(index: TemplateIndex, t: number, present: number): boolean {
  let masks = indexFillerMasks.get(index);
  if (!masks) indexFillerMasks.set(index, (masks = index.templates.map((tpl) => fillerMasks(tpl.variables.map((v) => v.type)))));
  return fits(masks[t], present);
}

/** Bucket of a template by its number of distinct variables (bucket i = i + 1 variables, last bucket = that many or more). */
export function complexityBucket(variableCount: number, buckets: number): number {
  return Math.min(Math.max(variableCount, 1), buckets) - 1;
}

/**
 * Weight per complexity bucket that turns the bank's own mix into the target mix: target share / bank share.
 * Empty buckets get 0.
 */
export function complexityWeights(index: TemplateIndex, target: number[]): number[] {
  const counts = new Array<number>(target.length).fill(0);
  for (const t of index.templates) counts[complexityBucket(t.variables.length, target.length)]++;
  const total = index.templates.length || 1;
  const sum = target.reduce((a, b) => a + b, 0) || 1;
  return counts.map((c, b) => (c === 0 ? 0 : target[b] / sum / (c / total)));
}

export interface MatchInput {
  index: TemplateIndex;
  /** The document's views encoded by `index` (see `encodeDocuments`). */
  encoded: EncodedVector[];
  views: View[];
  /** Typed spans of the whole document (detectSpans), used for the compatibility check. */
  spans: Span[];
  settings: MatchSettings;
  /** template id → matches so far; read for the cap and incremented for each match. Owned by the caller. */
  usage: Map<string, number>;
  rng: () => number;
  /** complexityWeights(index, settings.complexityTarget), computed once per index. */
  weights: number[];
}

/** Views of each document, encoded in the index's space (one call, so the dense model sees a whole batch). */
export async function encodeDocuments(
  index: TemplateIndex,
  docs: Document[],
  settings: Pick<MatchSettings, "localViews" | "sigma">,
): Promise<{ views: View[]; encoded: EncodedVector[] }[]> {
  const inputs = docs.map((d) => ({ text: d.text, views: computeViews(d.text.length, settings.localViews, settings.sigma) }));
  const encoded = await index.encodeViews(inputs, settings);
  return inputs.map((x, i) => ({ views: x.views, encoded: encoded[i] }));
}

interface Eligible {
  t: number;
  k: number;
  score: number;
  weight: number;
}

export function matchDocument(input: MatchInput): MatchResult {
  const { index, encoded, views, spans, settings, usage, rng, weights } = input;
  const dropped: Record<DropReason, number> = { "below-threshold": 0, incompatible: 0, capped: 0, duplicate: 0, "not-sampled": 0 };
  const threshold = thresholdFor(settings);
  const present = viewSpanTypes(views, spans).map(typeMask);
  const perView: Eligible[][] = [];
  const best = new Map<number, Eligible>();
  let candidates = 0;
  const found = index.searchViews(encoded, settings.candidatesPerView);
  const mix = globalMix(index, encoded, found, settings);
  encoded.forEach((vec, k) => {
    const list: Eligible[] = [];
    for (const c of found[k]) {
      candidates++;
      const tpl = index.templates[c.t];
      if (c.score < threshold) dropped["below-threshold"]++;
      else if (!compatibleOn(index, c.t, present[k])) dropped.incompatible++;
      else if ((usage.get(tpl.id) ?? 0) >= settings.usageCap) dropped.capped++;
      else {
        const score = mix(c.score, c.t) + templateBonus(tpl, settings);
        const e = { t: c.t, k: views[k].k, score, weight: weights[complexityBucket(tpl.variables.length, weights.length)] * score };
        const prev = best.get(c.t);
        if (prev) dropped.duplicate++;
        if (!prev || e.score > prev.score) best.set(c.t, e);
        list.push(e);
      }
    }
    perView.push(list);
  });

  const chosen = new Set<number>();
  const picks: Eligible[] = [];
  const pick = (pool: Eligible[]) => {
    const e = weightedPick(
      pool.filter((p) => !chosen.has(p.t) && p.weight > 0),
      rng,
    );
    if (!e) return;
    chosen.add(e.t);
    picks.push(e);
  };
  for (const list of perView) if (picks.length < settings.topN) pick(list);
  const rest = [...best.values()];
  while (picks.length < settings.topN && rest.some((e) => !chosen.has(e.t) && e.weight > 0)) pick(rest);
  dropped["not-sampled"] = best.size - picks.length;

  const matches = picks.map((e): TemplateMatch => {
    const tpl = index.templates[e.t];
    usage.set(tpl.id, (usage.get(tpl.id) ?? 0) + 1);
    return { templateId: tpl.id, templateVersion: tpl.version, viewK: e.k, score: e.score };
  });
  return { views, matches, candidates, dropped };
}

/** Weighted pick (probability ∝ weight). Items are in a deterministic order, so a seeded rng reproduces the pick. */
function weightedPick(pool: Eligible[], rng: () => number): Eligible | undefined {
  if (pool.length === 0) return undefined;
  const total = pool.reduce((s, e) => s + e.weight, 0);
  let r = rng() * total;
  for (const e of pool) {
    r -= e.weight;
    if (r < 0) return e;
  }
  return pool[pool.length - 1];
}

export interface RankedTemplate {
  templateId: string;
  /** Index into index.templates. */
  t: number;
  score: number;
  viewK: number;
}

/** Candidates per view that rankTemplates rescores at least (as matchDocument's default candidatesPerView). */
const RANK_FETCH = 32;

/**
 * Templates ranked by score for one document (best compatible view per template, plus templateBonus), no threshold,
 * no sampling: for evaluation (recall@k, MRR) and for the studio's "templates this document matches". Templates whose variables no
 * view can fill are left out with compatibleOnly (off by default: on the public QA sets it drops own templates too,
 * recall@6 SQuAD 0.547 → 0.518, NQ 0.427 → 0.408, because passages often hold fillers the span detector misses).
 */
export async function rankTemplates(
  index: TemplateIndex,
  doc: Document,
  topK: number,
  settings: Pick<MatchSettings, "localViews" | "sigma" | "supportPrior" | "hubPenalty" | "globalWeight"> = DEFAULT_SETTINGS.match,
  compatibleOnly = false,
): Promise<RankedTemplate[]> {
  const [{ views, encoded }] = await encodeDocuments(index, [doc], settings);
  const present = compatibleOnly ? viewSpanTypes(views, documentSpans(doc.text)).map(typeMask) : null;
  const best = new Map<number, Candidate & { k: number }>();
  // Over-fetch so that the bonuses can lift a template into the top K and dropping incompatible ones still leaves K.
  const found = index.searchViews(encoded, Math.max(compatibleOnly ? topK * 3 : topK, RANK_FETCH));
  encoded.forEach((_, i) => {
    for (const c of found[i]) {
      if (present && !compatibleOn(index, c.t, present[i])) continue;
      const prev = best.get(c.t);
      if (!prev || c.score > prev.score) best.set(c.t, { ...c, k: views[i].k });
    }
  });
  const mix = globalMix(index, encoded, found, settings);
  for (const c of best.values()) c.score = mix(c.score, c.t) + templateBonus(index.templates[c.t], settings);
  return [...best.values()]
    .sort((a, b) => b.score - a.score || a.t - b.t)
    .slice(0, topK)
    .map((c) => ({ templateId: index.templates[c.t].id, t: c.t, score: c.score, viewK: c.k }));
}

/** How one template fares against one document, as matchDocument would see it (for "documents this template matches"). */
export interface TemplateProbe {
  /** Best score over the views where it is eligible (else over all views), support prior and hubness penalty included. */
  score: number;
  viewK: number;
  /** Retrieved among a view's candidates, above the threshold, and the view can fill its variables. */
  eligible: boolean;
  /** Why it is not eligible on any view (the reason of its best-scoring view). */
  reason: "not-retrieved" | "below-threshold" | "incompatible" | null;
  /** 1 + eligible templates of this document that score higher. */
  rank: number;
  /** Eligible templates of this document (the pool matchDocument samples topN from). */
  eligibleTemplates: number;
}

export function probeTemplate(input: Omit<MatchInput, "usage" | "rng" | "weights"> & { t: number }): TemplateProbe {
  const { index, encoded, views, spans, settings, t } = input;
  const threshold = thresholdFor(settings);
  const present = viewSpanTypes(views, spans).map(typeMask);
  const found = index.searchViews(encoded, settings.candidatesPerView);
  const mix = globalMix(index, encoded, found, settings, [t]);
  const bonus = (i: number) => templateBonus(index.templates[i], settings);
  const eligibleOn = (i: number, k: number, raw: number) =>
    raw >= threshold && compatibleOn(index, i, present[k]);
  // Every eligible template's best score on this document.
  const pool = new Map<number, number>();
  found.forEach((list, k) => {
    for (const c of list) if (eligibleOn(c.t, k, c.score)) pool.set(c.t, Math.max(pool.get(c.t) ?? -Infinity, mix(c.score, c.t) + bonus(c.t)));
  });
  let best: { score: number; k: number; reason: TemplateProbe["reason"] } = { score: -Infinity, k: 0, reason: "not-retrieved" };
  for (const [k, vec] of encoded.entries()) {
    const raw = index.score(t, vec);
    const retrieved = found[k].some((c) => c.t === t);
    const reason: TemplateProbe["reason"] = !retrieved ? "not-retrieved" : raw < threshold ? "below-threshold" : !eligibleOn(t, k, raw) ? "incompatible" : null;
    const score = mix(raw, t) + bonus(t);
    // An eligible view beats any ineligible one; then the higher score.
    if ((best.reason !== null && reason === null) || ((best.reason === null) === (reason === null) && score > best.score)) best = { score, k: views[k].k, reason };
  }
  const b = { ...best, score: Math.max(0, best.score) };
  let rank = 1;
  for (const [i, s] of pool) if (i !== t && s > b.score) rank++;
  return { score: b.score, viewK: b.k, eligible: b.reason === null, reason: b.reason, rank, eligibleTemplates: pool.size };
}
