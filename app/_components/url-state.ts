"use client";
// URL state: every filter, sort, search and open item lives in the query string, so a shared link reopens the same view.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

export type UrlPatch = Record<string, string | string[] | number | boolean | null | undefined>;

export interface UrlState {
  get(key: string): string | null;
  /** Comma-separated list values (`?status=active,retired`). */
  list(key: string): string[];
  set(patch: UrlPatch, opts?: { push?: boolean }): void;
  /** The query string as it is now, for building links. */
  toString(): string;
}

export function useUrlState(): UrlState {
  const sp = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const set = useCallback(
    (patch: UrlPatch, opts?: { push?: boolean }) => {
      const next = new URLSearchParams(sp.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v === null || v === undefined || v === "" || v === false || (Array.isArray(v) && v.length === 0)) next.delete(k);
        else next.set(k, Array.isArray(v) ? v.join(",") : String(v));
      }
      const qs = next.toString();
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (opts?.push) router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    },
    [sp, router, pathname],
  );
  return useMemo(
    () => ({
      get: (k: string) => sp.get(k),
      list: (k: string) => (sp.get(k) ?? "").split(",").filter(Boolean),
      set,
      toString: () => sp.toString(),
    }),
    [sp, set],
  );
}

/** Sorting as `?sort=createdAt&dir=desc`. */
export function useUrlSort(defaultSort: string, defaultDir: "asc" | "desc" = "desc") {
  const url = useUrlState();
  const sort = url.get("sort") ?? defaultSort;
  const dir = (url.get("dir") === "asc" ? "asc" : url.get("dir") === "desc" ? "desc" : defaultDir) as "asc" | "desc";
  return { sort, dir, setSort: (s: string, d: "asc" | "desc") => url.set({ sort: s, dir: d }) };
}
