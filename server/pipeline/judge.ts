// Built-in judge: a 1–5 score from explicit signals, each reported with its value.
import type { Document, EngineTemplate, InstantiateResult, JudgeResult, JudgeSettings } from "./types";
import { detectSpans } from "./spans";
import { contentWords } from "./instantiate";
import { expectAnswer } from "./question";
import { familyRoots } from "./encoders/families";
import { stem as stemWord } from "./encoders/text";
import { namesSubject, subjectCategories } from "./subject";
import { lastResult, recentResults } from "./memo";
import { isVagueDescription, UNKNOWN_NAME, UNKNOWN_WORD } from "./review";

type Instantiated = Extract<InstantiateResult, { ok: true }>;

const VAGUE_DESCRIPTION_CREDIT = 0.5;

const BOILERPLATE = /\b(?:cookies?|subscribe|newsletter|all rights reserved|copyright ©?|privacy policy|terms of (?:use|service)|click here|sign up|log ?in|javascript|share this|follow us|advertisement)\b/gi;
const QUESTION_FILLER = new Set(["many", "much", "name", "called", "known", "kind", "type", "year", "long", "often", "main", "first", "one"]);

/** One term per word family ("won" / "win" / "winner"), as the lexical matcher sees words. */
function stem(w: string): string {
  const s = stemWord(w);
  return familyRoots().get(s) ?? s;
}

// Several pairs of one document are judged in a row: keep its word set.
const docWords = lastResult((text) => new Set(contentWords(text).map(stem)));
// ... and they often answer with the same sentences.
const answerSpans = recentResults((answer) => detectSpans(answer), 8);

