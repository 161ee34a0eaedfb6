// A small reader of prisma/schema.prisma (models, fields, enums, indexes) for tests that prove the migrations
// build exactly what the schema describes. Prisma 7's generated client carries no DMMF, so we read the file.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Field {
  name: string;
  type: string;
  list: boolean;
  optional: boolean;
  attrs: string;
  kind: "scalar" | "enum" | "relation" | "unsupported";
  isId: boolean;
  hasDefault: boolean;
  autoincrement: boolean;
  updatedAt: boolean;
  unique: boolean;
  /** relation fields: the FK scalar fields and referenced fields */
  relationFields?: string[];
  relationReferences?: string[];
}

export interface Model {
  name: string;
  fields: Field[];
  idFields: string[];
  uniques: string[][];
  indexes: string[][];
}

export interface Schema {
  models: Model[];
  enums: Record<string, string[]>;
}

export function parseSchema(path = join(process.cwd(), "prisma", "schema.prisma")): Schema {
  const src = readFileSync(path, "utf8").replace(/\/\/.*$/gm, "");
  const enums: Record<string, string[]> = {};
  for (const m of src.matchAll(/enum\s+(\w+)\s*\{([^}]*)\}/g)) enums[m[1]] = m[2].split(/\s+/).filter(Boolean);
  const modelNames = [...src.matchAll(/model\s+(\w+)\s*\{/g)].map((m) => m[1]);
  const models: Model[] = [];
  // Blocks end at a line holding only "}" (field defaults such as @default("{}") contain braces).
  for (const m of src.matchAll(/model\s+(\w+)\s*\{([\s\S]*?)\n\s*\}\s*(?=\n|$)/g)) {
    const fields: Field[] = [];
    let idFields: string[] = [];
    const uniques: string[][] = [];
    const indexes: string[][] = [];
    for (const raw of m[2].split("\n")) {
      const line = raw.trim();
      if (!line) continue;
      if (line.startsWith("@@")) {
        const cols = (line.match(/\[([^\]]*)\]/)?.[1] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
        if (line.startsWith("@@id")) idFields = cols;
        else if (line.startsWith("@@unique")) uniques.push(cols);
        else if (line.startsWith("@@index")) indexes.push(cols);
        continue;
      }
      const fm = line.match(/^(\w+)\s+(Unsupported\("[^"]*"\)|\w+)(\[\])?(\?)?\s*(.*)$/);
      if (!fm) continue;
      const [, name, type, list, opt, attrs] = fm;
      const kind: Field["kind"] = type.startsWith("Unsupported") ? "unsupported" : enums[type] ? "enum" : modelNames.includes(type) ? "relation" : "scalar";
      const rel = attrs.match(/@relation\(([^)]*)\)/)?.[1] ?? "";
      const f: Field = {
        name,
        type,
        list: !!list,
        optional: !!opt,
        attrs,
        kind,
        isId: /@id\b/.test(attrs),
        hasDefault: /@default\(/.test(attrs),
        autoincrement: /@default\(autoincrement\(\)\)/.test(attrs),
        updatedAt: /@updatedAt\b/.test(attrs),
        unique: /@unique\b/.test(attrs),
      };
      if (kind === "relation" && /fields:/.test(rel)) {
        f.relationFields = (rel.match(/fields:\s*\[([^\]]*)\]/)?.[1] ?? "").split(",").map((s) => s.trim());
        f.relationReferences = (rel.match(/references:\s*\[([^\]]*)\]/)?.[1] ?? "").split(",").map((s) => s.trim());
      }
      if (f.isId) idFields = [name];
      fields.push(f);
    }
    models.push({ name: m[1], fields, idFields, uniques, indexes });
  }
  return { models, enums };
}

/** The PostgreSQL type (information_schema data_type / udt_name) Prisma uses for a field. */
export function pgType(f: Field): { dataType: string; udt: string } {
  if (f.list) return { dataType: "ARRAY", udt: "_" + pgType({ ...f, list: false }).udt };
  if (f.kind === "enum") return { dataType: "USER-DEFINED", udt: f.type };
  const map: Record<string, [string, string]> = {
    String: ["text", "text"],
    Int: ["integer", "int4"],
    BigInt: ["bigint", "int8"],
    Boolean: ["boolean", "bool"],
    DateTime: ["timestamp without time zone", "timestamp"],
    Json: ["jsonb", "jsonb"],
    Float: ["double precision", "float8"],
    Decimal: ["numeric", "numeric"],
    Bytes: ["bytea", "bytea"],
  };
  const t = map[f.type];
  if (!t) throw new Error(`no mapping for ${f.type}`);
  return { dataType: t[0], udt: t[1] };
}
