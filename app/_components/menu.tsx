"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "./ui";

/** A button with a drop-down list of actions (keyboard: arrows, Enter, Esc). */
export function Menu({ label, items, disabled }: { label: string; items: { label: string; onSelect: () => void; danger?: boolean }[]; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener("mousedown", onDown);
    ref.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    return () => window.removeEventListener("mousedown", onDown);
  }, [open]);
  return (
    <div ref={ref} className="relative">
      <Button size="xs" aria-haspopup="menu" aria-expanded={open} disabled={disabled} onClick={() => setOpen((o) => !o)}>
        {label} ▾
      </Button>
      {open && (
        <div
          role="menu"
          aria-label={label}
          className="absolute right-0 z-30 mt-1 min-w-[220px] rounded-md border border-border bg-bg py-1 shadow-lg"
          onKeyDown={(e) => {
            const els = [...(ref.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
            const i = els.indexOf(document.activeElement as HTMLElement);
            if (e.key === "ArrowDown") {
              e.preventDefault();
              els[(i + 1) % els.length]?.focus();
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              els[(i - 1 + els.length) % els.length]?.focus();
            } else if (e.key === "Escape") {
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          {items.map((it) => (
            <button
              key={it.label}
              type="button"
              role="menuitem"
              className="block w-full px-3 py-1.5 text-left text-[12px] hover:bg-bg-hover focus:bg-bg-hover focus:outline-none"
              onClick={() => {
                setOpen(false);
                it.onSelect();
              }}
            >
              {it.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
