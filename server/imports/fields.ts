// Field maps: which record fields hold id, text, title, source … with sensible defaults per import kind.
import { createHash } from "node:crypto";
import { normalizeTemplate } from "../pipeline/dedup";

export type ImportKind = "queries" | "documents" | "templates";
export type ImportFormat = "jsonl" | "csv" | "parquet";

/** Field names in the input records. A null disables the field; undefined means "try the defaults". */
export interface FieldMap {
  id?: string | null;
  text?: string | null;
  /** documents */
  title?: string | null;
  /** queries: QuerySource name per row; documents: Document.source; templates: Template.sourceName. */
  source?: string | null;
  /** templates: compatible document description */
  description?: string | null;
  /** templates: array of strings or "a, b" */
  tags?: string | null;
  /** templates: [{description, type}] */
  variables?: string | null;
  /** queries: extra JSON kept on the row (default: the "meta" field, else the unmapped fields) */
  meta?: string | null;
}

export const DEFAULT_FIELDS: Record<ImportKind, Record<keyof FieldMap, string[]>> = {
  queries: { id: ["id"], text: ["text", "query", "question", "instruction", "prompt"], title: [], source: ["source"], description: [], tags: [], variables: [], meta: ["meta"] },
  documents: { id: ["id", "doc_id", "document_id"], text: ["text", "content", "body", "document", "context"], title: ["title"], source: ["source", "url"], description: [], tags: [], variables: [], meta: [] },
  templates: {
    id: ["id", "template_id"],
    text: ["template", "text"],
    title: [],
    source: ["source"],
    description: ["compatible_document_description", "description", "document_description"],
    tags: ["tags"],
    variables: ["variables"],
    meta: [],
  },
};

/** Resolves the field name to read for `key`: the user's choice, else the first default present in the record. */
export function pick(rec: Record<string, unknown>, kind: ImportKind, map: FieldMap, key: keyof FieldMap): { field?: string; value: unknown } {
  const chosen = map[key];
  if (chosen === null) return { value: undefined };
  if (chosen !== undefined) return { field: chosen, value: rec[chosen] };
  for (const f of DEFAULT_FIELDS[kind][key]) if (rec[f] !== undefined && rec[f] !== null) return { field: f, value: rec[f] };
  return { value: undefined };
}

export function asText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  return undefined;
}

/** Replaces lone surrogates (valid in JS strings, rejected by PostgreSQL) with U+FFFD (Node ≥ 20 has toWellFormed). */
export function wellFormed(s: string): string {
  return (s as unknown as { toWellFormed(): string }).toWellFormed();
}

/** Strips NUL characters (PostgreSQL text cannot hold them) and trims. */
export function clean(s: string): string {
  return wellFormed(s.includes("\u0000") ? s.replace(/\u0000/g, "") : s).trim();
}

export function sha(s: string, n = 24): string {
  return createHash("sha256").update(s).digest("hex").slice(0, n);
}

/** Stable query id when the file has none: hash of source + text. */
export function queryHashId(source: string, text: string): string {
  return `q-${sha(source + "\n" + text)}`;
}

/** Stable template id when the file has none: hash of the normalised template text. */
export function templateHashId(text: string): string {
  return `tpl-${sha(normalizeTemplate(text))}`;
}

export function documentHashId(text: string): string {
  return `d-${sha(text)}`;
}

export function toTags(v: unknown): string[] {
  let arr: unknown[] = [];
  if (Array.isArray(v)) arr = v;
  else if (typeof v === "string") arr = v.trim().startsWith("[") ? safeJsonArray(v) : v.split(/[,;|]/);
  const out = new Set<string>();
  for (const t of arr) {
    const s = typeof t === "string" ? clean(t).toLowerCase() : typeof t === "number" ? String(t) : "";
    if (s && s.length <= 64) out.add(s);
  }
  return [...out].sort();
}

function safeJsonArray(s: string): unknown[] {
  try {
    const a = JSON.parse(s);
    return Array.isArray(a) ? a : [];
  } catch {
    return s.replace(/^\[|\]$/g, "").split(",").map((x) => x.replace(/^\s*['"]|['"]\s*$/g, ""));
  }
}

export function formatOfPath(path: string): ImportFormat {
  const p = path.toLowerCase().replace(/\.(gz|zst)$/, "");
  if (p.endsWith(".csv") || p.endsWith(".tsv")) return "csv";
  if (p.endsWith(".parquet") || p.endsWith(".pq")) return "parquet";
  return "jsonl";
}
