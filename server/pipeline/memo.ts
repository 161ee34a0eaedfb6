// Caches for the engine's hot paths. Words, descriptions and templates repeat across documents (kept per key, the
// cache emptied when full so memory stays bounded on any corpus); one document is asked about several times in a row
// by successive stages (kept for the last one only).

/** `fn` with its result kept per key; at `max` keys the cache starts over. */
export function memoize<R>(fn: (key: string) => R, max = 100_000): (key: string) => R {
  const cache = new Map<string, R>();
  return (key) => {
    if (cache.has(key)) return cache.get(key)!;
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
