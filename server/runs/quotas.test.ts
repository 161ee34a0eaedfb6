import { describe, expect, it } from "vitest";
import { initialUsage, perShardCap, realUsage, shardQuota } from "./quotas";
import { planShards, defaultShardSize, mergeSettings } from "./planner";
import { DEFAULT_SETTINGS } from "../pipeline/defaults";
import { sampleOrdinals, locateExcerpts } from "./execute";
import type { OutputRow } from "../pipeline/types";

describe("per-template quotas", () => {
  it("sum to exactly the run-wide cap for any shard count", () => {
    for (const shards of [1, 3, 7, 50, 1000]) {
      for (const cap of [1, 5, 999, 1000]) {
        for (const t of ["a", "b", "template-42"]) {
          let sum = 0;
          for (let s = 0; s < shards; s++) sum += shardQuota(t, s, shards, cap, 7);
          expect(sum).toBe(cap);
        }
      }
    }
  });

  it("depend only on (seed, template, shard), not on order, and spread the remainder over templates", () => {
    const a = Array.from({ length: 10 }, (_, s) => shardQuota("x", s, 10, 15, 1));
    const b = Array.from({ length: 10 }, (_, s) => shardQuota("x", 9 - s, 10, 15, 1)).reverse();
    expect(a).toEqual(b);
    const firstShardExtra = Array.from({ length: 200 }, (_, i) => shardQuota(`t${i}`, 0, 10, 15, 1) - 1).reduce((x, y) => x + y, 0);
    expect(firstShardExtra).toBeGreaterThan(60); // ~half of the templates get their extra match in shard 0
    expect(firstShardExtra).toBeLessThan(140);
  });

  it("pre-charges a ledger so an engine capping at perShardCap honours each quota", () => {
    const ids = Array.from({ length: 50 }, (_, i) => `t${i}`);
    const cap = 7;
    const shards = 3;
    const top = perShardCap(shards, cap);
    for (let s = 0; s < shards; s++) {
      const pre = initialUsage(ids, s, shards, cap, 3);
      for (const id of ids) expect(top - (pre.get(id) ?? 0)).toBe(shardQuota(id, s, shards, cap, 3));
      const ledger = new Map(pre);
      ledger.set("t0", top); // the engine used t0 up to the cap
      expect(realUsage(ledger, pre).get("t0")).toBe(shardQuota("t0", s, shards, cap, 3));
    }
  });
});

describe("planner", () => {
  it("cuts rows into contiguous shards", () => {
    const s = planShards(1001, 250);
    expect(s.map((x) => [x.rowStart, x.rowEnd])).toEqual([[0, 250], [250, 500], [500, 750], [750, 1000], [1000, 1001]]);
    expect(defaultShardSize(100_000)).toBe(2000);
    expect(defaultShardSize(2000)).toBe(250);
  });
  it("merges settings deeply", () => {
    const m = mergeSettings(DEFAULT_SETTINGS, { match: { topN: 3 } }, { judge: { threshold: 5 } });
    expect(m.match.topN).toBe(3);
    expect(m.match.localViews).toBe(DEFAULT_SETTINGS.match.localViews);
    expect(m.judge.threshold).toBe(5);
  });
});

describe("audit sample", () => {
  const row = (i: number, vars: number, score: number): OutputRow =>
    ({ warc_record_id: `d${i}`, template_id: `t${i % 7}`, variable_count: vars, judge_score: score }) as OutputRow;
  it("is stratified, deterministic and covers every stratum", () => {
    const rows = Array.from({ length: 500 }, (_, i) => row(i, 1 + (i % 4), 4 + (i % 2)));
    const a = sampleOrdinals(rows, 0.02, 1);
    expect(a).toEqual(sampleOrdinals(rows, 0.02, 1));
    const strata = new Set(a.map((i) => `${rows[i].variable_count}:${rows[i].judge_score}`));
    expect(strata.size).toBe(4); // (vars, score) combos present in the data: i%4 and i%2 align → 4
    expect(a.length).toBeGreaterThanOrEqual(10);
    expect(sampleOrdinals(rows, 0, 1)).toEqual([]);
  });
  it("locates answer sentences in the document", () => {
    const doc = "Alpha beta gamma. The river is 300 km long. Delta epsilon.";
    expect(locateExcerpts(doc, "The river is 300 km long.")).toEqual([{ start: 18, end: 43 }]);
  });
});
