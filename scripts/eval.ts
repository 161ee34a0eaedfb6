// npm run eval -- --qa FILE.jsonl [--offset K] [--limit N] [--encoder lexical|dense|hybrid] [--seed S]
// --offset/--limit pick a slice of the file, e.g. to check that a change made on one half holds on the other.
// --dump FILE writes one JSON line per question (template, leftover words, fills, answer, own template's rank, top 6) to read
// where a figure comes from.
// --distractors FILE [--distractor-source NAME] adds other real queries ({"text", "source"} lines, none equal to a question
// of the file) to the template bank and to BM25's raw questions, to see the match figures at the scale of a real bank.
// --support-prior X and --hub-penalty X set match.supportPrior and match.hubPenalty (to sweep them); hubness is estimated
// on the file's passages, as a run estimates it on its corpus.
// Genericizes every question, builds the template bank from them and measures each stage against the gold pairs.
// Gold answers and the question↔passage pairing are used only for scoring; the engine sees passages, bank, settings.
import { readFileSync, writeFileSync } from "node:fs";
import { genericize } from "../server/pipeline/genericize";
import { dedupTemplates } from "../server/pipeline/dedup";
import { instantiate } from "../server/pipeline/instantiate";
import { judge } from "../server/pipeline/judge";
import { countTokens } from "../server/pipeline/tokens";
import { splitSentences, STOPWORDS, tokenize } from "../server/pipeline/spans";
import { DEFAULT_SETTINGS } from "../server/pipeline/defaults";
import { makeRng } from "../server/pipeline/rng";
import { computeViews } from "../server/pipeline/views";
import { openTemplateIndex } from "../server/pipeline/ann-index";
import { rankTemplates } from "../server/pipeline/match";
import { applyHubness, estimateHubness, HUBNESS_SAMPLE } from "../server/pipeline/hubness";
import { wordTokens } from "../server/pipeline/encoders/text";
import { expectAnswer } from "../server/pipeline/question";
import { parseTemplate } from "../server/pipeline/template-syntax";
import type { EncoderName } from "../server/pipeline/encoders/types";
import type { EngineTemplate, GenericizeResult } from "../server/pipeline/types";

