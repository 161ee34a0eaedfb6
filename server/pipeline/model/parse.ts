// Robust reading of model output: JSON that may sit in code fences or prose, and alignment of a template against
// the text made from it (to recover which span filled which variable).
import { parseTemplate } from "../template-syntax";

export type JsonRead = { ok: true; value: unknown } | { ok: false; detail: string };

/** Strips ```json fences and surrounding prose, then parses the first complete JSON value (object, array or null). */
export function readJson(text: string): JsonRead {
  let t = text.trim();
  const fence = /```(?:json|JSON)?\s*([\s\S]*?)```/.exec(t);
  if (fence) t = fence[1].trim();
  if (t === "") return { ok: false, detail: "empty output" };
  try {
    return { ok: true, value: JSON.parse(t) };
  } catch {
    /* fall through: look for a balanced object inside prose */
  }
  if (/^null\b/i.test(t) || /^none\.?$/i.test(t)) return { ok: true, value: null };
  const start = t.indexOf("{");
  if (start >= 0) {
    const end = balancedEnd(t, start);
    if (end > 0) {
      try {
        return { ok: true, value: JSON.parse(t.slice(start, end + 1)) };
      } catch (e) {
        return { ok: false, detail: `invalid JSON: ${(e as Error).message}` };
      }
    }
    return { ok: false, detail: "unterminated JSON object (output cut short?)" };
  }
  return { ok: false, detail: `not JSON: "${t.replace(/\s+/g, " ").slice(0, 80)}"` };
}

/** Index of the brace closing the object opened at `start` (string-aware), or -1. */
function balancedEnd(t: string, start: number): number {
  let depth = 0;
  let inStr = false;
  for (let i = start; i < t.length; i++) {
    const c = t[i];
    if (inStr) {
      if (c === "\\") i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** First string value among `keys` (case-insensitive key match). */
export function pickString(obj: unknown, keys: string[]): string | undefined {
  if (!obj || typeof obj !== "object") return undefined;
  const entries = Object.entries(obj as Record<string, unknown>);
  for (const k of keys) {
    const hit = entries.find(([key]) => key.toLowerCase() === k.toLowerCase());
    if (hit && typeof hit[1] === "string") return hit[1];
  }
  return undefined;
}

export interface AlignedVar {
  description: string;
  start: number;
  end: number;
  text: string;
}

/**
 * Aligns a template against a text it produced: the literal pieces are found in order (case-insensitive, whitespace
 * tolerant), and what lies between them is each variable's fill. Returns null when a literal piece is missing
 * (the model rephrased), or when a variable would be empty.
 */
export function alignTemplate(template: string, text: string): AlignedVar[] | null {
  const { parts } = parseTemplate(template);
  const out: AlignedVar[] = [];
  const lower = text.toLowerCase();
  let pos = 0;
  let pending: string | null = null; // a variable waiting for the next literal to close it
  const close = (end: number): boolean => {
    if (pending === null) return true;
    const raw = text.slice(pos, end);
    const lead = raw.length - raw.trimStart().length;
    const fill = raw.trim().replace(/[\s,;:]+$/, "");
    if (!fill) return false;
    out.push({ description: pending, start: pos + lead, end: pos + lead + fill.length, text: fill });
    pending = null;
    return true;
  };
  for (const p of parts) {
    if (p.kind === "var") {
      if (pending !== null) return null; // two adjacent variables cannot be split reliably
      pending = p.description;
      continue;
    }
    const needle = p.text.toLowerCase().replace(/\s+/g, " ").trim();
    if (!needle) continue;
    const found = findLoose(lower, needle, pos);
    if (!found) return null;
    if (!close(found.start)) return null;
    pos = found.end;
  }
  if (pending !== null) {
    // trailing variable: up to the end, minus closing punctuation
    const raw = text.slice(pos);
    const m = /[\s?.!]*$/.exec(raw);
    const body = m ? raw.slice(0, raw.length - m[0].length) : raw;
    const lead = body.length - body.trimStart().length;
    const fill = body.trim();
    if (!fill) return null;
    out.push({ description: pending, start: pos + lead, end: pos + lead + fill.length, text: fill });
  }
  return out;
}

/** Finds `needle` (single-spaced) in `hay` from `from`, letting any run of whitespace in hay match one space. */
function findLoose(hay: string, needle: string, from: number): { start: number; end: number } | null {
  const re = new RegExp(needle.split(" ").map(escapeRegExp).join("\\s+"), "g");
  re.lastIndex = from;
  const m = re.exec(hay);
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
