"use client";
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "./ui";

/** A small modal for confirmations and short forms. Esc or the backdrop cancels. */
export function Dialog({
  title,
  children,
  onCancel,
  onConfirm,
  confirmLabel = "Confirm",
  confirmVariant = "primary",
  busy,
  confirmDisabled,
}: {
  title: string;
  children: ReactNode;
  onCancel: () => void;
  onConfirm: () => void;
  confirmLabel?: string;
  confirmVariant?: "primary" | "danger";
  busy?: boolean;
  confirmDisabled?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>("input, textarea, select, button[data-confirm]");
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        onCancel();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [onCancel]);
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center bg-black/40 pt-[15vh]" onClick={onCancel}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        className="w-[440px] rounded-lg border border-border bg-bg shadow-xl"
        onClick={(e) => e.stopPropagation()}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy && !confirmDisabled) onConfirm();
          }}
        >
          <div className="border-b border-border px-4 py-2.5 text-[13px] font-semibold">{title}</div>
          <div className="px-4 py-3 text-[12px]">{children}</div>
          <div className="flex justify-end gap-2 border-t border-border px-4 py-2.5">
            <Button onClick={onCancel}>Cancel</Button>
            <Button type="submit" data-confirm variant={confirmVariant} disabled={busy || confirmDisabled}>
              {busy ? "Working…" : confirmLabel}
            </Button>
          </div>
        </form>
      </div>
    </div>
  );
}
