// Review tags: marks the engine puts on a template that a curator should look at. They are ordinary tags (the
// Templates screen filters by them, bulk actions remove them), added when a template is made and kept in step by edits.
import { UNKNOWN_NAME, UNKNOWN_WORD } from "./descriptions";
import type { TemplateVariable } from "./types";

/** A variable the engine could describe only by its fallback ("a thing or concept", "a name"): say what kind of thing fits. */
export const VAGUE_DESCRIPTION_TAG = "check:vague-description";

const FALLBACKS = new Set([UNKNOWN_WORD, UNKNOWN_NAME]);

export function reviewTags(variables: Pick<TemplateVariable, "description">[]): string[] {
  return variables.some((v) => FALLBACKS.has(v.description.trim().replace(/\s+#\d+$/, ""))) ? [VAGUE_DESCRIPTION_TAG] : [];
}
