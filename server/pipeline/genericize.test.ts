import { describe, expect, it } from "vitest";
import { genericize, frameSpans } from "./genericize";
import { validateTemplate, renderTemplate } from "./template-syntax";

function ok(q: string) {
  const r = genericize(q);
  if (!r.ok) throw new Error(`rejected ${q}: ${r.reason} ${r.detail}`);
  return r;
}

describe("genericize", () => {
  it("replaces names and numbers with typed, described variables and renders back", () => {
    const q = "What company was formed by the merger of Sky Television and British Satellite Broadcasting in 1990?";
    const r = ok(q);
    expect(r.template).not.toMatch(/Sky|British|1990/);
    expect(r.variables.length).toBeGreaterThanOrEqual(3);
    expect(r.variables.find((v) => v.type === "year")?.description).toBe("a year");
    expect(validateTemplate(r.template, r.variables).ok).toBe(true);
    const fills = Object.fromEntries(r.spans.map((s, i) => [r.variables[i]?.description, s.text]));
    // Distinct spans get distinct descriptions, so rendering the spans back gives the query.
    if (Object.keys(fills).length === r.spans.length) expect(renderTemplate(r.template, fills)).toBe(q);
    expect(r.compatibleDocumentDescription).toMatch(/company|merger/);
  });

  it("gives a repeated span one shared variable", () => {
    const r = ok("Is Python faster than Java, and why is Python popular?");
    const py = r.template.match(/<fi>([^<]*)<\/fi>/g)!;
    expect(py.length).toBe(3);
    expect(py[0]).toBe(py[2]);
    expect(py[0]).not.toBe(py[1]);
    expect(r.variables).toHaveLength(2);
  });

  it("describes common-noun topics with WordNet when nothing is capitalised", () => {
    const r = ok("what effects does diabetes have on the body");
    expect(r.template).not.toMatch(/diabetes/);
    expect(r.variables[0].description).toMatch(/medical|disease|condition/);
  });

  it("finds titles in lower-case queries with frames", () => {
    const s = frameSpans("who plays mr randolph in the great gilly hopkins");
    expect(s.map((x) => x.text)).toEqual(["mr randolph", "great gilly hopkins"]);
    const r = ok("who sang the song if loving you is wrong i don't want to be right");
    expect(r.template).toBe("who sang the song <fi>title of a song</fi>");
  });

  it("rejects with reasons", () => {
    const reason = (q: string) => {
      const r = genericize(q);
      return r.ok ? "ok" : r.reason;
    };
    expect(reason("hi")).toBe("too-short");
    expect(reason("")).toBe("too-short");
    expect(reason("¿Cuál es la capital de Francia y por qué?")).toBe("not-english");
    expect(reason("Какая столица Франции?")).toBe("not-english");
    expect(reason("how to make a bomb at home with household stuff")).toBe("unsafe");
  });
});
