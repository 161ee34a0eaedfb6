import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "./defaults";
import { createEnginePool } from "./parallel";
import type { Document, EngineTemplate } from "./types";

const templates: EngineTemplate[] = [
  { id: "t1", version: 1, text: "when was <fi>a building</fi> built?", variables: [{ description: "a building", type: "concept" }], compatibleDocumentDescription: "A text about a building and when it was built." },
  { id: "t2", version: 1, text: "how long is <fi>a river</fi>?", variables: [{ description: "a river", type: "place" }], compatibleDocumentDescription: "A text about a river and its length." },
];
const docs: Document[] = Array.from({ length: 12 }, (_, i) => ({
  id: `d${i}`,
  text: i % 2 ? `The Danube river is ${2000 + i} km long. It flows through Vienna into the Black Sea.` : `The Eiffel Tower is a tower in Paris. It was built in ${1880 + i} by Gustave Eiffel.`,
}));

describe("engine pool", () => {
  it("runs on worker threads; rows come back in input order and do not depend on batch sizes", async () => {
    const settings = { ...DEFAULT_SETTINGS, match: { ...DEFAULT_SETTINGS.match, threshold: 0.01 } };
    const runWith = async (batch: number) => {
      const pool = await createEnginePool({ templates, settings, threads: 2 });
      try {
        const rows = [];
        for (let i = 0; i < docs.length; i += batch) rows.push(...(await pool.processBatch(docs.slice(i, i + batch))).rows);
        return { rows, usage: await pool.usage(), tokens: await pool.tokenize(docs) };
      } finally {
        await pool.close();
      }
    };
    const a = await runWith(12);
    const b = await runWith(5);
    expect(a.rows.length).toBeGreaterThan(0);
    expect(b.rows).toEqual(a.rows);
    const order = a.rows.map((r) => Number(r.warc_record_id.slice(1)));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect([...a.usage.values()].reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(a.rows.length);
    expect(a.tokens).toBeGreaterThan(docs.length * 10);
  }, 120_000);
});
