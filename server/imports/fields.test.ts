import { describe, expect, it } from "vitest";
import { clean, formatOfPath, pick, queryHashId, templateHashId, toTags } from "./fields";

describe("field maps", () => {
  it("uses the user's field, else the first default present", () => {
    expect(pick({ question: "q?", text: "t" }, "queries", { text: "question" }, "text")).toEqual({ field: "question", value: "q?" });
    expect(pick({ query: "q" }, "queries", {}, "text")).toEqual({ field: "query", value: "q" });
    expect(pick({ template: "a <fi>b</fi>" }, "templates", {}, "text").field).toBe("template");
    expect(pick({ source: "x" }, "queries", { source: null }, "source")).toEqual({ value: undefined });
  });

  it("derives stable ids from content", () => {
    expect(queryHashId("s", "text")).toBe(queryHashId("s", "text"));
    expect(queryHashId("s", "text")).not.toBe(queryHashId("t", "text"));
    expect(templateHashId("What is <fi>a thing</fi>?")).toBe(templateHashId("what is  <fi>a thing</fi>?"));
  });

  it("normalises tags from arrays, JSON strings and comma lists", () => {
    expect(toTags(["B", "a", "a"])).toEqual(["a", "b"]);
    expect(toTags("x, y;z")).toEqual(["x", "y", "z"]);
    expect(toTags('["p","q"]')).toEqual(["p", "q"]);
    expect(toTags(undefined)).toEqual([]);
  });

  it("cleans NULs and lone surrogates, trims", () => {
    expect(clean("  a\u0000b \ud800 ")).toBe("ab \ufffd");
  });

  it("guesses the format from the extension", () => {
    expect(formatOfPath("a/b.CSV")).toBe("csv");
    expect(formatOfPath("x.parquet")).toBe("parquet");
    expect(formatOfPath("x.ndjson")).toBe("jsonl");
  });
});
