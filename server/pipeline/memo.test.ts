import { describe, expect, it } from "vitest";
import { lastResult, memoize, recentResults } from "./memo";

describe("memo", () => {
  it("memoize computes a key once, keeps falsy results, and starts over when full", () => {
    const calls: string[] = [];
    const f = memoize((k) => {
      calls.push(k);
      return k === "zero" ? 0 : k.length;
    }, 2);
    expect([f("ab"), f("ab"), f("zero"), f("zero")]).toEqual([2, 2, 0, 0]);
    expect(calls).toEqual(["ab", "zero"]);
    f("abc"); // the third key empties the cache
    f("ab");
    expect(calls).toEqual(["ab", "zero", "abc", "ab"]);
  });

  it("lastResult recomputes only when the text changes", () => {
    let n = 0;
    const f = lastResult((t) => `${t}:${++n}`);
    expect([f("a"), f("a"), f("b"), f("a")]).toEqual(["a:1", "a:1", "b:2", "a:3"]);
  });

  it("recentResults keeps the last `size` texts, dropping the oldest", () => {
    let n = 0;
    const f = recentResults((t) => `${t}:${++n}`, 2);
    expect([f("a"), f("b"), f("a"), f("c"), f("b"), f("a")]).toEqual(["a:1", "b:2", "a:1", "c:3", "b:2", "a:4"]);
  });
});
