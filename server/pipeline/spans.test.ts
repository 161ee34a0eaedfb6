import { describe, expect, it } from "vitest";
import { allLowerCase, detectSpans, splitSentences } from "./spans";

const find = (text: string, deep = false) => detectSpans(text, { deep });

describe("detectSpans", () => {
  it("finds typed numbers, dates, money, percentages and years", () => {
    const s = find("Formed in November 1990, it paid $5 million for a 90.04% stake in 2014 and ran 12 km.");
    const byText = Object.fromEntries(s.map((x) => [x.text, x.type]));
    expect(byText["November 1990"]).toBe("date");
    expect(byText["$5 million"]).toBe("money");
    expect(byText["90.04%"]).toBe("quantity");
    expect(byText["2014"]).toBe("year");
    expect(byText["12 km"]).toBe("quantity");
  });

  it("finds proper-noun runs with connectors and classifies them", () => {
    const s = find("The Bank of England met Mr. Smith in Paris and at Microsoft.");
    const texts = s.map((x) => x.text);
    expect(texts).toContain("Bank of England");
    expect(s.find((x) => x.text === "Mr. Smith")?.type).toBe("person");
    expect(s.find((x) => x.text === "Paris")?.type).toBe("place");
    expect(s.find((x) => x.text === "Microsoft")?.type).toBe("organization");
    // A sentence-initial common word is not a name.
    expect(texts).not.toContain("The");
  });

  it("splits a flattened cast list into actors and characters, and keeps an honorific's name after its period", () => {
    const cast = "Kathy Bates as Maime Trotter Glenn Close as Nonnie Hopkins Bill Cobbs as Mr. Randolph Octavia Spencer as Ms. Harris.";
    const prose = "The film was shot in a small town over the summer, and it was later praised for the warmth of its quiet cast. It also stars Rupert Everett as Dr. Claw.";
    const names = find(`${cast} ${prose}`)
      .filter((x) => x.source === "propn-run")
      .map((x) => x.text);
    expect(names).toEqual(["Kathy Bates", "Maime Trotter", "Glenn Close", "Nonnie Hopkins", "Bill Cobbs", "Mr. Randolph", "Octavia Spencer", "Ms. Harris", "Rupert Everett", "Dr. Claw"]);
    // Outside a cast list a long name stays whole.
    expect(find("He met Courtney Rutherford Hopkins Smith in Paris.").map((x) => x.text)).toContain("Courtney Rutherford Hopkins Smith");
  });

  it("keeps a sentence's first word in the name that sentence defines, unless that word is an adverb or adjective", () => {
    const names = (t: string) => find(t).filter((x) => x.source === "propn-run" || x.source === "defined-title").map((x) => x.text);
    expect(names("Gravity Falls is an American animated television series.")).toContain("Gravity Falls");
    expect(names("Game of Thrones is an American fantasy drama.")).toContain("Game of Thrones");
    expect(names("Later Smith was elected mayor.")).toEqual(["Smith"]);
    // "Family" ends in -ly and is a noun.
    expect(names("Family Affair is an American sitcom.")).toContain("Family Affair");
    // Not a definition: the first word stays out.
    expect(names("Gravity Falls towns in Oregon.")).not.toContain("Gravity Falls");
  });

  it("takes a sentence that opens with a title and defines it as a kind of work for one title, small words included", () => {
    const works = (t: string) => find(t).filter((x) => x.type === "work").map((x) => x.text);
    expect(works("To Kill a Mockingbird is a novel by Harper Lee published in 1960.")).toEqual(["To Kill a Mockingbird"]);
    expect(works("Pale Rider is a 1985 American western film produced by Clint Eastwood. Sweetener is the fourth studio album by Ariana Grande.")).toEqual(["Pale Rider", "Sweetener"]);
    // Not a work: a person, a sports series, a pronoun.
    expect(works("Tom Hanks is an American actor and film producer.")).toEqual([]);
    expect(works("The Ashes is a Test cricket series played between England and Australia.")).toEqual([]);
    expect(works("It is a 2003 film directed by Smith.")).toEqual([]);
    expect(works("What is the song from the Apple commercial?")).toEqual([]);
  });

  it("joins two names written with a bare hyphen, and reads '2012-13' as one range of years", () => {
    expect(find("what is tim berner-lee famous for", true).map((x) => x.text)).toEqual(["tim berner-lee"]);
    const season = find("who won the 2012-13 premier league", true);
    expect(season.map((x) => [x.text, x.type])).toContainEqual(["2012-13", "date"]);
    // A range of full years stays two years.
    expect(find("The war lasted 1939-1945.").map((x) => x.text)).toEqual(["1939", "1945"]);
  });

  it("starts a name with a sentence's first word when the text writes that word capitalised elsewhere and never in lower case", () => {
    const names = (t: string) => find(t).filter((x) => x.source === "propn-run").map((x) => x.text);
    expect(names("Chandler works as a manager. In season two Chandler quits.")).toEqual(["Chandler", "Chandler"]);
    // "chandler" in lower case elsewhere: the first word is only a common word.
    expect(names("Chandler works as a manager. A chandler makes candles. Then Chandler quits.")).toEqual(["Chandler"]);
  });

  it("keeps a sentence's first word in a name known whole, and drops a surname an infobox repeats", () => {
    const names = (t: string) => find(t).filter((x) => x.source === "propn-run").map((x) => x.text);
    expect(names("Great Britain competed at the Winter Olympics.")).toContain("Great Britain");
    expect(names("New Zealand won the match.")).toContain("New Zealand");
    expect(find("United States forces landed.").find((x) => x.text === "United States")?.type).toBe("place");
    // Not one name: the first word stays out.
    expect(names("Later Britain joined.")).toEqual(["Britain"]);
    expect(names("Robert Parish Parish in 2005 at the Garden.")).toContain("Robert Parish");
  });

  it("keeps the part of a name before a connector when the run went on into a date", () => {
    const s = find("It was released in the United States and Canada on March 16, 2018, by the studio.");
    expect(s.find((x) => x.text === "Canada")?.type).toBe("place");
    expect(s.find((x) => x.text === "March 16, 2018")?.type).toBe("date");
    // A name that holds the date word loses it, as before: no "Stormy" left over.
    expect(find("He starred in the film Stormy Monday in 1988.").map((x) => x.text)).not.toContain("Stormy");
  });

  it("finds code identifiers, file names, versions and quoted text", () => {
    const s = find('Why does foo_bar() in main.py fail on v2.3.1 with "index out of range"?');
    const texts = s.map((x) => x.text);
    expect(texts).toContain("foo_bar()");
    expect(texts).toContain("main.py");
    expect(s.find((x) => x.text === "v2.3.1")?.type).toBe("code");
    expect(s.find((x) => x.text === "index out of range")?.type).toBe("work");
  });

  it("returns non-overlapping spans whose text matches their offsets", () => {
    const text = "In 1066 William of Normandy defeated Harold at Hastings, England.";
    const s = find(text, true);
    for (let i = 0; i < s.length; i++) {
      expect(text.slice(s[i].start, s[i].end)).toBe(s[i].text);
      if (i > 0) expect(s[i].start).toBeGreaterThanOrEqual(s[i - 1].end);
    }
  });

  it("deep mode finds names in lower-case queries", () => {
    const s = find("what country was dmitri mendeleev born in", true);
    expect(s.some((x) => x.text.includes("mendeleev"))).toBe(true);
  });

  it("handles empty, very long and boundary-less text", () => {
    expect(find("")).toEqual([]);
    const table = Array.from({ length: 400 }, (_, i) => `Player${i} Smith ${1900 + (i % 100)}`).join(" ");
    const s = find(table);
    expect(s.some((x) => x.type === "year")).toBe(true);
    expect(splitSentences(table)).toHaveLength(1);
  });

  it("splits sentences but not after abbreviations or initials", () => {
    const t = "Mr. Smith went to Washington. He met J. Edgar Hoover! Then he left.";
    const s = splitSentences(t).map((r) => t.slice(r.start, r.end));
    expect(s).toEqual(["Mr. Smith went to Washington.", "He met J. Edgar Hoover!", "Then he left."]);
    const r = 'Puerto Rico (lit. "Free Associated State") was built c. 1500 by e.g. Spain. It is an island.';
    expect(splitSentences(r).map((x) => r.slice(x.start, x.end))).toEqual([
      'Puerto Rico (lit. "Free Associated State") was built c. 1500 by e.g. Spain.',
      "It is an island.",
    ]);
  });

  describe("lower-case queries (deep mode)", () => {
    const texts = (q: string) => find(q, true).map((x) => x.text);
    const typed = (q: string, text: string) => find(q, true).find((x) => x.text === text)?.type;

    it("takes a first name with the word after it as a person", () => {
      expect(typed("what is kevin spacey in house of cards", "kevin spacey")).toBe("person");
    });

    it("finds team nicknames only in questions about sport", () => {
      expect(typed("when did the brewers go to the world series", "brewers")).toBe("organization");
      expect(texts("what do bears eat in the winter")).not.toContain("bears");
    });

    it("finds names ending in a naming head noun, but not after 'a'", () => {
      expect(texts("what was the purpose of the hatch act of 1887")).toContain("hatch act");
      expect(texts("where is the privileges and immunities clause found")).toContain("privileges and immunities clause");
      expect(texts("when did the human rights act come into force")).toContain("human rights act");
      expect(texts("is the power of now a religious book")).not.toContain("religious book");
      expect(texts("what is the festival of the dead in mexico")).toContain("festival of the dead");
      expect(texts("who is written in the book of life")).toContain("book of life");
      expect(texts("why was the battle of trenton important to the american revolution")).toContain("battle of trenton");
    });

    it("finds names ending in a naming head that wink misreads, with their numbers", () => {
      expect(texts("when was the 101 freeway built in az")).toContain("101 freeway");
      expect(texts("where does porter airlines fly from in toronto")).toContain("porter airlines");
      expect(typed("where is the john deere classic 2018 played", "john deere classic")).toBe("event");
      expect(texts("when did the brewers go to national league")).toEqual(["brewers", "national league"]);
    });

    it("takes a bare singular subject that WordNet knows as a name, or not as a noun, as a name", () => {
      expect(typed("when does monk find out who killed trudy", "monk")).toBe("person");
      expect(typed("when did jack have a son on will and grace", "jack")).toBe("person");
      expect(texts("when did countrywide merge with bank of america")).toContain("countrywide");
      expect(typed("where is wall drug located in south dakota", "wall drug")).toBe("place");
      expect(texts("where is blood pressure located")).not.toContain("blood pressure");
      // Mass nouns and generic words go bare too.
      expect(texts("when did television come out")).toEqual([]);
      expect(texts("when did man land on the moon")).not.toContain("man");
    });

    it("finds awards 'of the year' and bodies named 'for' their purpose", () => {
      expect(texts("who won 2017-18 nba rookie of the year")).toContain("nba rookie of the year");
      expect(texts("what is the best time of the year to visit")).toEqual([]);
      expect(typed("who funds the institute for the study of war", "institute for the study of war")).toBe("organization");
    });

    it("leaves a leading ordinal or 'time' out of a name", () => {
      expect(texts("which came first battlestar galactica or star wars")).toContain("battlestar galactica");
      expect(texts("when was the last time australia won the ashes")).toContain("australia");
    });

    it("extends a name over the rest of its noun phrase", () => {
      expect(texts("who won the college baseball world series 2017")).toContain("college baseball world series");
      expect(texts("what type of hybrid is the ford fusion")).toContain("ford fusion");
      // A surname, not the verb after it.
      expect(texts("when did jane austen write pride and prejudice")).toContain("jane austen");
    });

    it("finds ordinals, lower-case dates, 'the us' and abbreviations", () => {
      expect(typed("who was the 41st president", "41st")).toBe("number");
      expect(typed("who signed the declaration of independence on august 2 1776", "august 2 1776")).toBe("date");
      expect(typed("where does broccoli come from in the us", "us")).toBe("place");
      expect(texts("when did india become member of un")).toContain("un");
      expect(texts("what do the green lights on xbox 360 mean")).toContain("xbox 360");
    });

    it("leaves capitalised text and fast mode to capitals", () => {
      expect(allLowerCase("what is consumed in combustion")).toBe(true);
      expect(allLowerCase("What is consumed in combustion")).toBe(false);
      expect(find("What was the purpose of the hatch act?", true).map((x) => x.text)).not.toContain("hatch act");
      expect(find("who won the college baseball world series")).toEqual([]);
    });
  });
});