interface QA {
  id: string;
  question: string;
  context: string;
  answers: string[];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
const r4 = (x: number) => Math.round(x * 10000) / 10000;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * Query tokens that are specific: numbers, words capitalised inside the query, and (for lower-cased queries) words
 * that the passage only ever writes capitalised somewhere other than a sentence start.
 */
function specificTokens(question: string, context: string): string[] {
  const out: string[] = [];
  const ctxTokens = tokenize(context);
  const capsOnly = new Map<string, boolean>();
  for (const t of ctxTokens) {
    const k = t.text.toLowerCase();
    const cap = /^\p{Lu}/u.test(t.text);
    const prev = capsOnly.get(k);
    if (!cap) capsOnly.set(k, false);
    else if (prev === undefined && !t.initial) capsOnly.set(k, true);
  }
  for (const t of tokenize(question)) {
    const w = t.text.replace(/['’]s$/, "");
    const k = w.toLowerCase();
    if (STOPWORDS.has(k) || k === "i") continue;
    if (/\d/.test(w)) out.push(w);
    else if (/^\p{Lu}/u.test(w) && !t.initial) out.push(w);
    else if (capsOnly.get(k) === true) out.push(w);
  }
  return out;
}

/** The query's specific words that the template still holds as literal text. */
function leftoverWords(template: string, specific: string[]): string[] {
  const literal = template.replace(/<fi>[\s\S]*?<\/fi>/g, " ");
  const words = new Set(tokenize(literal).map((t) => t.text.toLowerCase().replace(/['’]s$/, "")));
  return specific.filter((s) => words.has(s.toLowerCase()));
}

function auc(pos: number[], neg: number[]): number {
  if (!pos.length || !neg.length) return 0;
  const all = [...pos.map((s) => ({ s, p: 1 })), ...neg.map((s) => ({ s, p: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j].s === all[i].s) j++;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k].p) rankSum += avg;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

/** BM25 over the raw questions, the passage as the query. */
function bm25Ranker(questions: string[]) {
  const docs = questions.map((q) => wordTokens(q).terms);
  const avg = mean(docs.map((d) => d.length)) || 1;
  const post = new Map<string, { i: number; tf: number }[]>();
  docs.forEach((d, i) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      const arr = post.get(t) ?? [];
      arr.push({ i, tf: n });
      post.set(t, arr);
    }
  });
  const N = docs.length;
  return (passage: string): number[] => {
    const scores = new Float64Array(N);
    for (const t of new Set(wordTokens(passage).terms)) {
      const p = post.get(t);
      if (!p) continue;
      const idf = Math.log(1 + (N - p.length + 0.5) / (p.length + 0.5));
      for (const { i, tf } of p) scores[i] += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * docs[i].length) / avg));
    }
    return Array.from(scores);
  };
}

/** containsGold and the lead baseline per kind of question asked (who, when, …), most frequent kind first. */
function byKind(kinds: string[], ours: number[], lead: number[]) {
  const acc = new Map<string, { questions: number; containsGold: number; leadBaselineContainsGold: number }>();
  kinds.forEach((k, i) => {
    const a = acc.get(k) ?? { questions: 0, containsGold: 0, leadBaselineContainsGold: 0 };
    a.questions++;
    a.containsGold += ours[i];
    a.leadBaselineContainsGold += lead[i];
    acc.set(k, a);
  });
  return Object.fromEntries(
    [...acc]
      .sort((x, y) => y[1].questions - x[1].questions || (x[0] < y[0] ? -1 : 1))
      .map(([k, a]) => [k, { questions: a.questions, containsGold: r4(a.containsGold / a.questions), leadBaselineContainsGold: r4(a.leadBaselineContainsGold / a.questions) }]),
  );
}

function leadBaseline(context: string, tokens: number): string {
  const sents = splitSentences(context).map((s) => context.slice(s.start, s.end));
  let out = "";
  for (const s of sents) {
    out = out ? `${out} ${s}` : s;
    if (countTokens(out) >= tokens) break;
  }
  // Cut to the same token length as the answer, on word boundaries.
  const words = out.split(/\s+/);
  while (words.length > 1 && countTokens(words.join(" ")) > tokens) words.pop();
  return words.join(" ");
}

const engineTemplate = (id: string, g: Extract<GenericizeResult, { ok: true }>): EngineTemplate => ({
  id,
  version: 1,
  text: g.template,
  variables: g.variables,
  compatibleDocumentDescription: g.compatibleDocumentDescription,
});

/** The --distractors queries, without any that equals a question of the file (normalised). */
function readDistractors(rows: QA[]): string[] {
  const file = arg("--distractors");
  if (!file) return [];
  const source = arg("--distractor-source");
  const asked = new Set(rows.map((r) => norm(r.question)));
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text?: string; source?: string })
    .filter((q) => typeof q.text === "string" && (!source || q.source === source) && !asked.has(norm(q.text)))
    .map((q) => q.text!);
}

async function main() {
  const file = arg("--qa");
  if (!file) throw new Error("usage: npm run eval -- --qa FILE.jsonl [--offset K] [--limit N] [--encoder lexical|dense|hybrid]");
  const offset = Number(arg("--offset") ?? 0);
  const limit = Number(arg("--limit") ?? Infinity);
  const encoder = (arg("--encoder") ?? DEFAULT_SETTINGS.match.encoder) as EncoderName;
  const seed = Number(arg("--seed") ?? DEFAULT_SETTINGS.seed);
  const rows: QA[] = readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as QA).slice(offset, offset + limit);
  // --support-prior, --hub-penalty, --global-weight, --local-views and --sigma override the defaults (for sweeping them).
  const num = (name: string) => (arg(name) === undefined ? undefined : Number(arg(name)));
  const overrides = Object.fromEntries(Object.entries({ supportPrior: num("--support-prior"), hubPenalty: num("--hub-penalty"), globalWeight: num("--global-weight"), localViews: num("--local-views"), sigma: num("--sigma") }).filter(([, v]) => v !== undefined));
  const settings = { ...DEFAULT_SETTINGS, match: { ...DEFAULT_SETTINGS.match, ...overrides } };
  const t0 = performance.now();

