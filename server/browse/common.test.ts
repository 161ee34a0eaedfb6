import { describe, expect, it } from "vitest";
import { clampLimit, decodeCursor, encodeCursor, keysetClause, SqlBuilder } from "./common";

describe("keyset helpers", () => {
  it("round-trips cursors and rejects forged ones", () => {
    const c = encodeCursor(["2026-01-01T00:00:00.000", "id-1"]);
    expect(decodeCursor(c, 2)).toEqual(["2026-01-01T00:00:00.000", "id-1"]);
    expect(decodeCursor(undefined, 2)).toBeNull();
    expect(() => decodeCursor(c, 3)).toThrow(/cursor/);
    expect(() => decodeCursor("%%%", 1)).toThrow(/cursor/);
  });

  it("builds row comparisons in the sort direction with parameters", () => {
    const b = new SqlBuilder();
    b.and(`status = ${b.param("active")}`);
    expect(keysetClause(b, [`"createdAt"`, "id"], ["t", "x"], "desc", ["timestamp(3)", "text"])).toBe(`("createdAt", id) < ($2::timestamp(3), $3::text)`);
    expect(b.params).toEqual(["active", "t", "x"]);
  });

  it("clamps page sizes", () => {
    expect(clampLimit()).toBe(50);
    expect(clampLimit(0)).toBe(50);
    expect(clampLimit(10_000)).toBe(500);
  });
});
