import { describe, expect, it } from "vitest";
import { answerCue, fluent, instantiate, wordKey } from "./instantiate";
import { wordTokens } from "./tokens";
import type { Document, EngineTemplate, Span, TemplateVariable } from "./types";

const settings = { minExcerptRatio: 0.8, maxAnswerSentences: 3 };
const whole = (d: Document) => ({ k: 0, start: 0, end: d.text.length });
const tpl = (text: string, variables: TemplateVariable[]): EngineTemplate => ({ id: "t", version: 1, text, variables, compatibleDocumentDescription: "" });
/** The fill of a one-variable template on a whole document, or null when it does not instantiate. */
function fillOf(template: string, type: TemplateVariable["type"], text: string): string | null {
  const description = /<fi>([\s\S]*?)<\/fi>/.exec(template)![1];
  const d: Document = { id: "d", text };
  const r = instantiate(tpl(template, [{ description, type }]), d, whole(d), settings);
  return r.ok ? r.fills[description] : null;
}

const doc: Document = {
  id: "d1",
  text: "Kenya is a country in East Africa. Its capital is Nairobi. Kenya became independent from Britain in 1963, after the Mau Mau uprising. The country has a population of about 47 million people.",
};

describe("instantiate", () => {
  it("fills by type and context and answers with the sentence holding the expected type", () => {
    const r = instantiate(tpl("When did <fi>a country #1</fi> become independent from <fi>a country #2</fi>?", [
      { description: "a country #1", type: "place" },
      { description: "a country #2", type: "place" },
    ]), doc, whole(doc), settings);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.instruction).toBe("When did Kenya become independent from Britain?");
    expect(r.answer).toContain("1963");
    expect(r.excerptRatio).toBeGreaterThanOrEqual(0.8);
    for (const e of r.excerpts) expect(r.answer).toContain(doc.text.slice(e.start, e.end));
  });

  it("gives identical descriptions identical fills", () => {
    const r = instantiate(tpl("Is <fi>a country</fi> in Africa, and what is the capital of <fi>a country</fi>?", [{ description: "a country", type: "place" }]), doc, whole(doc), settings);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const fill = r.fills["a country"];
    expect(r.instruction.split(fill).length - 1).toBe(2);
  });

  it("fills a template with 10 variables when the document has enough spans, and refuses otherwise", () => {
    const years = Array.from({ length: 10 }, (_, i) => 1900 + i * 7);
    const d: Document = { id: "y", text: years.map((y, i) => `Event ${i} happened in ${y}.`).join(" ") };
    const vars = years.map((_, i) => ({ description: `a year #${i + 1}`, type: "year" as const }));
    const text = "List what happened in " + vars.map((v) => `<fi>${v.description}</fi>`).join(", ") + ".";
    const r = instantiate(tpl(text, vars), d, whole(d), settings);
    expect(r.ok).toBe(true);
    if (r.ok) expect(new Set(Object.values(r.fills)).size).toBe(10);
    const short: Document = { id: "s", text: "Event 0 happened in 1900. Event 1 happened in 1907." };
    const bad = instantiate(tpl(text, vars), short, whole(short), settings);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toBe("no-fill");
  });

  it("returns a reason for empty documents and for templates whose types are absent", () => {
    const empty = instantiate(tpl("Who founded <fi>a company</fi>?", [{ description: "a company", type: "organization" }]), { id: "e", text: "" }, { k: 0, start: 0, end: 0 }, settings);
    expect(empty.ok || empty.reason).toBe("empty-document");
    const noMoney = instantiate(tpl("Why does it cost <fi>an amount of money</fi>?", [{ description: "an amount of money", type: "money" }]), doc, whole(doc), settings);
    expect(noMoney.ok || noMoney.reason).toBe("no-fill");
  });

  it("answers from documents with no sentence boundaries, very long documents and non-English text", () => {
    const table = Array.from({ length: 300 }, (_, i) => `Player${i} scored ${i} goals in ${1950 + (i % 60)}`).join(" ");
    const t = tpl("How many goals did <fi>a name</fi> score?", [{ description: "a name", type: "concept" }]);
    const r = instantiate(t, { id: "tab", text: table }, { k: 0, start: 0, end: table.length }, settings);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(wordTokens(r.answer).length).toBeLessThan(100);
      expect(table).toContain(r.answer);
    }
    const long = (doc.text + " ").repeat(200);
    const lr = instantiate(tpl("When did <fi>a country</fi> become independent?", [{ description: "a country", type: "place" }]), { id: "l", text: long }, { k: 3, start: 10000, end: 16000 }, settings);
    expect(lr.ok).toBe(true);
    if (lr.ok) expect(lr.excerpts[0].start).toBeGreaterThan(5000);
    const de: Document = { id: "de", text: "Die Hauptstadt von Kenia ist Nairobi. Kenia wurde 1963 unabhängig." };
    const dr = instantiate(tpl("When did <fi>a country</fi> become independent?", [{ description: "a country", type: "place" }]), de, whole(de), settings);
    if (dr.ok) expect(de.text).toContain(dr.answer);
  });

  it("keeps at least the minimum excerpt ratio", () => {
    const r = instantiate(tpl("When did <fi>a country</fi> become independent?", [{ description: "a country", type: "place" }]), doc, whole(doc), { minExcerptRatio: 1, maxAnswerSentences: 1 });
    expect(r.ok && r.excerptRatio).toBe(1);
  });

  it("puts the sentence naming a pronoun's referent first when the answer type is otherwise missing", () => {
    const d: Document = { id: "p", text: "Tom Hanks is an American actor and filmmaker. The weather in Ohio was mild that year. He is best known for his role as Forrest Gump in the film." };
    const r = instantiate(tpl("Who is best known for the role of <fi>a character</fi>?", [{ description: "a character", type: "person" }]), d, whole(d), settings);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.answer.startsWith("Tom Hanks")).toBe(true);
    expect(r.answer).toContain("He is best known");
    expect(r.answer).not.toContain("weather");
    expect(r.excerpts).toHaveLength(2);
  });

  it("counts the fills of the sentence before for a sentence that opens with a pronoun", () => {
    const d: Document = {
      id: "xmas",
      text: '"It\'s the Most Wonderful Time of the Year" is a popular Christmas song written in 1963 by Edward Pola and George Wyle. It was recorded and released that year by pop singer Andy Williams. Williams sang many other songs on his television show.',
    };
    const r = instantiate(tpl("Who sings <fi>title of a song</fi>?", [{ description: "title of a song", type: "work" }]), d, whole(d), settings);
    expect(r.ok && r.answer).toContain("pop singer Andy Williams");
  });

  it("matches inflected and derived forms of a word", () => {
    expect(wordKey("wrote")).toBe(wordKey("written"));
    expect(wordKey("writes")).toBe(wordKey("write"));
    expect(wordKey("played")).toBe(wordKey("plays"));
    expect(wordKey("choreographed")).toBe(wordKey("choreography"));
    expect(wordKey("river")).not.toBe(wordKey("write"));
  });

  it("answers from the sentence whose verb matches the question's in another form", () => {
    const d: Document = { id: "w", text: "Get Over It is a song by the Eagles from their live album. It was the first song written by bandmates Don Henley and Glenn Frey after the reunion." };
    // The opening definition ("… is a song by the Eagles") comes first for a who-question; the sentence matching
    // "wrote" in another form ("written by") follows it.
    const r = instantiate(tpl("Who wrote <fi>title of a song</fi>?", [{ description: "title of a song", type: "work" }]), d, whole(d), settings);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.answer).toContain("written by bandmates Don Henley");
  });

  it("matches a question verb to the verb a document uses for it (come out → premiered)", () => {
    const d: Document = { id: "c", text: "The Ranch is an American comedy series. Filming of The Ranch began on May 2, 2015. The Ranch premiered on Netflix on April 1, 2016." };
    const r = instantiate(tpl("When did <fi>title of a TV series</fi> come out?", [{ description: "title of a TV series", type: "work" }]), d, whole(d), { ...settings, maxAnswerSentences: 1 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.answer).toContain("premiered");
  });

  it("fills from what the document opens with when it is seen as a whole, from the view's centre otherwise", () => {
    const d: Document = { id: "t", text: "The Ranch is an American comedy series that debuted in 2016 on Netflix. " + "It is set on a family farm in Colorado. ".repeat(20) + "Its characters later visit The Alamo in Texas." };
    const t = tpl("When did <fi>title of a TV series</fi> come out?", [{ description: "title of a TV series", type: "work" }]);
    const r = instantiate(t, d, whole(d), settings);
    expect(r.ok && r.fills["title of a TV series"]).toMatch(/Ranch/);
    const end = d.text.length;
    const local = instantiate(t, d, { k: 5, start: end - 120, end }, settings);
    expect(local.ok && local.fills["title of a TV series"]).toMatch(/Alamo/);
  });

  it("scores answer cues: the agent of a passive for who, a calendar date for when", () => {
    const text = "The film was choreographed by Ashley Wallen in May 2016, and premiered on December 8, 2017.";
    const span = (s: string, type: Span["type"], source: string): Span => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, text: s, type, source });
    expect(answerCue("who", [span("Ashley Wallen", "person", "propn-run")], text)).toBeGreaterThan(0);
    expect(answerCue("who", [span("May", "date", "propn-run")], text)).toBe(0);
    expect(answerCue("when", [span("December 8, 2017", "date", "re:date")], text)).toBeGreaterThan(0);
    expect(answerCue("when", [span("2016", "year", "re:year")], text)).toBe(0);
    expect(answerCue("what", [span("Ashley Wallen", "person", "propn-run")], text)).toBe(0);
  });

  it("scores a cast-list entry naming who plays a fill above a passive's agent", () => {
    const text = "Sandy was chosen by Man in the Moon. Chris Pine as Jack Frost, the spirit of winter. Robert California (James Spader) brings his wife.";
    const span = (s: string): Span => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, text: s, type: "person", source: "propn-run" });
    const by = answerCue("who", [span("Man in the Moon")], text, ["jack frost"]);
    expect(answerCue("who", [span("Chris Pine")], text, ["jack frost"])).toBeGreaterThan(by);
    expect(answerCue("who", [span("James Spader")], text, ["robert california"])).toBeGreaterThan(by);
    expect(answerCue("who", [span("Chris Pine")], text, ["sandy"])).toBe(0);
  });

  it("puts the sentence before first when the answer sentence opens with a pronoun", () => {
    const d: Document = { id: "l", text: "Lombard Street is an east-west street in San Francisco that runs from the Presidio to the Embarcadero. It is famous for a steep section with eight hairpin turns. The city has many hills." };
    const r = instantiate(tpl("Which road in <fi>a city</fi> has a steep section with eight hairpin turns?", [{ description: "a city", type: "place" }]), d, whole(d), settings);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.answer).toBe(d.text.slice(0, d.text.indexOf(" The city")));
    expect(r.excerpts).toHaveLength(2);
  });

  it("answers a who-question from the opening definition: the person a document is about, or the maker of the thing it is about", () => {
    const bio: Document = {
      id: "bio",
      text: "James Earl Jones (born January 17, 1931) is an American actor. The voice work of Jones includes Darth Vader in Star Wars and Mufasa in The Lion King.",
    };
    const voice = instantiate(tpl("Who does the voice of <fi>a character</fi> in <fi>title of a film</fi>?", [
      { description: "a character", type: "person" },
      { description: "title of a film", type: "work" },
    ]), bio, whole(bio), settings);
    expect(voice.ok && voice.instruction).not.toContain("James Earl Jones");
    expect(voice.ok && voice.answer).toContain("James Earl Jones (born");
    const song: Document = { id: "song", text: '"It Only Takes a Minute" is a 1975 song by Tavares. The song was sung again by Jonathan King in 1976 and by Take That in 1992.' };
    const sings = instantiate(tpl("Who sings <fi>title of a song</fi>?", [{ description: "title of a song", type: "work" }]), song, whole(song), settings);
    expect(sings.ok && sings.answer).toContain("by Tavares");
    // The maker may come after a list of what they are.
    const listed: Document = { id: "listed", text: '"The Time Is Now" is a song by professional wrestler, actor, and hip hop musician John Cena. Trent Reznor sang the song live with Cena at WrestleMania 22 in 2006.' };
    const who = instantiate(tpl("Who sings <fi>title of a song</fi>?", [{ description: "title of a song", type: "work" }]), listed, whole(listed), settings);
    expect(who.ok && who.answer).toContain("musician John Cena");
  });

  it("fixes articles and capitalisation", () => {
    expect(fluent("what is a apple  ?")).toBe("What is an apple?");
    expect(fluent("is an car fast")).toBe("Is a car fast");
  });

  it("never fills a name with a run of capitalised words from a flattened table", () => {
    const cast: Document = {
      id: "cast",
      text: "Actor Character Season Ernie Hudson Jacob Recurring Brittany Ishibashi Erica Guest Recurring Geoff Stults Mitch Recurring Peter Cambor Barry Recurring. Grace and Frankie is an American comedy series starring Jane Fonda.",
    };
    const r = instantiate(tpl("Who plays <fi>a character</fi> in <fi>title of a television series</fi>?", [
      { description: "a character", type: "person" },
      { description: "title of a television series", type: "work" },
    ]), cast, whole(cast), settings);
    if (r.ok) for (const f of Object.values(r.fills)) expect(f.split(/\s+/).length).toBeLessThanOrEqual(12);
    else expect(r.reason).toBe("no-fill");
  });

  it("fills a character from a cast list, and a number from an ordinal word", () => {
    const film: Document = {
      id: "film",
      text: "The Flintstones is a 1994 American comedy film. The film stars John Goodman as Fred Flintstone, Rick Moranis as Barney Rubble and Elizabeth Perkins as Wilma Flintstone.",
    };
    const who = instantiate(tpl("who plays <fi>a character</fi> in <fi>title of a film</fi>", [
      { description: "a character", type: "person" },
      { description: "title of a film", type: "work" },
    ]), film, whole(film), settings);
    expect(who.ok && ["Fred Flintstone", "Barney Rubble", "Wilma Flintstone"]).toContain(who.ok && who.fills["a character"]);
    const show: Document = { id: "show", text: "The fourth season of Lost premiered on ABC in 2008. It had fourteen episodes." };
    const season = instantiate(tpl("when did season <fi>a number</fi> of <fi>title of a television series</fi> start", [
      { description: "a number", type: "number" },
      { description: "title of a television series", type: "work" },
    ]), show, whole(show), settings);
    expect(season.ok && season.fills["a number"]).toBe("4");
    expect(season.ok && season.instruction).toMatch(/season 4 of Lost/);
  });

  it("fills an unknown word of a lower-case query with a name the document capitalises, not with an unknown common word", () => {
    const text =
      "The Daubert standard provides a rule of evidence regarding the admissibility of expert witnesses' testimony during United States federal legal proceedings. Pursuant to this standard, a party may raise a Daubert motion.";
    // The query "when do judges typically apply the daubert standard": "daubert" is unknown to every lexicon.
    expect(fillOf("when do judges typically apply the <fi>a thing or concept</fi> standard", "concept", text)).toBe("Daubert");
  });

  it("fills the title of a film or series with a capitalised name before a quoted phrase, and a song's with the quoted one", () => {
    const text = 'Cristin Milioti played the title character, known only as "The Mother", in How I Met Your Mother. She also sang "La Vie en rose" in the episode.';
    expect(fillOf("who plays the mother in <fi>title of a film or television series</fi>", "work", text)).toBe("How I Met Your Mother");
    expect(fillOf("who sang <fi>title of a song</fi> in the episode", "work", text)).toBe("La Vie en rose");
  });

  it("fills a concept nothing else fits with what the document defines, unless the template already says it", () => {
    const d: Document = { id: "anthro", text: "Anthropomorphism is the attribution of human traits, emotions, or intentions to non-human entities. It is considered to be an innate tendency of human psychology." };
    const use = instantiate(tpl("the use of <fi>a property</fi> to describe ideas or inanimate objects", [{ description: "a property", type: "concept" }]), d, whole(d), settings);
    expect(use.ok && use.fills["a property"]).toBe("Anthropomorphism");
    const waist: Document = { id: "waist", text: "The waist is the part of the abdomen between the rib cage and hips. On people with slim bodies, the waist is the narrowest part of the torso." };
    const on = instantiate(tpl("where is the waist located on a <fi>a mammal</fi>", [{ description: "a mammal", type: "concept" }]), waist, whole(waist), settings);
    expect(on.ok && on.fills["a mammal"]).not.toBe("waist");
  });

  it("fills a thing or concept with a noun, never with a word known only as a verb, adjective or adverb", () => {
    const vars: TemplateVariable[] = [
      { description: "a thing or concept #1", type: "concept" },
      { description: "a thing or concept #2", type: "concept" },
    ];
    const d: Document = { id: "merger", text: "In 2007 the name was dropped worldwide. The transaction completed in October, when Ritz-Carlton became part of Marriott." };
    const r = instantiate(tpl("When did <fi>a thing or concept #1</fi> become part of <fi>a thing or concept #2</fi>?", vars), d, whole(d), settings);
    // "transaction completed" (a noun and a verb) was the first fill before.
    expect(r.ok && r.instruction).toBe("When did Ritz-Carlton become part of Marriott?");
  });
});
