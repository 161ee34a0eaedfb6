"use client";
import { useEffect, useRef, useState } from "react";
import { useHotkeys } from "./hotkeys";
import { cx, formatNumber, inputClass } from "./ui";

/** Debounced search box bound to a value from the URL. "/" focuses it. */
export function SearchBox({
  value,
  onChange,
  placeholder = "Search…",
  label = "Search",
}: {
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  label?: string;
}) {
  const [draft, setDraft] = useState(value);
  const ref = useRef<HTMLInputElement>(null);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  // The URL changed from elsewhere (back button, cleared filters): show it.
  const [prevValue, setPrevValue] = useState(value);
  if (value !== prevValue) {
    setPrevValue(value);
    setDraft(value);
  }
  useEffect(() => {
    if (draft === value) return;
    const t = setTimeout(() => latest.current(draft.trim()), 250);
    return () => clearTimeout(t);
  }, [draft, value]);
  useHotkeys([{ key: "/", description: "Focus the search box", handler: () => ref.current?.focus() }]);
  return (
    <div className="relative max-w-72 min-w-36 flex-1">
      <input
        ref={ref}
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") latest.current(draft.trim());
          if (e.key === "Escape") ref.current?.blur();
        }}
        className={cx(inputClass, "w-full pr-8")}
      />
      <kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2">/</kbd>
    </div>
  );
}

export interface FacetValue {
  value: string;
  label?: string;
  count?: number | null;
}

/** A facet group in the filter sidebar: multi-select with counts (from pre-aggregates). */
export function FacetGroup({
  title,
  values,
  selected,
  onChange,
  max = 12,
}: {
  title: string;
  values: FacetValue[];
  selected: string[];
  onChange: (next: string[]) => void;
  max?: number;
}) {
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? values : values.slice(0, max);
  return (
    <fieldset className="mb-4">
      <legend className="mb-1 flex w-full items-center justify-between text-[11px] font-semibold tracking-wide text-fg-subtle uppercase">
        <span>{title}</span>
        {selected.length > 0 && (
          <button type="button" className="text-[11px] font-normal normal-case text-accent hover:underline" onClick={() => onChange([])}>
            clear
          </button>
        )}
      </legend>
      {values.length === 0 && <div className="text-[11px] text-fg-subtle">none yet</div>}
      <ul className="flex flex-col">
        {shown.map((v) => {
          const on = selected.includes(v.value);
          return (
            <li key={v.value}>
              <label
                className={cx(
                  "flex h-6 cursor-pointer items-center gap-2 rounded px-1 text-[12px] hover:bg-bg-hover",
                  on && "bg-bg-selected",
                )}
              >
                <input
                  type="checkbox"
                  className="accent-[var(--accent)]"
                  checked={on}
                  onChange={() => onChange(on ? selected.filter((s) => s !== v.value) : [...selected, v.value])}
                />
                <span className="min-w-0 flex-1 truncate" title={v.label ?? v.value}>
                  {v.label ?? v.value}
                </span>
                {v.count !== undefined && v.count !== null && <span className="text-[11px] text-fg-subtle tabular-nums">{formatNumber(v.count)}</span>}
              </label>
            </li>
          );
        })}
      </ul>
      {values.length > max && (
        <button type="button" className="mt-1 text-[11px] text-accent hover:underline" onClick={() => setExpanded((e) => !e)}>
          {expanded ? "show fewer" : `show all ${values.length}`}
        </button>
      )}
    </fieldset>
  );
}

export function FilterSidebar({ children, onClearAll, active }: { children: React.ReactNode; onClearAll?: () => void; active?: boolean }) {
  return (
    <nav aria-label="Filters" className="w-56 shrink-0 overflow-y-auto border-r border-border bg-bg-subtle p-3">
      <div className="mb-3 flex items-center justify-between">
        <span className="text-[12px] font-semibold">Filters</span>
        {active && onClearAll && (
          <button type="button" className="text-[11px] text-accent hover:underline" onClick={onClearAll}>
            clear all
          </button>
        )}
      </div>
      {children}
    </nav>
  );
}
