"use client";
// A document's text (rendered as text, never HTML) with an answer's excerpts marked and, optionally, a range (a view)
// shaded; the first excerpt is scrolled into view.
import { useEffect, useRef } from "react";
import { cx } from "./ui";

type Range = { start: number; end: number };

export function MarkedText({ text, excerpts, range = null, testId, className }: { text: string; excerpts: Range[]; range?: Range | null; testId: string; className?: string }) {
  // Cut at every boundary; each segment knows whether it lies in the range and/or in an excerpt.
  const cuts = new Set([0, text.length, ...(range ? [range.start, range.end] : []), ...excerpts.flatMap((e) => [e.start, e.end])]);
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const firstExcerpt = points.find((a) => excerpts.some((e) => e.start <= a && a < e.end));
  const first = useRef<HTMLElement>(null);
  // Braces: Chromium's scrollIntoView returns a promise, which React would take for a cleanup function.
  useEffect(() => {
    first.current?.scrollIntoView({ block: "nearest" });
  }, [text, excerpts]);
  return (
    <div data-testid={testId} className={cx("leading-relaxed break-words whitespace-pre-wrap", className)}>
      {points.slice(0, -1).map((a, i) => {
        const b = points[i + 1];
        const inRange = !!range && range.start <= a && b <= range.end && range.end - range.start < text.length;
        const inExcerpt = excerpts.some((e) => e.start <= a && b <= e.end);
        if (!inRange && !inExcerpt) return <span key={a}>{text.slice(a, b)}</span>;
        return (
          <mark key={a} ref={a === firstExcerpt ? first : undefined} data-excerpt={inExcerpt || undefined} className={cx("text-fg", inExcerpt ? "rounded-sm bg-accent-soft font-medium" : "bg-warn-soft")}>
            {text.slice(a, b)}
          </mark>
        );
      })}
    </div>
  );
}