  // 1. Genericize.
  const gens: GenericizeResult[] = rows.map((r) => genericize(r.question));
  const tGen = performance.now() - t0;
  const okIdx = rows.map((_, i) => i).filter((i) => gens[i].ok && (gens[i] as Extract<GenericizeResult, { ok: true }>).variables.length > 0);
  const own = new Map<number, EngineTemplate>();
  for (const i of okIdx) {
    const g = gens[i] as Extract<GenericizeResult, { ok: true }>;
    own.set(i, engineTemplate(`tpl-${rows[i].id}`, g));
  }
  const rejections: Record<string, number> = {};
  gens.forEach((g) => {
    if (!g.ok) rejections[g.reason] = (rejections[g.reason] ?? 0) + 1;
  });
  const detail: Record<string, unknown>[] = rows.map((r, i) => ({ id: r.id, question: r.question, template: own.get(i)?.text ?? null }));
  const leftovers = okIdx.filter((i) => {
    const words = leftoverWords(own.get(i)!.text, specificTokens(rows[i].question, rows[i].context));
    if (words.length) detail[i].leftover = words;
    return words.length > 0;
  }).length;
  const distractors = readDistractors(rows);
  const distractorTemplates = distractors.flatMap((text, j) => {
    const g = genericize(text);
    return g.ok && g.variables.length ? [engineTemplate(`distractor-${j}`, g)] : [];
  });
  const dd = dedupTemplates([...okIdx.map((i) => own.get(i)!), ...distractorTemplates]);
  const bank = dd.kept.map((t) => ({ ...t, support: dd.support.get(t.id)! }));
  const bankIdOf = new Map<string, string>(bank.map((t) => [t.id, t.id]));
  for (const m of dd.merged) bankIdOf.set(m.id, bankIdOf.get(m.into) ?? m.into);

  // 2. Round trip, answers and judge on own pairs (global view), and on mismatched pairs.
  const inst = { ...settings.instantiate };
  let exact = 0;
  // Fills of variables whose query text the passage holds: could have been given back, and were they?
  let fillable = 0;
  let filledBack = 0;
  const containsGold: number[] = [];
  const leadContains: number[] = [];
  const ratios: number[] = [];
  const ownScores: number[] = [];
  const misScores: number[] = [];
  const ownJudged: number[] = [];
  const answerTokens: number[] = [];
  const contexts = [...new Set(rows.map((r) => r.context))];
  const rng = makeRng(seed);
  const hasGold = (text: string, answers: string[]) => answers.some((a) => norm(text).includes(norm(a)) && norm(a).length > 0);
  const pending: { i: number; tokens: number | null }[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const t = own.get(i);
    const doc = { id: `p${contexts.indexOf(r.context)}`, text: r.context };
    const view = { k: 0, start: 0, end: r.context.length };
    const res = t ? instantiate(t, doc, view, inst) : null;
    if (res?.ok) {
      if (norm(res.instruction) === norm(r.question)) exact++;
      const g = gens[i] as Extract<GenericizeResult, { ok: true }>;
      const order = parseTemplate(t!.text).parts.flatMap((p) => (p.kind === "text" ? [] : [p.description]));
      const context = norm(r.context);
      g.spans.forEach((sp, j) => {
        if (!norm(sp.text) || !` ${context} `.includes(` ${norm(sp.text)} `)) return;
        fillable++;
        if (norm(res.fills[order[j]] ?? "") === norm(sp.text)) filledBack++;
      });
      containsGold.push(hasGold(res.answer, r.answers) ? 1 : 0);
      Object.assign(detail[i], { instruction: res.instruction, fills: res.fills, answer: res.answer, gold: r.answers, containsGold: containsGold.at(-1) === 1 });
      ratios.push(res.excerptRatio);
      const tok = countTokens(res.answer);
      answerTokens.push(tok);
      pending.push({ i, tokens: tok });
      const j = judge(t!, doc, res, settings.judge);
      ownScores.push(j.raw ?? j.score / 5);
      ownJudged.push(j.score);
    } else {
      if (res) detail[i].notInstantiated = res.reason;
      containsGold.push(0);
      pending.push({ i, tokens: null });
      ownScores.push(0);
    }
    if (t) {
      let other = r.context;
      for (let tries = 0; tries < 20 && other === r.context; tries++) other = contexts[Math.floor(rng() * contexts.length)];
      if (other !== r.context) {
        const odoc = { id: "mismatch", text: other };
        const mr = instantiate(t, odoc, { k: 0, start: 0, end: other.length }, inst);
        if (mr.ok) {
          const j = judge(t, odoc, mr, settings.judge);
          misScores.push(j.raw ?? j.score / 5);
        } else misScores.push(0);
      }
    }
  }
  const meanTok = Math.round(mean(answerTokens)) || 30;
  const answered = <T>(xs: T[]) => xs.filter((_, k) => pending[k].tokens !== null);
  for (const p of pending) {
    leadContains.push(hasGold(leadBaseline(rows[p.i].context, p.tokens ?? meanTok), rows[p.i].answers) ? 1 : 0);
    detail[p.i].leadContainsGold = leadContains.at(-1) === 1;
  }

