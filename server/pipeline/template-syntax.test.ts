import { describe, expect, it } from "vitest";
import { inferType, parseTemplate, renderTemplate, validateTemplate } from "./template-syntax";

describe("template syntax", () => {
  it("parses shared variables once, in order of first appearance", () => {
    const t = "Is <fi>a city</fi> bigger than <fi>a country</fi>, and is <fi>a city</fi> old?";
    const p = parseTemplate(t);
    expect(p.descriptions).toEqual(["a city", "a country"]);
    expect(p.parts.filter((x) => x.kind === "var")).toHaveLength(3);
    expect(renderTemplate(t, { "a city": "Paris", "a country": "Spain" })).toBe("Is Paris bigger than Spain, and is Paris old?");
  });

  it("validates a template with 10 variables", () => {
    const descs = Array.from({ length: 10 }, (_, i) => `thing #${i + 1}`);
    const t = "Compare " + descs.map((d) => `<fi>${d}</fi>`).join(" and ");
    const v = validateTemplate(t);
    expect(v.ok).toBe(true);
    expect(v.variables.map((x) => x.description)).toEqual(descs);
    const fills = Object.fromEntries(descs.map((d, i) => [d, `x${i}`]));
    expect(renderTemplate(t, fills)).toBe("Compare " + descs.map((_, i) => `x${i}`).join(" and "));
  });

  it.each([
    ["what is <fi>a city", "unclosed-tag"],
    ["what is a city</fi>?", "unopened-close"],
    ["what is <fi>a <fi>big</fi> city</fi>?", "nested-tag"],
    ["what is <fi>  </fi>?", "empty-description"],
    ["what is <fi >a city</ fi>?", "malformed-tag"],
    ["", "no-text"],
  ])("rejects %j with %s and an offset", (text, code) => {
    const v = validateTemplate(text);
    expect(v.ok).toBe(false);
    const e = v.errors.find((x) => x.code === code);
    expect(e).toBeDefined();
    if (code !== "no-text") expect(e!.offset).toBeGreaterThanOrEqual(0);
  });

  it("reports the offset of the broken tag", () => {
    const text = "who is <fi>a person</fi> and <fi>a place";
    const v = validateTemplate(text);
    expect(v.errors[0].offset).toBe(text.lastIndexOf("<fi>"));
  });

  it("rejects a shared description given two types", () => {
    const v = validateTemplate("<fi>a name</fi> or <fi>a name</fi>", [
      { description: "a name", type: "person" },
      { description: "a name", type: "place" },
    ]);
    expect(v.errors.map((e) => e.code)).toContain("inconsistent-type");
  });

  it("throws when a fill is missing and infers types from descriptions", () => {
    expect(() => renderTemplate("<fi>a year</fi>", {})).toThrow(/a year/);
    expect(inferType("a year")).toBe("year");
    expect(inferType("name of a programming language")).toBe("code");
    expect(inferType("a country")).toBe("place");
  });
});
