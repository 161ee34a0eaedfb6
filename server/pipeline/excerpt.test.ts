import { describe, expect, it } from "vitest";
import { expandExcerpts, excerptRatio, toExcerptMarker } from "./excerpt";

const doc = "The engine was built in 1712. It pumped water from mines. The engine was later improved by Watt in 1776.";

describe("excerpt markers", () => {
  it("expands a start<...>end marker to the exact unique span", () => {
    const r = expandExcerpts("In short: <excerpt>It pumped<...>from mines.</excerpt>", doc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text).toBe("In short: It pumped water from mines.");
    expect(doc.slice(r.excerpts[0].start, r.excerpts[0].end)).toBe("It pumped water from mines.");
    // Word and punctuation tokens: 6 copied ("It pumped water from mines .") of 9.
    expect(r.excerptRatio).toBeCloseTo(6 / 9, 5);
  });

  it("rejects an ambiguous marker (two spans match)", () => {
    const r = expandExcerpts("<excerpt>The engine was<...>in 1</excerpt>", doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe("excerpt-ambiguous");
  });

  it("rejects a marker that is not in the document and a malformed one", () => {
    const a = expandExcerpts("<excerpt>steam turbine<...>1900</excerpt>", doc);
    expect(a.ok || a.reason).toBe("excerpt-not-found");
    const b = expandExcerpts("<excerpt><...>mines.</excerpt>", doc);
    expect(b.ok || b.reason).toBe("excerpt-malformed");
    const c = expandExcerpts("<excerpt>It pumped water", doc);
    expect(c.ok || c.reason).toBe("excerpt-malformed");
  });

  it("round-trips a span through its marker", () => {
    const start = doc.indexOf("The engine was later");
    const span = { start, end: doc.length };
    const r = expandExcerpts(toExcerptMarker(doc, span, 2), doc);
    expect(r.ok && r.text).toBe(doc.slice(start));
  });

  it("computes the ratio at the 80% boundary", () => {
    // 8 copied tokens + 2 lead-in tokens = exactly 0.8.
    const copied = "It pumped water from mines and then stopped";
    expect(excerptRatio(`Well, ${copied}`, [copied])).toBeCloseTo(8 / 10, 5);
    expect(excerptRatio(`Well then, ${copied}`, [copied])).toBeLessThan(0.8);
    expect(excerptRatio("", [])).toBe(0);
  });
});
