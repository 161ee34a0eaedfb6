// The run-wide per-template usage cap, split into per-shard quotas.
//
// A cap C over S shards gives every template floor(C/S) matches in every shard, and the C mod S leftover matches
// go to C mod S shards chosen by a hash of (seed, template): a rotation starting at hash % S. The quotas of one
// template sum to exactly C over the run, each shard's quota depends only on (seed, template, shard, S, C), so the
// cap holds across the whole run and the pairs do not depend on which shard runs first or where.
import { hash32 } from "../pipeline/rng";

export function shardQuota(templateId: string, shardIndex: number, shardCount: number, cap: number, seed: number): number {
  if (shardCount <= 0) return cap;
  const base = Math.floor(cap / shardCount);
  const extra = cap % shardCount;
  if (!extra) return base;
  const start = hash32(`quota:${seed}:${templateId}`) % shardCount;
  const pos = (shardIndex - start + shardCount) % shardCount;
  return base + (pos < extra ? 1 : 0);
}

/** The largest per-shard quota: the engine's usage cap for the shard (the others are pre-charged). */
export function perShardCap(shardCount: number, cap: number): number {
  return Math.ceil(cap / Math.max(1, shardCount));
}

/**
 * A usage ledger for one shard, for an engine that drops a template once `usage >= usageCap`: templates whose
 * quota is below the per-shard cap start pre-charged with the difference. Only templates with a lower quota
 * appear, so the map stays small (at most C mod S shards' worth of variation).
 */
export function initialUsage(templateIds: string[], shardIndex: number, shardCount: number, cap: number, seed: number): Map<string, number> {
  const top = perShardCap(shardCount, cap);
  const usage = new Map<string, number>();
  for (const id of templateIds) {
    const q = shardQuota(id, shardIndex, shardCount, cap, seed);
    if (q < top) usage.set(id, top - q);
  }
  return usage;
}

/** Subtract the pre-charge to get real matches per template from a ledger after the shard ran. */
export function realUsage(ledger: Map<string, number>, pre: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, n] of ledger) {
    const real = n - (pre.get(id) ?? 0);
    if (real > 0) out.set(id, real);
  }
  return out;
}
