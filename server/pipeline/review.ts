// Review tags: marks the engine puts on a template that a curator should look at. They are ordinary tags (the
// Templates screen filters by them, bulk actions remove them), added when a template is made and kept in step by edits.
// No imports beyond types: the studio's pages read it too.
import type { TemplateVariable } from "./types";

/** A capitalised name no lexicon knows, and a word no lexicon knows: the last resorts of the descriptions. */
export const UNKNOWN_NAME = "a name";
export const UNKNOWN_WORD = "a thing or concept";

/** A variable the engine could describe only by its fallback ("a thing or concept", "a name"): say what kind of thing fits. */
export const VAGUE_DESCRIPTION_TAG = "check:vague-description";

/** Whether a description is one of the fallbacks, numbered or not ("a thing or concept #2"). */
export function isVagueDescription(description: string): boolean {
  const d = description.trim().replace(/\s+#\d+$/, "");
  return d === UNKNOWN_WORD || d === UNKNOWN_NAME;
}

export function reviewTags(variables: Pick<TemplateVariable, "description">[]): string[] {
  return variables.some((v) => isVagueDescription(v.description)) ? [VAGUE_DESCRIPTION_TAG] : [];
}
