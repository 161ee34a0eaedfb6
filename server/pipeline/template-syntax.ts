// The <fi>description</fi> template syntax: parse, validate, render.
import type { TemplateValidation, TemplateVariable, VariableType } from "./types";

export type TemplatePart = { kind: "text"; text: string } | { kind: "var"; description: string; start: number; end: number };

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Distinct descriptions in order of first appearance. */
  descriptions: string[];
}

const TAG = /<\s*(\/?)\s*fi\s*>/gi;

/** Splits a template into literal text and variables. Lenient: broken markup stays literal (use validateTemplate to reject it). */
export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const descriptions: string[] = [];
  const re = /<fi>([\s\S]*?)<\/fi>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m.index > last) parts.push({ kind: "text", text: text.slice(last, m.index) });
    const description = normalizeDescription(m[1]);
    parts.push({ kind: "var", description, start: m.index, end: m.index + m[0].length });
    if (!descriptions.includes(description)) descriptions.push(description);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return { parts, descriptions };
}

export function normalizeDescription(d: string): string {
  return d.replace(/\s+/g, " ").trim();
}

/**
 * Error codes: unclosed-tag, unopened-close, nested-tag, empty-description, malformed-tag, no-text,
 * description-too-long, inconsistent-type (a shared description given two types).
 */
export function validateTemplate(text: string, types?: TemplateVariable[]): TemplateValidation {
  const errors: TemplateValidation["errors"] = [];
  if (!text || !text.replace(/<\/?fi>/g, "").trim()) errors.push({ code: "no-text", message: "template is empty", offset: 0 });
  // Anything that looks like a tag but is not exactly <fi> or </fi>.
  const loose = /<\s*\/?\s*f\s*i\b[^>]*>|<\s*\/?\s*fi\s*(?=[^>]*$)/gi;
  let m: RegExpExecArray | null;
  while ((m = loose.exec(text))) {
    if (m[0] !== "<fi>" && m[0] !== "</fi>") errors.push({ code: "malformed-tag", message: `malformed tag "${m[0]}"`, offset: m.index });
  }
  let open = -1;
  const re = new RegExp(TAG.source, "gi");
  while ((m = re.exec(text))) {
    const closing = m[1] === "/";
    if (!closing) {
      if (open >= 0) errors.push({ code: "nested-tag", message: "<fi> opened inside another <fi>", offset: m.index });
      else open = m.index;
    } else {
      if (open < 0) errors.push({ code: "unopened-close", message: "</fi> without a matching <fi>", offset: m.index });
      else {
        const desc = normalizeDescription(text.slice(open, m.index).replace(/^<\s*fi\s*>/i, ""));
        if (!desc) errors.push({ code: "empty-description", message: "variable with an empty description", offset: open });
        else if (desc.length > 120) errors.push({ code: "description-too-long", message: "description longer than 120 characters", offset: open });
        open = -1;
      }
    }
  }
  if (open >= 0) errors.push({ code: "unclosed-tag", message: "<fi> never closed", offset: open });
  const { descriptions } = errors.length ? { descriptions: [] as string[] } : parseTemplate(text);
  const variables: TemplateVariable[] = descriptions.map((description) => ({
    description,
    type: types?.find((v) => v.description === description)?.type ?? inferType(description),
  }));
  if (types) {
    const seen = new Map<string, VariableType>();
    for (const v of types) {
      const prev = seen.get(v.description);
      if (prev && prev !== v.type)
        errors.push({ code: "inconsistent-type", message: `shared variable "${v.description}" has types ${prev} and ${v.type}` });
      seen.set(v.description, v.type);
    }
  }
  return { ok: errors.length === 0, errors, variables };
}

/** Best guess of a variable's type from its description alone (templates imported without types). */
export function inferType(description: string): VariableType {
  const d = description.toLowerCase();
  if (/\byear\b/.test(d)) return "year";
  if (/\b(date|day|month|century|decade|time period|period)\b/.test(d)) return "date";
  if (/\b(amount of money|price|cost|money|currency amount)\b/.test(d)) return "money";
  if (/\b(percentage|quantity|measurement|distance|length|weight|height|duration|amount)\b/.test(d)) return "quantity";
  if (/\b(number|count)\b/.test(d)) return "number";
  if (/\b(person|people|actor|actress|singer|author|writer|player|character|politician|scientist|artist|musician|president|king|queen)\b/.test(d)) return "person";
  if (/\b(country|city|place|location|region|state|river|mountain|continent|town|island|area|ocean|lake)\b/.test(d)) return "place";
  if (/\b(organization|organisation|company|team|band|university|institution|party|agency|group|club|museum|school)\b/.test(d)) return "organization";
  if (/\b(title|film|movie|book|song|album|novel|show|series|game|poem|play|painting)\b/.test(d)) return "work";
  if (/\b(event|war|battle|election|tournament|championship|competition)\b/.test(d)) return "event";
  if (/\b(programming language|library|framework|function|method|class|file|version|software|command|api|identifier)\b/.test(d)) return "code";
  if (/\blanguage\b/.test(d)) return "language";
  return "concept";
}

/** Fills every variable (by description) and returns the text; throws if a variable has no fill. */
export function renderTemplate(text: string, fills: Record<string, string>): string {
  const { parts } = parseTemplate(text);
  let out = "";
  for (const p of parts) {
    if (p.kind === "text") out += p.text;
    else {
      const f = fills[p.description];
      if (f === undefined) throw new Error(`no fill for variable "${p.description}"`);
      out += f;
    }
  }
  return out;
}
