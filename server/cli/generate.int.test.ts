// `fistudio generate --templates db`: the studio's active templates (current versions), not retired ones.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, expect, it } from "vitest";
import { resetDb, useTestDatabase } from "../../tests/helpers";
import { getPrisma } from "../db/client";
import { seedTemplates } from "../runs/fixtures";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "fistudio-generate-db-"));

beforeAll(async () => {
  useTestDatabase();
  await resetDb();
  await seedTemplates(300, "gen-db");
});

it("generates from the active templates in the database and never uses a retired one", async () => {
  const retired = await getPrisma().template.findMany({ take: 100, orderBy: { id: "asc" }, select: { id: true } });
  await getPrisma().template.updateMany({ where: { id: { in: retired.map((t) => t.id) } }, data: { status: "retired" } });
  const docs = join(dir, "docs.jsonl");
  writeFileSync(docs, readFileSync("prisma/sample/documents.jsonl", "utf8").split("\n").slice(0, 80).join("\n") + "\n");
  const out = join(dir, "pairs.jsonl");
  const { stdout } = await run(process.execPath, ["--import", "tsx", "server/cli.ts", "generate", "--documents", docs, "--templates", "db", "--out", out, "--threads", "1", "--cache-dir", join(dir, "cache")], {
    timeout: 240_000,
    env: { ...process.env, FISTUDIO_MODEL_BASE_URL: "" },
  });
  expect(stdout).toMatch(/80 documents → \d+ pairs/);
  const rows = readFileSync(out, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { template_id: string });
  expect(rows.length).toBeGreaterThan(0);
  const active = new Set((await getPrisma().template.findMany({ where: { status: "active" }, select: { id: true } })).map((t) => t.id));
  expect(rows.every((r) => active.has(r.template_id))).toBe(true);
});
