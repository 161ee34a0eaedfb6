// Caches for the engine's hot paths. Words, descriptions and templates repeat across documents (kept per key, the
// cache emptied when full so memory stays bounded on any corpus); one document is asked about several times in a row
// by successive stages (kept for the last one only).

/** `fn` with its result kept per key; at `max` keys the cache starts over. */
export function memoize<R>(fn: (key: string) => R, max = 100_000): (key: string) => R {
  const cache = new Map<string, R>();
  return (key) => {
    // One lookup on a hit (the common case); has() only tells a stored undefined from a miss.
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as R;
    const value = fn(key);
    if (cache.size >= max) cache.clear();
    cache.set(key, value);
    return value;
  };
}

/** `fn` with its result for the last text kept (the same document passed by the matcher, then instantiate, then the judge). */
export function lastResult<R>(fn: (text: string) => R): (text: string) => R {
  let last: { text: string; value: R } | null = null;
  return (text) => {
    if (last?.text !== text) last = { text, value: fn(text) };
    return last.value;
  };
}

/**
 * `fn` with its results for the last `size` texts kept: the matcher encodes a batch of documents before it matches,
 * instantiates and judges each, so a document's spans are asked for once per batch and again per document.
 */
export function recentResults<R>(fn: (text: string) => R, size: number): (text: string) => R {
  const cache = new Map<string, R>();
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    const value = fn(text);
    if (cache.size >= size) cache.delete(cache.keys().next().value!);
    cache.set(text, value);
    return value;
  };
}