  // 3. Match: the passage's own template among the whole bank, next to BM25 on raw questions and random.
  let recall6 = 0;
  // The same without the support prior (match.supportPrior 0): what the template text alone finds.
  let recall6NoPrior = 0;
  // The same without the hubness penalty (match.hubPenalty 0).
  let recall6NoHub = 0;
  // Split by whether the own template stands for this question alone or for several (merged) ones: shared templates
  // are the generic ones ("who plays <fi>a character</fi> in <fi>…</fi>"), with the fewest words to match on.
  const questionsOf = new Map<string, number>();
  for (const t of own.values()) questionsOf.set(bankIdOf.get(t.id)!, (questionsOf.get(bankIdOf.get(t.id)!) ?? 0) + 1);
  const byShare = { alone: { hits: 0, n: 0 }, shared: { hits: 0, n: 0 } };
  let rr = 0;
  let bmRecall6 = 0;
  let matched = 0;
  let docsPerSecond = 0;
  let matchError: string | null = null;
  try {
    const index = await openTemplateIndex({ templates: bank, encoder });
    // The engine estimates hubness on the corpus it matches: here the file's passages.
    applyHubness(index, await estimateHubness(index, contexts.slice(0, HUBNESS_SAMPLE).map((text, i) => ({ id: `h${i}`, text })), settings.match));
    const bm25 = bm25Ranker([...rows.map((r) => r.question), ...distractors]);
    const byContext = new Map<string, number[]>();
    rows.forEach((r, i) => byContext.set(r.context, [...(byContext.get(r.context) ?? []), i]));
    for (const [ctx, qis] of byContext) {
      const ranked = await rankTemplates(index, { id: "eval", text: ctx }, 100, settings.match);
      const rankOf = new Map(ranked.map((x, k) => [x.templateId, k + 1]));
      // Fetched as deep as the ranking above, so that only the setting differs.
      const top6Without = async (off: Partial<typeof settings.match>) =>
        new Set((await rankTemplates(index, { id: "eval", text: ctx }, 100, { ...settings.match, ...off })).slice(0, 6).map((x) => x.templateId));
      const top6NoPrior = await top6Without({ supportPrior: 0 });
      const top6NoHub = await top6Without({ hubPenalty: 0 });
      const bmScores = bm25(ctx);
      const bmOrder = bmScores.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i);
      const bmRank = new Map(bmOrder.slice(0, 6).map((x, k) => [x.i, k + 1]));
      for (const qi of qis) {
        matched++;
        if (bmRank.has(qi)) bmRecall6++;
        const t = own.get(qi);
        const rank = t ? rankOf.get(bankIdOf.get(t.id)!) : undefined;
        if (t) {
          const share = byShare[questionsOf.get(bankIdOf.get(t.id)!)! > 1 ? "shared" : "alone"];
          share.n++;
          if (rank !== undefined && rank <= 6) share.hits++;
        }
        Object.assign(detail[qi], { rank: rank ?? null, score: rank ? ranked[rank - 1].score : null, sixth: ranked[5]?.score ?? null, top6: ranked.slice(0, 6).map((x) => index.templates[x.t].text), shared: t ? questionsOf.get(bankIdOf.get(t.id)!)! > 1 : null });
        if (t && top6NoPrior.has(bankIdOf.get(t.id)!)) recall6NoPrior++;
        if (t && top6NoHub.has(bankIdOf.get(t.id)!)) recall6NoHub++;
        if (rank !== undefined) {
          if (rank <= 6) recall6++;
          rr += 1 / rank;
        }
      }
    }
    // 4. Throughput: match → instantiate → judge per passage, as the engine runs it.
    const sample = contexts.slice(0, 300);
    const ts = performance.now();
    for (const ctx of sample) {
      const doc = { id: "tp", text: ctx };
      const views = computeViews(ctx.length, settings.match.localViews, settings.match.sigma);
      for (const m of await rankTemplates(index, doc, settings.match.topN, settings.match)) {
        const t = index.templates[m.t];
        const res = instantiate(t, doc, views.find((v) => v.k === m.viewK) ?? views[0], inst);
        if (res.ok) judge(t, doc, res, settings.judge);
      }
    }
    docsPerSecond = (sample.length / (performance.now() - ts)) * 1000;
  } catch (e) {
    matchError = (e as Error).message;
  }

  const n = rows.length;
  const out = {
    file,
    questions: n,
    passages: contexts.length,
    ...(distractors.length ? { distractors: distractors.length } : {}),
    encoder,
    genericize: {
      coverage: r4(okIdx.length / n),
      meanVariables: r4(mean(okIdx.map((i) => own.get(i)!.variables.length))),
      leftoverSpecificRate: r4(leftovers / Math.max(1, okIdx.length)),
      rejections,
      bankSize: bank.length,
      merged: dd.merged.length,
      msPerQuery: r4(tGen / n),
    },
    roundTrip: { exact: r4(exact / n), fillAccuracy: r4(filledBack / Math.max(1, fillable)), fillableVariables: fillable },
    match: matchError
      ? { error: matchError }
      : { recallAt6: r4(recall6 / matched), recallAt6WithoutSupportPrior: r4(recall6NoPrior / matched), recallAt6WithoutHubness: r4(recall6NoHub / matched), mrr: r4(rr / matched), bm25RawQuestionRecallAt6: r4(bmRecall6 / matched), randomRecallAt6: r4(Math.min(1, 6 / Math.max(1, bank.length))),
          recallAt6ByTemplateShare: {
            alone: r4(byShare.alone.hits / Math.max(1, byShare.alone.n)),
            shared: r4(byShare.shared.hits / Math.max(1, byShare.shared.n)),
            sharedQuestions: byShare.shared.n,
          },
        },
    answer: {
      // Over every question: an own pair the engine declined counts as a miss, and the lead baseline answers it at the
      // mean answer length.
      containsGold: r4(mean(containsGold)),
      leadBaselineContainsGold: r4(mean(leadContains)),
      // Over the answers generated only, each against the lead cut to its own length: the choice of sentence apart
      // from the pairs the engine declined.
      answered: { pairs: answered(containsGold).length, containsGold: r4(mean(answered(containsGold))), leadBaselineContainsGold: r4(mean(answered(leadContains))) },
      minExcerptRatio: r4(ratios.length ? Math.min(...ratios) : 0),
      instantiated: r4(ratios.length / n),
      meanAnswerTokens: r4(mean(answerTokens)),
      byQuestionKind: byKind(rows.map((r) => expectAnswer(r.question).kind), containsGold, leadContains),
    },
    judge: {
      aucOwnVsMismatched: r4(auc(ownScores, misScores)),
      keepRate: r4(ownJudged.filter((s) => s >= settings.judge.threshold).length / Math.max(1, ownJudged.length)),
      scoreHistogram: [1, 2, 3, 4, 5].map((s) => ownJudged.filter((x) => x === s).length),
    },
    docsPerSecond: r4(docsPerSecond),
    seconds: r4((performance.now() - t0) / 1000),
  };
  const dump = arg("--dump");
  if (dump) writeFileSync(dump, detail.map((d) => JSON.stringify(d)).join("\n") + "\n");
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
