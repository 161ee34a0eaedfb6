// Fixtures for the runs tests and the bench: a template bank genericized from real queries and a corpus file made
// from the shared passages (or the bundled sample), written inside a data root.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { projectRoot } from "../config";
import { getPrisma } from "../db/client";
import { genericize } from "../pipeline/genericize";

export const SHARED_DATA = process.env.FISTUDIO_SHARED_DATA ?? join(projectRoot, "..", "shared", "data");

function firstExisting(paths: string[]): string {
  const p = paths.find((x) => existsSync(x));
  if (!p) throw new Error(`None of these files exist: ${paths.join(", ")}`);
  return p;
}

export function passagesPath(): string {
  return firstExisting([join(SHARED_DATA, "nq-wikipedia-passages", "documents.jsonl"), join(projectRoot, "prisma", "sample", "documents.jsonl")]);
}

export function queriesPath(): string {
  return firstExisting([join(SHARED_DATA, "real-queries", "queries.jsonl"), join(projectRoot, "prisma", "sample", "queries.jsonl")]);
}

async function readJsonl(path: string, limit: number): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    out.push(JSON.parse(line));
    if (out.length >= limit) {
      rl.close();
      break;
    }
  }
  return out;
}

/** Genericize the first `n` real queries and store the valid templates (idempotent). Returns how many exist. */
export async function seedTemplates(n: number, sourceName = "fixture"): Promise<number> {
  const prisma = getPrisma();
  const queries = await readJsonl(queriesPath(), n);
  const data: { id: string; text: string; description: string; variables: object; variableCount: number; sourceName: string; origin: "genericized" }[] = [];
  const seen = new Set<string>();
  for (const q of queries) {
    const g = genericize(String(q.text ?? ""));
    if (!g.ok || !g.variables.length || seen.has(g.template)) continue;
    seen.add(g.template);
    const id = "t-" + createHash("sha256").update(g.template).digest("hex").slice(0, 16);
    data.push({ id, text: g.template, description: g.compatibleDocumentDescription, variables: g.variables as unknown as object, variableCount: g.variables.length, sourceName, origin: "genericized" });
  }
  await prisma.template.createMany({ data, skipDuplicates: true });
  await prisma.templateVersion.createMany({
    data: data.map((t) => ({ templateId: t.id, version: 1, text: t.text, description: t.description, variables: t.variables, variableCount: t.variableCount })),
    skipDuplicates: true,
  });
  return prisma.template.count({ where: { sourceName } });
}

/** Write `count` documents (the passages, replicated with distinct ids when count exceeds them) as JSONL. */
export async function writeCorpusFile(path: string, count: number, offset = 0): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const src = (await readFile(passagesPath(), "utf8")).split("\n").filter((l) => l.trim());
  const out = createWriteStream(path);
  for (let i = 0; i < count; i++) {
    const j = (offset + i) % src.length;
    const rep = Math.floor((offset + i) / src.length);
    const o = JSON.parse(src[j]);
    if (rep) o.id = `${o.id}-r${rep}`;
    if (!out.write(JSON.stringify(o) + "\n")) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return path;
}

export async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
