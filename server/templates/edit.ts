// Editing a template makes a new version: the Template row's denormalised fields move to it, older versions stay
// (runs pin versions), and the engine's review tags follow the new text. FacetCount stays exact (the old values are subtracted, the new added, in one transaction).
import { TRPCError } from "@trpc/server";
import { addFacetCounts } from "../db/facets";
import { getPool } from "../db/pool";
import { reviewTags, VAGUE_DESCRIPTION_TAG } from "../pipeline/review";
import { validateTemplate } from "../pipeline/template-syntax";

export interface EditTemplateInput {
  id: string;
  /** The version the user edited; a concurrent edit in between is refused instead of overwritten. */
  expectedVersion: number;
  text: string;
  description: string;
  note?: string;
}

export async function editTemplate(input: EditTemplateInput): Promise<{ id: string; version: number }> {
  const text = input.text.trim();
  const validation = validateTemplate(text);
  if (!validation.ok) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `Invalid template: ${validation.errors.map((e) => e.message).join("; ")}`,
    });
  }
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query(`SELECT "currentVersion", text, description FROM "Template" WHERE id = $1 FOR UPDATE`, [input.id]);
    const cur = rows[0];
    if (!cur) throw new TRPCError({ code: "NOT_FOUND", message: `template ${input.id} not found` });
    if (cur.currentVersion !== input.expectedVersion) {
      throw new TRPCError({
        code: "CONFLICT",
        message: `template was changed meanwhile (now version ${cur.currentVersion}); reload it and edit again`,
      });
    }
    if (cur.text === text && cur.description === input.description.trim()) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "nothing changed" });
    }
    const version = cur.currentVersion + 1;
    const variables = JSON.stringify(validation.variables);
    const variableCount = validation.variables.length;
    const rowsSql = `(SELECT * FROM "Template" WHERE id = $1)`;
    await addFacetCounts(client, "template", rowsSql, -1, [input.id]);
    // The engine's review tags follow the new text: saying what a vague variable is clears check:vague-description.
    await client.query(
      `UPDATE "Template" SET text = $2, description = $3, variables = $4::jsonb, "variableCount" = $5, "currentVersion" = $6,
              origin = 'edited', "updatedAt" = now(),
              tags = coalesce((SELECT array_agg(DISTINCT t ORDER BY t) FROM unnest(array_remove(tags, $7) || $8::text[]) t), '{}')
        WHERE id = $1`,
      [input.id, text, input.description.trim(), variables, variableCount, version, VAGUE_DESCRIPTION_TAG, reviewTags(validation.variables)],
    );
    await addFacetCounts(client, "template", rowsSql, 1, [input.id]);
    await client.query(
      `INSERT INTO "TemplateVersion" ("templateId", version, text, description, variables, "variableCount", note, "createdAt")
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, now())`,
      [input.id, version, text, input.description.trim(), variables, variableCount, input.note ?? ""],
    );
    await client.query("COMMIT");
    return { id: input.id, version };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
