import { describe, expect, it } from "vitest";
import { computeViews, MIN_SIGMA_CHARS, sigmaChars, viewText, viewWeights } from "./views";

describe("views", () => {
  it("has one global view and K local views centred at k/(K+1) with ±2σ ranges", () => {
    const len = 100_000;
    const views = computeViews(len, 5, 0.05);
    expect(views.map((v) => v.k)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(views[0]).toEqual({ k: 0, start: 0, end: len });
    for (const v of views.slice(1)) {
      const centre = (v.k / 6) * len;
      expect((v.start + v.end) / 2).toBeCloseTo(centre, -1);
      expect(v.end - v.start).toBeCloseTo(4 * 0.05 * len, -1);
    }
  });

  it("clamps local ranges to the text and floors σ for short texts", () => {
    const views = computeViews(300, 5, 0.05);
    expect(sigmaChars(300, 0.05)).toBe(MIN_SIGMA_CHARS);
    for (const v of views) {
      expect(v.start).toBeGreaterThanOrEqual(0);
      expect(v.end).toBeLessThanOrEqual(300);
    }
    expect(computeViews(0, 5, 0.05).every((v) => v.start === 0 && v.end === 0)).toBe(true);
  });

  it("weights are Gaussian around the centre for local views and flat for the global view", () => {
    const len = 10_000;
    const offsets = Array.from({ length: 101 }, (_, i) => i * 100);
    const [global, v1, , v3] = computeViews(len, 5, 0.05);
    expect([...viewWeights(offsets, len, global, 5, 0.05)].every((w) => w === 1)).toBe(true);
    const w3 = viewWeights(offsets, len, v3, 5, 0.05);
    expect(w3[50]).toBeCloseTo(1, 5); // centre 3/6 = 50%
    expect(w3[45]).toBeCloseTo(Math.exp(-0.5), 3); // one σ (500 chars) away
    expect(w3[45]).toBeCloseTo(w3[55], 5);
    const w1 = viewWeights(offsets, len, v1, 5, 0.05);
    expect(w1[17]).toBeGreaterThan(w1[50]);
    expect(w1[90]).toBeLessThan(1e-6);
  });

  it("a view's text is its range widened to whole words", () => {
    const text = "alpha beta gamma delta epsilon zeta eta theta iota kappa ".repeat(200);
    const v = computeViews(text.length, 5, 0.05)[2];
    const t = viewText(text, v);
    expect(text.includes(t)).toBe(true);
    expect(t.length).toBeGreaterThanOrEqual(v.end - v.start - 2);
    expect(/^\S+/.exec(t)![0]).toMatch(/^(alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa)$/);
  });
});
