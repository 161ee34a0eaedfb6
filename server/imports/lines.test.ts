import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLines, type LineItem } from "./lines";

const dir = mkdtempSync(join(tmpdir(), "fistudio-lines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
async function collect(content: Buffer | string, maxLineBytes?: number): Promise<LineItem[]> {
  const p = join(dir, `f${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(p, content);
  const out: LineItem[] = [];
  for await (const l of readLines(p, { maxLineBytes })) out.push(l);
  return out;
}

describe("readLines", () => {
  it("splits LF and CRLF lines, keeps the last line without newline, numbers lines from 1", async () => {
    const r = await collect("a\r\nb\n\nc");
    expect(r.map((x) => ("text" in x ? x.text : x.error))).toEqual(["a", "b", "", "c"]);
    expect(r.map((x) => x.line)).toEqual([1, 2, 3, 4]);
  });

  it("yields nothing for an empty file", async () => {
    expect(await collect("")).toEqual([]);
  });

  it("reports invalid UTF-8 per line and keeps going", async () => {
    const r = await collect(Buffer.concat([Buffer.from("ok\nbad "), Buffer.from([0xc3, 0x28]), Buffer.from("\nné\n")]));
    expect(r[0]).toMatchObject({ line: 1, text: "ok" });
    expect(r[1]).toMatchObject({ line: 2, error: "invalid-utf8" });
    expect(r[2]).toMatchObject({ line: 3, text: "né" });
  });

  it("skips a line longer than the limit without keeping it, across chunk boundaries", async () => {
    const big = "x".repeat(3 * 1024 * 1024);
    const r = await collect(`first\n${big}\nlast\n`, 1024 * 1024);
    expect(r).toHaveLength(3);
    expect(r[1]).toMatchObject({ line: 2, error: "line-too-long", bytes: big.length });
    expect(r[2]).toMatchObject({ line: 3, text: "last" });
  });

  it("keeps multi-byte characters split across read chunks intact", async () => {
    const s = "é".repeat(700_000); // 1.4 MB: crosses the 1 MiB chunk boundary
    const r = await collect(`${s}\n`, 2 * 1024 * 1024);
    expect(r[0]).toMatchObject({ text: s });
  });
});