export function judge(template: EngineTemplate, doc: Document, pair: Instantiated, settings: JudgeSettings): JudgeResult {
  void settings;
  const reasons: JudgeResult["reasons"] = [];
  const answer = pair.answer;
  const answerWords = contentWords(answer);
  const answerSet = new Set(answerWords.map(stem));

  // Fills: present in the document, and (built-in engine) how well they matched type, description and context.
  const fillVals = Object.values(pair.fills);
  const inDoc = fillVals.length ? fillVals.filter((f) => doc.text.includes(f)).length / fillVals.length : 1;
  const fillScores = pair.fillScores ? Object.values(pair.fillScores) : [];
  const fillConf = fillScores.length ? Math.min(1, fillScores.reduce((a, b) => a + b, 0) / fillScores.length / 3.2) : 0.6;
  reasons.push({ name: "fill-confidence", value: round(fillConf * inDoc), note: `${Math.round(inDoc * 100)}% of fills occur in the document` });

  // A fallback description ("a thing or concept") matches whatever fills it, so it vouches for its fill only half.
  const vague = pair.fillDetails ? Object.keys(pair.fillDetails).filter(isVagueDescription).length : 0;
  const details = pair.fillDetails
    ? Object.entries(pair.fillDetails).map(([d, parts]) => (isVagueDescription(d) ? { ...parts, description: Math.min(parts.description, VAGUE_DESCRIPTION_CREDIT) } : parts))
    : [];
  // Without the built-in engine's fill details (model backends) the overall fill confidence stands in for each part.
  const avg = (k: "type" | "description" | "context") => (details.length ? details.reduce((s, d) => s + d[k], 0) / details.length : fillConf);
  if (details.length) {
    reasons.push({ name: "fill-type", value: round(avg("type")), note: "how well the fills' types match the variables" });
    reasons.push({
      name: "fill-description",
      value: round(avg("description")),
      note: vague ? `how well the fills match the variables' descriptions; ${vague} of ${details.length} only say "${UNKNOWN_WORD}" or "${UNKNOWN_NAME}" (half credit)` : "how well the fills match the variables' descriptions",
    });
    reasons.push({ name: "fill-context", value: round(avg("context")), note: "template words found around the fills in the document" });
  }

  // Relevance: the instruction's own words (not the fills) found in the answer.
  const fillWords = new Set(fillVals.flatMap((f) => contentWords(f)).map(stem));
  const qWords = [...new Set(contentWords(pair.instruction).map(stem))].filter((w) => !fillWords.has(w) && !QUESTION_FILLER.has(w));
  const rel = qWords.length ? qWords.filter((w) => answerSet.has(w)).length / qWords.length : 0.5;
  const fillInAnswer = fillVals.length ? fillVals.filter((f) => answer.includes(f)).length / fillVals.length : 0.5;
  // Topicality: the template's own words (not its variables) found anywhere in the document.
  const docSet = docWords(doc.text);
  const literal = [...new Set(contentWords(template.text.replace(/<fi>[\s\S]*?<\/fi>/g, " ")).map(stem))].filter((w) => !QUESTION_FILLER.has(w));
  const topical = literal.length ? literal.filter((w) => docSet.has(w)).length / literal.length : 0.5;
  reasons.push({ name: "topicality", value: round(topical), note: `${Math.round(topical * 100)}% of the template's words occur in the document` });
  // The document says it is about the kind of thing the template asks about ("X is a film" for "who directed <film>").
  const subjectFit = namesSubject(template, subjectCategories(doc.text), true) ? 1 : 0;
  reasons.push({ name: "subject-fit", value: subjectFit, note: subjectFit ? "the document is about the kind of thing the template names" : "the document does not say it is about what the template names" });
  reasons.push({ name: "relevance", value: round(rel), note: `${Math.round(rel * 100)}% of the instruction's words appear in the answer` });
  reasons.push({ name: "fills-in-answer", value: round(fillInAnswer), note: `${Math.round(fillInAnswer * 100)}% of fills appear in the answer` });

  // Built-in engine: how strongly the chosen answer sentence matched the instruction when it was picked.
  const match = pair.answerScore === undefined ? rel : clamp01(pair.answerScore);
  reasons.push({ name: "answer-match", value: round(match), note: "match score of the answer sentence against the instruction" });

  // Expected answer type (when → a date, how many → a number ...), not counting the fills themselves.
  const exp = expectAnswer(pair.instruction);
  let typeVal = 0.5;
  if (exp.types.length) {
    const found = answerSpans(answer).filter((s) => exp.types.includes(s.type) && !fillVals.includes(s.text));
    typeVal = found.length ? 1 : 0;
    reasons.push({ name: "answer-type", value: typeVal, note: found.length ? `${found[0].type} "${found[0].text}" present` : `no ${exp.types.join("/")} in the answer` });
  }

  const n = answer.split(/\s+/).filter(Boolean).length;
  const lengthVal = n < 4 ? 0.2 : n <= 120 ? 1 : n <= 250 ? 0.6 : 0.3;
  reasons.push({ name: "length", value: lengthVal, note: `${n} words` });

  const complete = /[.!?)"”\]]$/.test(answer.trim()) && /^[\p{Lu}\p{N}"“(]/u.test(answer.trim()) ? 1 : 0.5;
  reasons.push({ name: "completeness", value: complete, note: complete === 1 ? "whole sentences" : "starts or ends mid-sentence" });

  const grams = answerWords.slice(0, -2).map((_, i) => answerWords.slice(i, i + 3).join(" "));
  const repetition = grams.length ? 1 - new Set(grams).size / grams.length : 0;
  reasons.push({ name: "repetition", value: round(repetition), note: `${Math.round(repetition * 100)}% repeated word trigrams` });

  const boiler = (answer.match(BOILERPLATE) ?? []).length;
  reasons.push({ name: "boilerplate", value: boiler, note: boiler ? `${boiler} boilerplate phrase(s)` : "none" });

  const vars = template.variables.length;
  // Weights chosen on the first halves of the public QA sets (own vs mismatched pairs) and checked on the second
  // halves; the cut-offs keep about the same share of pairs as before.
  const raw = clamp01(
    0.1 * fillConf * inDoc +
      0.12 * avg("description") +
      0.16 * avg("context") +
      0.26 * topical +
      0.08 * subjectFit +
      0.12 * rel +
      0.16 * match +
      0.03 * typeVal +
      0.025 * lengthVal +
      0.025 * complete -
      0.5 * repetition -
      0.15 * Math.min(2, boiler) -
      (vars > 0 ? 0 : 0.1),
  );
  const score = (raw >= 0.7 ? 5 : raw >= 0.5 ? 4 : raw >= 0.38 ? 3 : raw >= 0.27 ? 2 : 1) as JudgeResult["score"];
  return { score, raw: round(raw), reasons };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}
